"""Who may ask for a criminal record extract, for which model, and which requests are issued
at once: one test per case, each going through the real ordering steps."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from guichet.constants import Assurance, State
from guichet.models import DocumentRequest
from population.constants import HouseholdRelation
from population.models import PretrialDetention
from tests.factories import (
    CriminalRecordEntryFactory,
    PersonFactory,
    make_citizen,
    make_household,
)
from tests.population.ordering import field_errors, finish, post_details, post_subject, sign_in

pytestmark = pytest.mark.django_db
KIND = "casier-judiciaire"
PURPOSE = {"595": "595-emploi", "596.1": "5961-taxi", "596.2": "5962-enseignement"}


def years_ago(years, days=0):
    today = timezone.localdate()
    try:
        anniversary = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        anniversary = today.replace(year=today.year - years, day=28)
    return anniversary - datetime.timedelta(days=days)


def resident(first_names, birth_date=datetime.date(1985, 7, 30)):
    person = PersonFactory(first_names=first_names, last_name="Martin", birth_date=birth_date)
    make_household((person, HouseholdRelation.REFERENCE))
    return person


@dataclass
class Case:
    model: str
    # "issued", "clerk", "not eligible" (a page saying why and where to go instead),
    # "refused at subject", "refused at details"
    expected: str
    message: str = ""
    where: str = "subject_type"  # the field showing a refusal
    proxy: bool = False  # asked by a neighbour for the subject
    proxy_poa: bool = True
    relationship: str = "mandatary"
    level: str = Assurance.HIGH
    entries: list = field(default_factory=list)  # CriminalRecordEntryFactory kwargs
    detained: str = ""  # "", "now" or "ended"
    subject_age: tuple = ()  # (years, days) when the age matters
    domiciled: bool = True
    purpose: str = ""
    settings: dict = field(default_factory=dict)


CASES = {
    "595, blank record, strong sign-in: issued at once": Case("595", "issued"),
    "596.1, blank record: issued at once": Case("596.1", "issued"),
    "596.2, blank record: issued at once": Case("596.2", "issued"),
    "weak sign-in: clerk": Case("595", "clerk", "niveau d'authentification", level=Assurance.LOW),
    "595 with a decision shown on 595: clerk": Case(
        "595", "clerk", "visible(s) sur le modèle 595", entries=[{}]
    ),
    "595 with a decision shown on 596.2 only: issued at once (nothing visible)": Case(
        "595", "issued", entries=[{"minors_only": True}]
    ),
    "596.2 with a decision shown on 596.2 only: clerk": Case(
        "596.2", "clerk", "visible(s) sur le modèle 596.2", entries=[{"minors_only": True}]
    ),
    "596.2 with an effaced decision: issued at once": Case(
        "596.2", "issued", entries=[{"effaced": True}]
    ),
    "not domiciled in the commune: not eligible": Case(
        "595", "not eligible", "pas domicilié(e) dans la commune", domiciled=False
    ),
    "aged 15: not eligible (minimum age 16)": Case(
        "595", "not eligible", "qu'à partir de 16 ans", subject_age=(16, -1)
    ),
    "aged 16 today: issued": Case("595", "issued", subject_age=(16, 0)),
    "minimum age set to 18, aged 17: not eligible": Case(
        "595",
        "not eligible",
        "qu'à partir de 18 ans",
        subject_age=(17, 0),
        settings={"CRIMINAL_RECORD_MIN_AGE": 18},
    ),
    "proxy with power of attorney, 595: clerk": Case(
        "595", "clerk", "mandataire : procuration à vérifier", proxy=True
    ),
    "proxy with power of attorney, 596.1: clerk": Case(
        "596.1", "clerk", "mandataire : procuration à vérifier", proxy=True
    ),
    "proxy, 596.2: refused (never by proxy)": Case(
        "596.2",
        "refused at details",
        "ne peut pas être demandé par un mandataire",
        where="model",
        proxy=True,
    ),
    "proxy without power of attorney: refused": Case(
        "595",
        "refused at subject",
        "Joignez la procuration",
        where="power_of_attorney",
        proxy=True,
        proxy_poa=False,
    ),
    "third party other than a proxy (spouse): refused": Case(
        "595",
        "refused at subject",
        "choix valide",
        where="relationship",
        proxy=True,
        relationship="spouse",
    ),
    "proxy for someone not domiciled here: refused": Case(
        "595",
        "refused at subject",
        "n'est pas domiciliée dans la commune",
        where="subject_niss",
        proxy=True,
        domiciled=False,
    ),
    "596.2 while in pre-trial detention: refused with the legal reason": Case(
        "596.2",
        "refused at details",
        "détention préventive (article 596, alinéa 4, du Code d'instruction criminelle)",
        where="model",
        detained="now",
    ),
    "595 while in pre-trial detention: issued (only 596.2 is barred)": Case(
        "595", "issued", detained="now"
    ),
    "596.2 after the pre-trial detention ended: issued": Case("596.2", "issued", detained="ended"),
    "596.2 with a purpose of model 595: refused next to the purpose": Case(
        "596.2",
        "refused at details",
        "ne vaut que pour « Modèle 595 »",
        where="purpose",
        purpose="595-emploi",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_who_may_ask_for_a_criminal_record_extract(client, settings, case):
    for name, value in case.settings.items():
        setattr(settings, name, value)
    birth = years_ago(*case.subject_age) if case.subject_age else datetime.date(1985, 7, 30)
    if case.domiciled:
        subject = resident("Jean", birth)
    else:
        subject = PersonFactory(first_names="Jean", birth_date=birth)  # moved away: no household
    for entry in case.entries:
        CriminalRecordEntryFactory(person=subject, **entry)
    if case.detained:
        PretrialDetention.objects.create(
            person=subject,
            since=years_ago(1),
            ended_on=years_ago(0, 10) if case.detained == "ended" else None,
        )
    applicant = resident("Anne") if case.proxy else subject
    sign_in(client, make_citizen(applicant), level=case.level)

    answers = {"subject_type": "self"}
    if case.proxy:
        answers = {
            "subject_type": "third_party",
            "subject_niss": subject.niss,
            "relationship": case.relationship,
        }
        if case.proxy_poa:
            answers["power_of_attorney"] = SimpleUploadedFile(
                "procuration.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf"
            )
    response = post_subject(client, KIND, answers)
    if case.expected == "not eligible":
        assert response.status_code == 200
        assert case.message in response.context["reason"]
        assert "Vous ne pouvez pas utiliser ce service en ligne" in response.content.decode()
        return
    if case.expected == "refused at subject":
        assert response.status_code == 400
        assert case.message in field_errors(response, "form", case.where)
        return
    assert response.status_code == 302, response.content.decode()[:2000]

    response = post_details(
        client, KIND, purpose=case.purpose or PURPOSE[case.model], details={"d-model": case.model}
    )
    if case.expected == "refused at details":
        assert response.status_code == 400
        form = "form" if case.where == "purpose" else "details_form"
        assert case.message in field_errors(response, form, case.where)
        assert case.model in response.content.decode()  # the choice is kept
        assert not DocumentRequest.objects.exists()
        return
    assert response.status_code == 302, response.content.decode()[:2000]
    finish(client, KIND)

    request = DocumentRequest.objects.get()
    assert request.details == {"model": case.model}
    if case.expected == "issued":
        assert request.state == State.ISSUED, request.review_reason
        assert request.channel == "auto"
    else:
        assert request.state == State.SUBMITTED
        assert case.message in request.review_reason


def test_a_detention_recorded_before_confirmation_refuses_596_2_at_submission(client):
    """The details step allowed it; the register changed before the citizen confirmed."""
    subject = resident("Jean")
    sign_in(client, make_citizen(subject), level=Assurance.HIGH)
    assert post_subject(client, KIND, {"subject_type": "self"}).status_code == 302
    response = post_details(client, KIND, purpose=PURPOSE["596.2"], details={"d-model": "596.2"})
    assert response.status_code == 302
    PretrialDetention.objects.create(person=subject, since=years_ago(0, 3))
    check, response = finish(client, KIND)
    assert response.status_code == 400
    page = response.content.decode()
    assert "détention préventive" in page
    assert not DocumentRequest.objects.exists()
