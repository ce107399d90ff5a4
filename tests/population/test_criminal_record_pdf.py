"""The criminal record extract's PDF, read back for each model."""

import datetime

import pytest

from guichet import issuing
from population.constants import HouseholdRelation
from population.kinds.criminal_record import SLUG
from tests.factories import (
    CriminalRecordEntryFactory,
    DocumentRequestFactory,
    PersonFactory,
    make_household,
)
from tests.population.ordering import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    person = PersonFactory(
        last_name="Renard",
        first_names="Benoît Paul",
        birth_date=datetime.date(1985, 7, 30),
        birth_place="Dinant",
        nationality="Belge",
    )
    make_household((person, HouseholdRelation.REFERENCE))
    return person


def render(person, model, purpose="Enseignement"):
    request = DocumentRequestFactory(
        kind=SLUG,
        subject_niss=person.niss,
        applicant_niss=person.niss,
        details={"model": model},
        purpose_label=purpose,
    )
    rendered = issuing.render(document_request=request)
    return " ".join(pdf_text(rendered.pdf).split()), rendered


def test_blank_record_says_neant_with_the_full_identity(person):
    text, rendered = render(person, "595", purpose="Recherche d'emploi")
    assert "EXTRAIT DE CASIER JUDICIAIRE" in text
    assert "Modèle 595 — article 595 du Code d'instruction criminelle" in text
    assert "RENARD" in text and "Benoît Paul" in text
    assert "30 juillet 1985, Dinant" in text
    assert "Belge" in text
    assert person.memberships.get().household.address.street in text
    assert f"{person.niss[:2]}.{person.niss[2:4]}.{person.niss[4:6]}-" in text  # full NISS
    assert person.niss[6:9] + "." + person.niss[9:] in text
    assert "Extrait délivré pour : Recherche d'emploi" in text
    assert "Néant" in text
    assert rendered.verification_code in text


def test_model_596_2_shows_a_decision_hidden_on_model_595(person):
    CriminalRecordEntryFactory(
        person=person, minors_only=True, offence="Coups et blessures volontaires"
    )
    text_595, _ = render(person, "595")
    text_5962, _ = render(person, "596.2")
    assert "Néant" in text_595
    assert "Coups et blessures volontaires" not in text_595
    assert "Néant" not in text_5962
    assert "Coups et blessures volontaires" in text_5962
    assert "Tribunal correctionnel de Namur" in text_5962
    assert "14/05/2019" in text_5962
    assert "Modèle 596.2 — article 596, alinéa 2" in text_5962


def test_model_596_1_shows_its_decisions_and_never_an_effaced_one(person):
    CriminalRecordEntryFactory(person=person, offence="Port d'arme prohibée", on_595=False)
    CriminalRecordEntryFactory(person=person, offence="Excès de vitesse", effaced=True)
    text, _ = render(person, "596.1", purpose="Gardiennage")
    assert "Modèle 596.1 — article 596, alinéa 1er" in text
    assert "Port d'arme prohibée" in text
    assert "Excès de vitesse" not in text
    assert "Néant" not in text


def test_model_596_2_is_never_rendered_during_pretrial_detention(person):
    from population.models import PretrialDetention

    PretrialDetention.objects.create(person=person, since=datetime.date(2025, 12, 1))
    with pytest.raises(issuing.IssuingError, match="détention préventive"):
        render(person, "596.2")
