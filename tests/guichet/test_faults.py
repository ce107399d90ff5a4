"""Failures that must not reach the citizen, and limits that must hold."""

import pytest
from django.core import mail
from django.db import OperationalError

from guichet import issuing
from guichet.constants import State
from guichet.documents.pdf import PdfRenderError
from guichet.models import AuditEntry, DocumentRequest
from population.roles import POPULATION
from tests.conftest import make_staff, verify_session
from tests.factories import family, make_citizen
from tests.guichet.test_ordering import order, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken_pdf(monkeypatch):
    def fail(*args, **kwargs):
        raise PdfRenderError("délai de rendu dépassé")

    monkeypatch.setattr(issuing, "render_pdf", fail)


def test_failed_auto_issue_waits_for_a_clerk_and_the_citizen_sees_no_error(
    client, broken_pdf, commit
):
    parent, *_ = family()
    sign_in(client, make_citizen(parent))
    with commit():
        _check, response = order(client)
    request = DocumentRequest.objects.get()
    assert request.state == State.SUBMITTED
    assert "délivrance automatique a échoué" in request.review_reason
    assert "délai de rendu dépassé" in request.review_reason
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Demande envoyée" in page.content.decode()
    assert "bien reçue" in mail.outbox[-1].subject
    assert AuditEntry.objects.filter(action="guichet.request.auto_issue_failed").exists()


def test_failed_clerk_issue_is_explained_and_can_be_retried(client, monkeypatch):
    parent, *_ = family()
    sign_in(client, make_citizen(parent), level="low")
    order(client)
    request = DocumentRequest.objects.get()
    client.logout()
    clerk = make_staff("clerk", POPULATION)
    verify_session(client, clerk)
    base = f"/bureau/demandes/{request.reference}"
    client.post(f"{base}/claim/")

    def fail(*args, **kwargs):
        raise PdfRenderError("WeasyPrint indisponible")

    monkeypatch.setattr(issuing, "render_pdf", fail)
    response = client.post(
        f"{base}/issue/", {"expected_state": "in_review", "checked": "on"}, follow=True
    )
    assert "n&#x27;a pas pu être produit" in response.content.decode() or (
        "n'a pas pu être produit" in response.content.decode()
    )
    request.refresh_from_db()
    assert request.state == State.IN_REVIEW
    monkeypatch.undo()
    client.post(f"{base}/issue/", {"expected_state": "in_review", "checked": "on"})
    request.refresh_from_db()
    assert request.state == State.ISSUED


def test_ordering_is_rate_limited_and_keeps_the_answers(client, settings):
    settings.ORDER_RATE_LIMIT = 2
    parent, *_ = family()
    sign_in(client, make_citizen(parent), level="low")
    order(client)
    order(client)
    _check, response = order(client)
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert "Mutuelle" in response.content.decode()  # the summary is still there
    assert DocumentRequest.objects.count() == 2


def test_verification_is_rate_limited(client, settings):
    settings.PUBLIC_LOOKUP_RATE_LIMIT = 2
    for _ in range(2):
        client.post("/verifier/", {"code": "AAAA-BBBB-CCCC"})
    assert client.post("/verifier/", {"code": "AAAA-BBBB-CCCC"}).status_code == 429


def _lose_the_database(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


def test_database_lost_mid_submission_answers_503_in_french_and_keeps_nothing_half_written(
    client, monkeypatch
):
    from guichet import services

    parent, *_ = family()
    sign_in(client, make_citizen(parent), level="low")
    client.raise_request_exception = False
    monkeypatch.setattr(services, "next_reference", _lose_the_database)
    _check, response = order(client)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Service momentanément indisponible" in page
    assert "jamais enregistrée à moitié" in page
    # The interrupted transaction left nothing: no request, no audit entry, no number used.
    assert not DocumentRequest.objects.exists()
    assert not AuditEntry.objects.filter(action="guichet.request.submitted").exists()
    monkeypatch.undo()
    # The database is back: the same draft goes through and takes the first number.
    _check, response = order(client)
    assert response.status_code == 302
    assert DocumentRequest.objects.get().reference.endswith("-000001")


def test_database_lost_before_the_view_still_answers_503(client, monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore

    client.raise_request_exception = False
    client.cookies["sessionid"] = "x" * 32
    monkeypatch.setattr(SessionStore, "load", _lose_the_database)
    response = client.get("/guichet/mes-demandes/")
    assert response.status_code == 503
    assert "Service momentanément indisponible" in response.content.decode()


def test_other_errors_stay_500(client, monkeypatch):
    from guichet import health

    def bug():
        raise RuntimeError("bug")

    client.raise_request_exception = False
    monkeypatch.setattr(health, "database_ok", bug)
    response = client.get("/healthz")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Une erreur s'est produite" in response.content.decode()


ORDER = "/guichet/composition-menage/commander"


def _fill_draft(client, subject=None):
    from guichet.models import Purpose

    purpose = Purpose.objects.get(kind="composition-menage", code="mutuelle")
    client.post(f"{ORDER}/pour-qui/", subject or {"subject_type": "self"})
    client.post(f"{ORDER}/details/", {"purpose": purpose.pk})
    client.post(f"{ORDER}/remise/", {"copies": 1, "delivery": "download"})
    return dict(client.session["order:composition-menage"])


def _restore_draft(client, draft):
    """As if the session could not be saved after the request had been committed."""
    session = client.session
    session["order:composition-menage"] = draft
    session.save()


def test_confirming_the_same_draft_twice_gives_one_request(client):
    parent, *_ = family()
    sign_in(client, make_citizen(parent), level="low")
    draft = _fill_draft(client)
    first = client.post(f"{ORDER}/verification/")
    request = DocumentRequest.objects.get()
    assert first["Location"].endswith(f"/{request.reference}/confirmation/")
    _restore_draft(client, draft)
    again = client.post(f"{ORDER}/verification/")
    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert DocumentRequest.objects.count() == 1
    assert "order:composition-menage" not in client.session  # cleared this time
    # A changed draft is a new order, even from the same session.
    _fill_draft(client)
    client.post(f"{ORDER}/verification/")
    assert DocumentRequest.objects.count() == 2


def test_a_double_click_racing_past_the_first_check_still_gives_one_request(client, monkeypatch):
    from guichet import services

    parent, *_ = family()
    sign_in(client, make_citizen(parent), level="low")
    real = services.find_submission
    calls = []

    def racing(user, key):
        # Both confirmations look before either has committed: both miss.
        calls.append(key)
        return None if len(calls) <= 2 else real(user, key)

    monkeypatch.setattr(services, "find_submission", racing)
    draft = _fill_draft(client)
    client.post(f"{ORDER}/verification/")
    request = DocumentRequest.objects.get()
    _restore_draft(client, draft)
    response = client.post(f"{ORDER}/verification/")
    # The unique constraint refused the copy; the confirmation found the first request.
    assert response["Location"].endswith(f"/{request.reference}/confirmation/")
    assert DocumentRequest.objects.count() == 1
    assert len(calls) == 3  # missed twice, then found after the constraint refused the copy
    assert AuditEntry.objects.filter(action="guichet.request.submitted").count() == 1


def test_session_lost_with_the_database_answers_503_not_400(client, monkeypatch):
    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.backends.db import SessionStore

    parent, *_ = family()
    sign_in(client, make_citizen(parent), level="low")

    def save(self, must_create=False):
        try:
            raise OperationalError("terminating connection due to administrator command")
        except OperationalError:
            raise UpdateError  # noqa: B904 — as Django's backend does: context kept

    client.raise_request_exception = False
    monkeypatch.setattr(SessionStore, "save", save)
    response = client.post(
        "/guichet/composition-menage/commander/pour-qui/", {"subject_type": "self"}
    )
    assert response.status_code == 503
    assert "Service momentanément indisponible" in response.content.decode()


def test_an_interrupted_session_without_database_trouble_is_a_french_400(client, monkeypatch):
    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.backends.db import SessionStore

    parent, *_ = family()
    sign_in(client, make_citizen(parent), level="low")

    def save(self, must_create=False):
        raise UpdateError  # the session was deleted meanwhile (signed out elsewhere)

    client.raise_request_exception = False
    monkeypatch.setattr(SessionStore, "save", save)
    response = client.post(
        "/guichet/composition-menage/commander/pour-qui/", {"subject_type": "self"}
    )
    assert response.status_code == 400
    assert "Demande incorrecte" in response.content.decode()


def test_replaying_a_draft_whose_power_of_attorney_was_already_filed(client):
    """The upload waiting in the draft is filed with the request and its pending copy
    deleted; if the session kept the draft (answer lost), confirming again must not look
    for that file but show the request."""
    from tests.guichet.test_ordering import mandatary_subject

    parent, *_ = family()
    sign_in(client, make_citizen(parent))
    draft = _fill_draft(client, mandatary_subject())
    first = client.post(f"{ORDER}/verification/")
    request = DocumentRequest.objects.get()
    assert request.attachments.count() == 1
    _restore_draft(client, draft)
    again = client.post(f"{ORDER}/verification/")
    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert DocumentRequest.objects.count() == 1
