"""A revoked document says so everywhere: the citizen's list and page, the clerk's page, the
verification page (never green for a revoked or mismatching file) and the API; the citizen
is e-mailed the reason with a link to order again."""

import hashlib
import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from etatcivil.roles import ETAT_CIVIL
from guichet import services
from guichet.constants import State
from guichet.models import AuditEntry, DocumentRequest
from population.roles import POPULATION
from tests.conftest import ROLE_GROUPS, make_staff, verify_session
from tests.factories import PersonFactory, family, make_citizen
from tests.guichet.test_ordering import order, sign_in

pytestmark = pytest.mark.django_db
REASON = "Erreur dans la composition du ménage"


@pytest.fixture
def citizen(client):
    parent, *_ = family()
    citizen = make_citizen(parent)
    sign_in(client, citizen)
    order(client)  # a strong sign-in: the household composition is issued at once
    return citizen


@pytest.fixture
def issued(citizen):
    request = DocumentRequest.objects.get()
    assert request.state == State.ISSUED
    return request


@pytest.fixture
def clerk():
    return make_staff("pop", POPULATION)


@pytest.fixture
def revoked(issued, clerk, commit):
    mail.outbox.clear()
    with commit():
        services.document_revoke(
            document=issued.document, by=clerk, reason=REASON, expected_state=State.ISSUED
        )
    issued.refresh_from_db()
    return issued


def pdf_of(request):
    with request.document.file.open("rb") as handle:
        return handle.read()


# -- the service -----------------------------------------------------------------------------
def test_revoking_marks_the_document_keeps_the_state_and_audits(revoked, clerk):
    document = revoked.document
    assert document.revoked_at is not None and document.revocation_reason == REASON
    assert revoked.state == State.ISSUED
    entry = AuditEntry.objects.get(action="guichet.document.revoked")
    assert (entry.actor, entry.request, entry.reason) == (clerk, revoked, REASON)


def test_the_citizen_is_emailed_formally_with_the_reason_and_a_link_to_order_again(revoked):
    [message] = mail.outbox
    assert message.to == [revoked.applicant_email]
    assert message.subject == f"Votre document a été révoqué (demande {revoked.reference})"
    assert message.body.startswith("Madame, Monsieur,")
    assert revoked.applicant_first_name not in message.body.split("\n")[0]
    assert REASON in message.body
    assert "/guichet/composition-menage/commander/" in message.body
    assert f"/guichet/mes-demandes/{revoked.reference}/" in message.body
    html = message.alternatives[0][0]
    assert "Madame, Monsieur," in html and REASON in html
    assert 'href="http' in html and "/guichet/composition-menage/commander/" in html


def test_revoking_twice_or_without_a_reason_is_refused(revoked, clerk):
    with pytest.raises(services.ActionRefused, match="déjà révoqué"):
        services.document_revoke(
            document=revoked.document, by=clerk, reason="Encore", expected_state=State.ISSUED
        )
    with pytest.raises(services.ActionRefused, match="motif de la révocation"):
        services.document_revoke(
            document=revoked.document, by=clerk, reason="  ", expected_state=State.ISSUED
        )


def test_a_clerk_of_another_service_cannot_revoke(issued):
    other = make_staff("ec", ETAT_CIVIL)
    with pytest.raises(services.ActionRefused, match="ne traite pas ce type"):
        services.document_revoke(
            document=issued.document, by=other, reason=REASON, expected_state=State.ISSUED
        )
    issued.document.refresh_from_db()
    assert issued.document.revoked_at is None
    assert not mail.outbox or "révoqué" not in mail.outbox[-1].subject


# -- what people see -------------------------------------------------------------------------
def test_the_citizen_list_and_page_say_revoked_with_the_reason(client, revoked):
    listing = client.get("/guichet/mes-demandes/").content.decode()
    assert "Révoqué le" in listing and REASON in listing
    assert "tag--issued" not in listing
    page = client.get(f"/guichet/mes-demandes/{revoked.reference}/").content.decode()
    assert "Révoqué le" in page and REASON in page
    assert "tag--issued" not in page
    assert "Télécharger le document" not in page
    assert 'href="/guichet/composition-menage/commander/"' in page
    assert "Votre document a été révoqué" in page  # the timeline
    assert client.get(f"/guichet/mes-demandes/{revoked.reference}/document.pdf").status_code == 404


def test_another_citizen_sees_nothing_of_it(client, revoked):
    stranger = PersonFactory()
    sign_in(client, make_citizen(stranger))
    assert client.get(f"/guichet/mes-demandes/{revoked.reference}/").status_code == 404
    assert revoked.reference not in client.get("/guichet/mes-demandes/").content.decode()


def test_the_clerk_page_says_revoked_with_the_reason(client, revoked):
    verify_session(client, make_staff("pop2", POPULATION))
    body = client.get(f"/bureau/demandes/{revoked.reference}/").content.decode()
    assert "Révoqué le" in body and REASON in body
    assert "Révoquer le document" not in body  # nothing left to revoke


@pytest.mark.parametrize(("role", "status"), [("etat_civil", 404), ("manager", 200)])
def test_the_clerk_page_scope_is_unchanged(client, revoked, role, status):
    verify_session(client, make_staff(f"u-{role}", ROLE_GROUPS[role]))
    assert client.get(f"/bureau/demandes/{revoked.reference}/").status_code == status


def test_verification_of_a_revoked_document_with_its_identical_file_is_never_green(client, revoked):
    url = f"/verifier/{revoked.document.verification_code}/"
    page = client.get(url).content.decode()
    assert "révoqué par l'administration" in page and REASON in page
    assert "Vérifiable jusqu" not in page
    assert "notice--success" not in page
    upload = SimpleUploadedFile("doc.pdf", pdf_of(revoked), content_type="application/pdf")
    page = client.post(url, {"pdf": upload}).content.decode()
    assert "Fichier identique, mais document révoqué" in page
    assert "notice--success" not in page
    assert "authentique et valable" not in page


def test_verification_of_a_mismatching_file_says_so_at_the_top(client, issued):
    url = f"/verifier/{issued.document.verification_code}/"
    upload = SimpleUploadedFile("doc.pdf", b"%PDF-1.7 autre chose", content_type="application/pdf")
    page = client.post(url, {"pdf": upload}).content.decode()
    top = page[page.index("<h1>") : page.index("<table")]
    assert "Le fichier envoyé ne correspond pas à ce document." in top
    assert "authentique et valable" not in page
    assert "notice--success" not in page


def test_verification_of_a_valid_document_with_its_file_is_green(client, issued):
    url = f"/verifier/{issued.document.verification_code}/"
    upload = SimpleUploadedFile("doc.pdf", pdf_of(issued), content_type="application/pdf")
    page = client.post(url, {"pdf": upload}).content.decode()
    assert "Document authentique et valable." in page
    assert "<strong>Identique</strong>" in page and "notice--success" in page


# -- the API ---------------------------------------------------------------------------------
def test_the_citizen_api_shows_the_revocation(client, revoked):
    listing = client.get("/api/v1/me/requests/").json()["results"]
    assert listing[0]["revoked_at"] is not None
    detail = client.get(f"/api/v1/me/requests/{revoked.reference}/").json()
    assert detail["document"]["status"] == "revoked"
    assert detail["document"]["revoked_at"] is not None
    assert detail["document"]["revocation_reason"] == REASON
    assert detail["download_url"] is None


def test_the_staff_api_shows_the_revocation(client, revoked):
    verify_session(client, make_staff("pop2", POPULATION))
    detail = client.get(f"/api/v1/staff/requests/{revoked.reference}/").json()
    assert detail["document"]["revocation_reason"] == REASON
    assert detail["document"]["revoked_at"] is not None
    assert "revoke" not in detail["actions"]


def test_the_verification_api_shows_the_revocation(client, revoked):
    digest = hashlib.sha256(pdf_of(revoked)).hexdigest()
    response = client.post(
        "/api/v1/verification/",
        data=json.dumps({"code": revoked.document.verification_code, "sha256": digest}),
        content_type="application/json",
    )
    body = response.json()
    assert body["status"] == "revoked" and body["sha256_matches"] is True
    assert body["revoked_at"] is not None and body["revocation_reason"] == REASON
