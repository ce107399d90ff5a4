"""Tracking by code and document verification: no personal data, rate-limited."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from guichet import services
from guichet.constants import State
from guichet.models import DocumentRequest
from population.roles import POPULATION
from tests.conftest import make_staff
from tests.factories import DocumentRequestFactory, family, make_citizen
from tests.guichet.test_ordering import order, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(client):
    parent, *_ = family()
    sign_in(client, make_citizen(parent))
    order(client)
    client.logout()
    return DocumentRequest.objects.get()


def test_tracking_shows_state_without_personal_data(client):
    request = DocumentRequestFactory(tracking_code="ABCDE23456", subject_last_name="Lefèvre")
    response = client.post("/suivi/", {"code": "abcde-23456"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Reçue" in body
    assert "Lefèvre" not in body and request.subject_niss not in body


def test_tracking_unknown_code_says_so(client):
    response = client.post("/suivi/", {"code": "ZZZZZ-99999"})
    assert response.status_code == 404
    assert "Aucune demande ne correspond" in response.content.decode()


def test_tracking_is_rate_limited_with_a_clear_message(client, settings):
    settings.PUBLIC_LOOKUP_RATE_LIMIT = 3
    for _ in range(3):
        assert client.post("/suivi/", {"code": "ZZZZZ-99999"}).status_code == 404
    response = client.post("/suivi/", {"code": "ZZZZZ-99999"})
    assert response.status_code == 429
    assert "Trop d&#x27;essais" in response.content.decode() or "Trop d'essais" in (
        response.content.decode()
    )


def test_verification_form_redirects_to_the_document(client, issued):
    code = issued.document.verification_code
    response = client.post("/verifier/", {"code": code.lower().replace("-", " ")})
    assert response["Location"] == f"/verifier/{code}/"
    page = client.get(response["Location"]).content.decode()
    assert "Document authentique et valable" in page
    assert "Composition de ménage" in page


def test_unknown_verification_code(client):
    assert client.get("/verifier/AAAA-BBBB-CCCC/").status_code == 404
    response = client.post("/verifier/", {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 404


def test_uploaded_pdf_is_compared_with_the_stored_hash(client, issued):
    document = issued.document
    original = document.file.read()
    same = client.post(
        f"/verifier/{document.verification_code}/", {"pdf": SimpleUploadedFile("doc.pdf", original)}
    )
    assert "Identique" in same.content.decode()
    tampered = original.replace(b"%%EOF", b"%%EOF\n%x", 1)
    other = client.post(
        f"/verifier/{document.verification_code}/", {"pdf": SimpleUploadedFile("doc.pdf", tampered)}
    )
    assert "Différent" in other.content.decode()


def test_expired_document_says_expired(client, issued):
    document = issued.document
    document.valid_until = timezone.now() - datetime.timedelta(days=1)
    document.save()
    body = client.get(f"/verifier/{document.verification_code}/").content.decode()
    assert "expiré" in body


def test_revoked_document_says_revoked(client, issued):
    clerk = make_staff("pop", POPULATION)
    services.document_revoke(
        document=issued.document, by=clerk, reason="Erreur de registre", expected_state=State.ISSUED
    )
    body = client.get(f"/verifier/{issued.document.verification_code}/").content.decode()
    assert "révoqué" in body


def test_pdf_check_reads_no_more_than_needed(client, issued):
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (11 * 1024 * 1024))
    response = client.post(f"/verifier/{issued.document.verification_code}/", {"pdf": big})
    assert response.status_code == 400
    assert "trop grand" in response.content.decode()
