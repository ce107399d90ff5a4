"""The birth certificate's PDF, read back for each variant."""

import datetime
import re

import pytest

from etatcivil.kinds.birth import SLUG
from guichet import issuing
from guichet.models import KindSettings
from tests.factories import (
    DocumentRequestFactory,
    MarginalMentionFactory,
    PersonFactory,
    birth_act,
)
from tests.pdf_tools import layout_lines, needs_poppler, page_count, structure_rows
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


def render(act, variant, **kwargs):
    request = DocumentRequestFactory(
        kind=SLUG,
        subject_niss=act.person.niss,
        applicant_niss=act.person.niss,
        details={"variant": variant},
        purpose_label="Mutuelle",
    )
    rendered = issuing.render(document_request=request, **kwargs)
    return " ".join(pdf_text(rendered.pdf).split()), rendered


def test_extract_shows_the_current_data_and_no_marginal_mention(act):
    text, rendered = render(act, "extrait")
    assert "EXTRAIT D'ACTE DE NAISSANCE" in text
    assert "Camille Marie" in text  # the first names as changed by the mention
    assert "DUPONT" in text
    assert "30 juillet 1985" in text
    assert "14 h 35" in text  # time of birth, as written in French
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
    # As drawn up, before the change of first names; each value after its label.
    assert "Nom DUPONT Prénoms Camille Sexe Féminin" in text
    assert "Mentions marginales" in text
    assert RENAMED in text
    assert RECOGNISED in text
    assert "03/03/1986" in text and "01/09/1990" in text
    assert rendered.verification_code in text


def test_plurilingual_extract_labels_in_french_english_dutch_and_german(act):
    text, _rendered = render(act, "plurilingue")
    for label in (
        "Nom Surname · Naam · Familienname",
        "Prénoms Forenames · Voornamen · Vornamen",
        "Date de naissance Date of birth · Geboortedatum · Geburtsdatum",
        "Lieu de naissance Place of birth · Geboorteplaats · Geburtsort",
        "Parent Parent · Ouder · Elternteil",
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


LONG_LAST_NAME = "Van den Bossche-Lefèvre d'Ursel de Montmorency-Laval"
LONG_FIRST_NAMES = "Marie-Charlotte Éléonore Joséphine Adélaïde Bénédicte"


@pytest.fixture
def long_named_act():
    """Every value as long as a real one can be: names and place on two lines."""
    person = PersonFactory(
        last_name=LONG_LAST_NAME,
        first_names=LONG_FIRST_NAMES,
        birth_date=datetime.date(1985, 7, 1),
    )
    return birth_act(
        person,
        birth_time=datetime.time(13, 6),
        birth_place="Saint-Georges-sur-Meuse (Province de Liège)",
        parent1_last_name="Van den Bossche-Lefèvre d'Ursel de Montmorency-Laval",
        parent1_first_names="Anne-Sophie Marguerite",
        parent2_last_name="Schmitz-Vandenberghe",
        parent2_first_names="Jean-Baptiste Hubert Marie",
    )


def line_with(lines, label):
    """The `pdftotext -layout` line where the French label starts its row."""
    found = [
        line
        for line in lines
        if (row := re.match(r"\s*\d+\s+(.+?)(\s{2,}|$)", line)) and row.group(1) == label
    ]
    assert found, f"no line starts with the label {label!r}"
    return found


@needs_poppler
def test_plurilingual_extract_puts_each_value_on_the_line_of_its_french_label(long_named_act):
    act = long_named_act
    _text, rendered = render(
        act, "plurilingue", at=datetime.datetime(2026, 12, 1, 13, 6, tzinfo=datetime.UTC)
    )
    lines = layout_lines(rendered.pdf)
    expected = [
        ("État", "BE"),
        ("Autorité qui délivre l'extrait", "Commune de Val-des-Sources"),
        ("Acte (commune, année, numéro)", f"Val-des-Sources, {act.year}, {act.number}"),
        ("Nom", "VAN DEN BOSSCHE-LEFÈVRE"),  # the rest of the long name on the next line
        ("Prénoms", "Marie-Charlotte"),
        ("Sexe", act.sex),
        ("Date de naissance", "01.07.1985"),
        ("Heure de naissance", "13:06"),
        ("Lieu de naissance", "Saint-Georges-sur-Meuse"),
        ("Date de délivrance", "01.12.2026"),
    ]
    for label, value in expected:
        (line,) = line_with(lines, label)
        assert value in line, f"{label!r} and {value!r} are not on one line: {line!r}"
        assert line.index(label) < line.index(value)
    parents = line_with(lines, "Parent")
    assert len(parents) == 2
    assert "VAN DEN BOSSCHE-LEFÈVRE" in parents[0]
    assert "SCHMITZ-VANDENBERGHE" in parents[1]
    # The other languages sit under their French label, never beside another item's value.
    (surname,) = [line for line in lines if "Surname · Naam · Familienname" in line]
    assert "F" not in surname.split("Familienname")[1].split()


@needs_poppler
def test_plurilingual_extract_with_long_values_fits_on_one_page(long_named_act):
    _text, rendered = render(long_named_act, "plurilingue")
    assert page_count(rendered.pdf) == 1
    text = " ".join(pdf_text(rendered.pdf).split())
    assert "Document délivré par voie électronique" in text  # the footer made it too


@needs_poppler
@pytest.mark.parametrize("variant", ["extrait", "copie", "plurilingue"])
def test_a_screen_reader_hears_each_label_before_its_value(long_named_act, variant):
    _text, rendered = render(long_named_act, variant)
    rows = dict(structure_rows(rendered.pdf))
    name_label = "Nom Surname · Naam · Familienname" if variant == "plurilingue" else "Nom"
    # A name broken over two lines at its hyphen comes back as two spans.
    assert rows[name_label].replace("- ", "-") == LONG_LAST_NAME.upper()


def test_the_civil_status_officer_issues_birth_certificates(act):
    KindSettings.objects.filter(kind=SLUG).update(
        signatory_name="Claire Dumont", signatory_function="Échevine de l'état civil"
    )
    for variant in ("extrait", "copie", "plurilingue"):
        text, _rendered = render(act, variant)
        assert "L'officier de l'état civil, Claire Dumont Échevine de l'état civil" in text


def test_birth_dates_and_times_are_written_in_french(act):
    act.birth_date = datetime.date(1985, 7, 1)
    act.birth_time = datetime.time(9, 5)
    act.save()
    at = datetime.datetime(2026, 12, 1, 12, 6, tzinfo=datetime.UTC)
    text, _rendered = render(act, "extrait", at=at)
    assert "1er juillet 1985" in text
    assert "9 h 05" in text
    assert "le 1er décembre 2026" in text
    copy, _rendered = render(act, "copie", at=at)
    assert "9 h 05" in copy and "1er juillet 1985" in copy
