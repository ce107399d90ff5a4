"""Documents are written in one of the commune's administrative languages (never English):
chosen by the citizen where there are two (Brussels), stated on the check-your-answers page
where there is one, printed in that language, and shown on the verification page."""

import re

import pytest
from django.utils import translation

from guichet import issuing, languages
from guichet.constants import Assurance, State
from guichet.models import DocumentRequest, Purpose
from population.constants import HouseholdRelation
from tests.conftest import set_administrative_languages
from tests.factories import DocumentRequestFactory, PersonFactory, make_citizen, make_household
from tests.population.ordering import (
    pdf_text,
    post_details,
    post_subject,
    sign_in,
    step_url,
)

pytestmark = pytest.mark.django_db
HOUSEHOLD = "composition-menage"


@pytest.fixture
def citizen(client):
    person = PersonFactory(first_names="Lieve", last_name="Peeters")
    make_household((person, HouseholdRelation.REFERENCE))
    citizen = make_citizen(person)
    sign_in(client, citizen, level=Assurance.HIGH)
    return citizen


@pytest.fixture
def brussels(settings):
    set_administrative_languages(["fr", "nl", "de"])


def to_delivery_step(client):
    assert post_subject(client, HOUSEHOLD).status_code == 302
    assert post_details(client, HOUSEHOLD, purpose="mutuelle").status_code == 302


def text(pdf):
    return " ".join(pdf_text(pdf).split())


# -- which languages --------------------------------------------------------------------------


def test_english_is_never_an_administrative_language(settings):
    set_administrative_languages(["en", "fr", "nl", "nl", "xx"])
    assert languages.administrative_languages() == ["fr", "nl"]
    set_administrative_languages(["en"])
    assert languages.administrative_languages() == ["fr"]


def test_one_language_asks_nothing(client, citizen):
    to_delivery_step(client)
    page = client.get(step_url(HOUSEHOLD, "remise")).content.decode()
    assert 'name="document_language"' not in page


def test_two_languages_ask_which_and_never_offer_english(client, citizen, brussels):
    to_delivery_step(client)
    page = client.get(step_url(HOUSEHOLD, "remise")).content.decode()
    assert "En quelle langue le document doit-il être rédigé ?" in page
    assert 'value="fr"' in page and 'value="nl"' in page and 'value="de"' in page
    assert 'value="en"' not in page

    refused = client.post(
        step_url(HOUSEHOLD, "remise"), {"delivery": "download", "document_language": "en"}
    )
    assert refused.status_code == 400
    assert "langue administrative de la commune" in refused.content.decode()


def test_the_interface_language_is_the_default_choice(client, citizen, brussels):
    to_delivery_step(client)
    page = client.get("/nl" + step_url(HOUSEHOLD, "remise")).content.decode()
    checked = [
        tag
        for tag in re.findall(r"<input[^>]*>", page)
        if 'name="document_language"' in tag and "checked" in tag
    ]
    assert len(checked) == 1 and 'value="nl"' in checked[0]


# -- the choice is kept and the document is written in it --------------------------------------


def test_a_document_chosen_in_german_is_written_in_german(client, citizen, brussels):
    to_delivery_step(client)
    response = client.post(
        step_url(HOUSEHOLD, "remise"), {"delivery": "download", "document_language": "de"}
    )
    assert response.status_code == 302
    check = client.get(step_url(HOUSEHOLD, "verification")).content.decode()
    assert "Langue du document" in check and "Allemand" in check
    assert client.post(step_url(HOUSEHOLD, "verification")).status_code == 302

    request = DocumentRequest.objects.get(applicant=citizen.user)
    assert request.document_language == "de"
    assert request.state == State.ISSUED
    assert request.document.language == "de"
    with request.document.file.open("rb") as handle:
        words = text(handle.read())
    # Labels of the template, the purpose (a default one: from the catalogue) and the
    # verification block, all in German.
    assert "Prüfcode" in words
    assert "Referenz des Antrags:" in words
    assert "Krankenkasse" in words
    assert "Code de vérification" not in words
    assert "Mutuelle" not in words


def test_the_verification_page_shows_the_language(client, citizen, brussels):
    to_delivery_step(client)
    client.post(step_url(HOUSEHOLD, "remise"), {"delivery": "download", "document_language": "nl"})
    client.post(step_url(HOUSEHOLD, "verification"))
    document = DocumentRequest.objects.get(applicant=citizen.user).document
    page = client.get(f"/verifier/{document.verification_code}/").content.decode()
    assert "Langue du document" in page
    assert 'data-document-language="nl"' in page
    assert "Néerlandais" in page


def test_a_visitor_in_english_is_told_the_document_is_in_french(client, citizen):
    to_delivery_step(client)
    client.post(step_url(HOUSEHOLD, "remise"), {"delivery": "download"})
    page = client.get("/en" + step_url(HOUSEHOLD, "verification"))
    html = page.content.decode()
    assert "data-document-language" in html
    with translation.override("en"):
        expected = str(languages.language_name("fr"))
    assert expected in html
    # A French reader is not told what they can see.
    french = client.get(step_url(HOUSEHOLD, "verification")).content.decode()
    assert "data-document-language" not in french


def test_the_clerks_language_does_not_change_the_document(settings):
    """A clerk working in Dutch issues a French document in French."""
    person = PersonFactory()
    make_household((person, HouseholdRelation.REFERENCE))
    request = DocumentRequestFactory(
        kind=HOUSEHOLD, subject_niss=person.niss, applicant_niss=person.niss
    )
    with translation.override("nl"):
        rendered = issuing.render(document_request=request)
    assert rendered.language == "fr"
    assert "Code de vérification" in text(rendered.pdf)


def test_a_language_no_longer_administrative_falls_back_to_the_first(settings):
    set_administrative_languages(["fr"])
    person = PersonFactory()
    make_household((person, HouseholdRelation.REFERENCE))
    request = DocumentRequestFactory(
        kind=HOUSEHOLD,
        subject_niss=person.niss,
        applicant_niss=person.niss,
        document_language="nl",
    )
    assert issuing.render(document_request=request).language == "fr"


# -- purposes' labels ---------------------------------------------------------------------------


def test_purpose_labels_follow_the_visitor(settings):
    purpose = Purpose.objects.get(kind=HOUSEHOLD, code="mutuelle")
    assert purpose.localized_label("fr") == "Mutuelle (assurance soins de santé)"
    assert purpose.localized_label("de").startswith("Krankenkasse")
    # The commune's own wording for a language wins…
    purpose.label_nl = "Ziekenfonds"
    assert purpose.localized_label("nl") == "Ziekenfonds"
    # …and a French label the commune rewrote is no longer the catalogue's msgid.
    purpose.label = "Mutualité"
    assert purpose.localized_label("de") == "Mutualité"
