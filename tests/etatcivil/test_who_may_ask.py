"""Who may ask for a birth act, and which requests are issued at once: one test per case,
each going through the real ordering steps."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guichet.constants import Assurance, State
from guichet.models import DocumentRequest
from population.constants import HouseholdRelation
from tests.factories import (
    PersonFactory,
    birth_act,
    family,
    make_citizen,
    make_household,
)
from tests.population.ordering import field_errors, finish, post_details, post_subject, sign_in

pytestmark = pytest.mark.django_db
KIND = "acte-naissance"


@dataclass
class World:
    parent: object
    partner: object
    child: object
    neighbour: object
    ancestor: object  # died long ago: an act of more than 100 years
    stranger: object  # born elsewhere: no act here


@pytest.fixture
def world():
    parent, partner, child = family()
    birth_act(parent)
    birth_act(child, parents=[parent, partner])
    neighbour = PersonFactory(first_names="Paul", last_name="Henrard")
    make_household((neighbour, HouseholdRelation.REFERENCE))
    birth_act(neighbour)
    ancestor = PersonFactory(
        first_names="Henri",
        last_name="Lejeune",
        birth_date=datetime.date(1915, 3, 1),
        death_date=datetime.date(1990, 6, 1),
    )
    birth_act(ancestor)
    stranger = PersonFactory(first_names="Ilse", last_name="Maes", birth_place="Gand")
    make_household((stranger, HouseholdRelation.REFERENCE))
    return World(parent, partner, child, neighbour, ancestor, stranger)


def poa():
    return SimpleUploadedFile(
        "procuration.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf"
    )


@dataclass
class Case:
    applicant: str  # World attribute signing in
    subject: dict  # the "pour qui" answers; "{x}" in subject_niss names a World attribute
    expected: str  # "issued", "clerk" or "refused"
    message: str = ""  # part of the review reason (clerk) or of the error (refused)
    where: str = "subject_niss"  # the field showing a refusal
    level: str = Assurance.HIGH
    variant: str = "extrait"
    setup: dict = field(default_factory=dict)


def third(who, relationship, with_poa=False):
    data = {"subject_type": "third_party", "subject_niss": who, "relationship": relationship}
    if relationship == "other":
        data["relationship_detail"] = "Recherche généalogique"
    if with_poa:
        data["power_of_attorney"] = "poa"
    return data


CASES = {
    "the person, strongly signed in, own electronic act: issued at once": Case(
        "parent", {"subject_type": "self"}, "issued"
    ),
    "the person, copy of their own act: issued at once": Case(
        "parent", {"subject_type": "self"}, "issued", variant="copie"
    ),
    "the person, weak sign-in: clerk": Case(
        "parent",
        {"subject_type": "self"},
        "clerk",
        "niveau d'authentification",
        level=Assurance.LOW,
    ),
    "the person, paper act: clerk, to digitise": Case(
        "parent", {"subject_type": "self"}, "clerk", "Acte sur papier", setup={"paper": "parent"}
    ),
    "the person born elsewhere: told why and where to go instead": Case(
        "stranger",
        {"subject_type": "self"},
        "not_eligible",
        "Nous ne trouvons pas votre acte de naissance",
    ),
    "parent of a minor, named in the act: issued at once": Case(
        "parent",
        {"subject_type": "minor_child", "child": "autre", "child_niss": "{child}"},
        "issued",
    ),
    "parent of a minor, plurilingual extract: issued at once": Case(
        "partner",
        {"subject_type": "minor_child", "child": "autre", "child_niss": "{child}"},
        "issued",
        variant="plurilingue",
    ),
    "legal representative not named in the act: clerk checks": Case(
        "neighbour",
        {"subject_type": "minor_child", "child": "autre", "child_niss": "{child}"},
        "clerk",
        "représentation légale à vérifier",
    ),
    "'minor child' who is an adult: refused": Case(
        "child",
        {"subject_type": "minor_child", "child": "autre", "child_niss": "{parent}"},
        "refused",
        "Cette personne est majeure",
        where="child_niss",
    ),
    "spouse or legal cohabitant, no power of attorney needed: clerk": Case(
        "partner", third("{parent}", "spouse"), "clerk", "Conjoint ou cohabitant légal"
    ),
    "ascendant: clerk": Case("parent", third("{child}", "parent"), "clerk", "qualité à vérifier"),
    "descendant: clerk": Case("child", third("{parent}", "child"), "clerk", "qualité à vérifier"),
    "heir: clerk": Case("neighbour", third("{ancestor}", "heir"), "clerk", "Acte de plus de 100"),
    "heir of a recent act: clerk": Case(
        "neighbour", third("{parent}", "heir"), "clerk", "Héritier"
    ),
    "notary: clerk": Case("neighbour", third("{parent}", "notary"), "clerk", "Notaire"),
    "lawyer: clerk": Case("neighbour", third("{parent}", "lawyer"), "clerk", "Avocat"),
    "anyone with a power of attorney: clerk checks it": Case(
        "neighbour",
        third("{parent}", "mandatary", with_poa=True),
        "clerk",
        "procuration à vérifier",
    ),
    "proxy without the power of attorney: refused": Case(
        "neighbour",
        third("{parent}", "mandatary"),
        "refused",
        "Joignez la procuration",
        where="power_of_attorney",
    ),
    "anyone else, act under 100 years: refused without power of attorney": Case(
        "neighbour",
        third("{parent}", "other"),
        "refused",
        "Joignez la procuration",
        where="power_of_attorney",
    ),
    "anyone, act of 100 years or more: no power of attorney, clerk": Case(
        "neighbour", third("{ancestor}", "other"), "clerk", "Acte de plus de 100 ans"
    ),
    "someone with no act in the commune: refused": Case(
        "neighbour",
        third("{stranger}", "spouse"),
        "refused",
        "Aucun acte de naissance n'est enregistré",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_who_may_ask_for_a_birth_act(client, world, case):
    for attribute in case.setup.values():
        person = getattr(world, attribute)
        person.birth_act.digitised = False
        person.birth_act.save()
    subject = {
        key: (getattr(world, value[1:-1]).niss if str(value).startswith("{") else value)
        for key, value in case.subject.items()
    }
    if subject.get("power_of_attorney") == "poa":
        subject["power_of_attorney"] = poa()
    sign_in(client, make_citizen(getattr(world, case.applicant)), level=case.level)

    response = post_subject(client, KIND, subject)
    if case.expected == "not_eligible":
        assert response.status_code == 200
        assert "guichet/order/not_eligible.html" in [t.name for t in response.templates]
        assert case.message in response.context["reason"]
        assert not DocumentRequest.objects.exists()
        return
    if case.expected == "refused":
        assert response.status_code == 400
        assert case.message in field_errors(response, "form", case.where)
        assert not DocumentRequest.objects.exists()
        return
    assert response.status_code == 302, response.content.decode()[:2000]
    response = post_details(client, KIND, purpose="mutuelle", details={"d-variant": case.variant})
    assert response.status_code == 302, response.content.decode()[:2000]
    finish(client, KIND)

    request = DocumentRequest.objects.get()
    if case.expected == "issued":
        assert request.state == State.ISSUED, request.review_reason
        assert request.channel == "auto"
    else:
        assert request.state == State.SUBMITTED
        assert case.message in request.review_reason
