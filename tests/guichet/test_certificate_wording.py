"""What every certificate says about itself: who issues it (per kind, from KindSettings),
dates and times as written in French, and the clerk's preview that cannot pass for a
document."""

import datetime
import io

import pypdf
import pytest
from django.utils import translation

from etatcivil.kinds.birth import SLUG as BIRTH
from guichet import issuing
from guichet.formats import clock, long_date
from guichet.models import KindSettings
from population.constants import HouseholdRelation
from population.kinds.criminal_record import SLUG as CRIMINAL_RECORD
from population.kinds.household import SLUG as HOUSEHOLD
from tests.factories import DocumentRequestFactory, PersonFactory, birth_act, make_household
from tests.pdf_tools import needs_poppler, structure
from tests.population.ordering import pdf_text

pytestmark = pytest.mark.django_db
ISSUED_AT = datetime.datetime(2026, 12, 1, 12, 6, tzinfo=datetime.UTC)  # 13 h 06 in Brussels


@pytest.fixture
def person():
    person = PersonFactory(
        last_name="Renard", first_names="Benoît", birth_date=datetime.date(1985, 7, 1)
    )
    make_household((person, HouseholdRelation.REFERENCE))
    birth_act(person)
    return person


def request_for(person, kind):
    details = {BIRTH: {"variant": "extrait"}, CRIMINAL_RECORD: {"model": "595"}}.get(kind, {})
    return DocumentRequestFactory(
        kind=kind,
        subject_niss=person.niss,
        applicant_niss=person.niss,
        details=details,
        purpose_label="Mutuelle",
    )


def text_of(pdf):
    return " ".join(pdf_text(pdf).split())


@pytest.mark.parametrize("kind", [HOUSEHOLD, CRIMINAL_RECORD])
def test_population_certificates_are_issued_for_the_college_by_delegation(person, kind):
    KindSettings.objects.filter(kind=kind).update(
        signatory_name="Sophie Renard", signatory_function="Cheffe du service Population"
    )
    rendered = issuing.render(document_request=request_for(person, kind), at=ISSUED_AT)
    assert (
        "Pour le Collège communal, par délégation, Sophie Renard Cheffe du service Population"
        in text_of(rendered.pdf)
    )


def test_each_kind_names_its_own_signatory(person):
    KindSettings.objects.filter(kind=BIRTH).update(signatory_name="Isabelle Warnier")
    KindSettings.objects.filter(kind=HOUSEHOLD).update(signatory_name="Sophie Renard")
    birth = text_of(issuing.render(document_request=request_for(person, BIRTH)).pdf)
    household = text_of(issuing.render(document_request=request_for(person, HOUSEHOLD)).pdf)
    # The civil-status officer, with the kind's default function when the commune set none.
    assert "L'officier de l'état civil, Isabelle Warnier Officier de l'état civil délégué" in birth
    assert "Sophie Renard" not in birth
    assert "Isabelle Warnier" not in household


def test_the_commune_may_reword_the_formula(person):
    KindSettings.objects.filter(kind=BIRTH).update(
        signatory_formula="Pour l'officier de l'état civil, par délégation,",
        signatory_name="Marc Gilson",
        signatory_function="Agent délégué",
    )
    text = text_of(issuing.render(document_request=request_for(person, BIRTH)).pdf)
    assert "Pour l'officier de l'état civil, par délégation, Marc Gilson Agent délégué" in text


@pytest.mark.parametrize("kind", [BIRTH, HOUSEHOLD, CRIMINAL_RECORD])
def test_the_issue_date_is_written_in_french(person, kind):
    text = text_of(issuing.render(document_request=request_for(person, kind), at=ISSUED_AT).pdf)
    assert "Fait à Val-des-Sources, le 1er décembre 2026." in text


def test_the_household_certificate_dates_its_composition_in_words(person):
    request = request_for(person, HOUSEHOLD)
    request.details = {"on_date": "2026-11-01"}
    request.save()
    text = text_of(issuing.render(document_request=request, at=ISSUED_AT).pdf)
    assert "à la date du 1er novembre 2026" in text


@needs_poppler
@pytest.mark.parametrize("kind", [BIRTH, HOUSEHOLD, CRIMINAL_RECORD])
def test_the_preview_is_marked_and_carries_no_verification_and_no_qr_code(person, kind):
    pdf = issuing.render_preview(document_request=request_for(person, kind))
    text = text_of(pdf)
    assert "APERÇU — sans valeur" in text
    assert "délivré par voie électronique" not in text
    assert "Code de vérification" not in text
    assert "/verifier/" not in text
    assert pypdf.PdfReader(io.BytesIO(pdf)).metadata.title.startswith("APERÇU — sans valeur")
    # The issued document has them all. Its only figure is the QR code (the logo is a
    # decorative background, an artifact).
    issued = issuing.render(document_request=request_for(person, kind))
    assert "délivré par voie électronique" in text_of(issued.pdf)
    assert figures(issued.pdf) == 1
    assert figures(pdf) == 0


def figures(pdf):
    return sum(node.tag == "Figure" for node in structure(pdf).walk())


def test_the_preview_is_never_sealed(person, settings, tmp_path):
    from guichet.documents.seal import create_self_signed_seal

    settings.SEAL_PKCS12_PATH = str(
        create_self_signed_seal(tmp_path / "seal.p12", "secret", "Commune (test)")
    )
    settings.SEAL_PKCS12_PASSWORD = "secret"
    request = request_for(person, HOUSEHOLD)
    assert b"/ByteRange" not in issuing.render_preview(document_request=request)
    assert b"/ByteRange" in issuing.render(document_request=request).pdf


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2026, 12, 1), "1er décembre 2026"),
        (datetime.date(2026, 12, 2), "2 décembre 2026"),
        (datetime.date(2026, 1, 21), "21 janvier 2026"),
        (None, ""),
    ],
)
def test_long_dates_in_french(value, expected):
    with translation.override("fr"):
        assert long_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.time(13, 6), "13 h 06"),
        (datetime.time(9, 0), "9 h 00"),
        (datetime.time(0, 30), "0 h 30"),
        (datetime.datetime(2026, 12, 1, 23, 59), "23 h 59"),
        (None, ""),
    ],
)
def test_times_in_french_text(value, expected):
    with translation.override("fr"):
        assert clock(value) == expected


def test_other_languages_keep_their_own_formats():
    with translation.override("nl"):
        assert long_date(datetime.date(2026, 12, 1)) == "1 december 2026"
        assert clock(datetime.time(13, 6)) == "13:06"


def test_an_administrator_names_the_signatory_in_the_admin(client, person):
    from guichet import roles
    from tests.conftest import make_staff, verify_session

    verify_session(client, make_staff("admin", roles.ADMINISTRATORS, superuser=True))
    row = KindSettings.objects.get(kind=HOUSEHOLD)
    url = f"/admin/guichet/kindsettings/{row.pk}/change/"
    page = client.get(url).content.decode()
    assert "Signataire du document" in page and "nom du signataire" in page.lower()
    settings_row = KindSettings.objects.get(kind=HOUSEHOLD)
    response = client.post(
        url,
        {
            "active": "on",
            "base_fee": settings_row.base_fee,
            "announced_delay_days": settings_row.announced_delay_days,
            "validity_days": settings_row.validity_days,
            "signatory_formula": "",
            "signatory_name": "Jeanne Hubert",
            "signatory_function": "Directrice générale",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    text = text_of(issuing.render(document_request=request_for(person, HOUSEHOLD)).pdf)
    assert "Pour le Collège communal, par délégation, Jeanne Hubert Directrice générale" in text
