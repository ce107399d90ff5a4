"""The birth certificate's PDF, read back for each variant."""

import datetime

import pytest

from etatcivil.kinds.birth import SLUG
from guichet import issuing
from tests.factories import (
    DocumentRequestFactory,
    MarginalMentionFactory,
    PersonFactory,
    birth_act,
)
from tests.population.ordering import pdf_text

pytestmark = pytest.mark.django_db
RENAMED = "Les prénoms de l'enfant sont désormais : Camille Marie."
RECOGNISED = "Reconnaissance de l'enfant par Paul Lambert, le 3 mars 1986."


@pytest.fixture
def act():
    person = PersonFactory(
        last_name="Dupont", first_names="Camille Marie", birth_date=datetime.date(1985, 7, 30)
    )
    act = birth_act(person, first_names="Camille", parent2_last_name="", parent2_first_names="")
    MarginalMentionFactory(
        act=act, date=datetime.date(1986, 3, 3), nature="recognition", text=RECOGNISED
    )
    MarginalMentionFactory(
        act=act,
        date=datetime.date(1990, 9, 1),
        nature="first_names",
        text=RENAMED,
        new_first_names="Camille Marie",
    )
    return act


def render(act, variant):
    request = DocumentRequestFactory(
        kind=SLUG,
        subject_niss=act.person.niss,
        applicant_niss=act.person.niss,
        details={"variant": variant},
        purpose_label="Mutuelle",
    )
    rendered = issuing.render(document_request=request)
    return " ".join(pdf_text(rendered.pdf).split()), rendered


def test_extract_shows_the_current_data_and_no_marginal_mention(act):
    text, rendered = render(act, "extrait")
    assert "EXTRAIT D'ACTE DE NAISSANCE" in text
    assert "Camille Marie" in text  # the first names as changed by the mention
    assert "DUPONT" in text
    assert "30 juillet 1985" in text
    assert "14:35" in text  # time of birth
    assert f"Val-des-Sources, année {act.year}, n° {act.number}" in text
    assert "DUPONT Anne" in text  # filiation
    assert "Mentions marginales" not in text
    assert "désormais" not in text
    assert "Reconnaissance" not in text
    assert rendered.verification_code in text


def test_copy_shows_the_original_data_and_every_marginal_mention(act):
    text, rendered = render(act, "copie")
    assert "COPIE INTÉGRALE D'ACTE DE NAISSANCE" in text
    assert "L'acte tel qu'il a été dressé" in text
    assert "DUPONT Camille Féminin" in text  # as drawn up, before the change of first names
    assert "Mentions marginales" in text
    assert RENAMED in text
    assert RECOGNISED in text
    assert "03/03/1986" in text and "01/09/1990" in text
    assert rendered.verification_code in text


def test_plurilingual_extract_labels_in_french_english_dutch_and_german(act):
    text, _rendered = render(act, "plurilingue")
    for label in (
        "Nom Surname Naam Familienname",
        "Prénoms Forenames Voornamen Vornamen",
        "Date de naissance Date of birth Geboortedatum Geburtsdatum",
        "Lieu de naissance Place of birth Geboorteplaats Geburtsort",
        "Parent Parent Ouder Elternteil",
    ):
        assert label in text
    # Values are not translated: the same data as the extract, dates in figures.
    assert "DUPONT" in text and "Camille Marie" in text
    assert "30.07.1985" in text
    assert "Val-des-Sources" in text
    assert "désormais" not in text


def test_a_paper_act_cannot_be_issued_before_it_is_digitised(act):
    act.digitised = False
    act.save()
    request = DocumentRequestFactory(
        kind=SLUG, subject_niss=act.person.niss, details={"variant": "extrait"}
    )
    with pytest.raises(issuing.IssuingError, match="acte sur papier"):
        issuing.render(document_request=request)
