"""Every transition: one "can" and one "cannot" (Signals style), through the services."""

import pytest
from django.core import mail

from etatcivil.roles import ETAT_CIVIL
from guichet import services
from guichet.constants import State
from guichet.models import AuditEntry, RequestMessage
from population.roles import POPULATION
from tests.conftest import make_staff
from tests.factories import DocumentRequestFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    return make_staff("clerk-pop", POPULATION)


@pytest.fixture
def other_clerk():
    return make_staff("clerk-ec", ETAT_CIVIL)


def last_audit(request):
    return AuditEntry.objects.filter(request=request).order_by("-pk").first()


# -- start_review ------------------------------------------------------------------------
def test_clerk_can_start_review_of_submitted_request(clerk, commit):
    request = DocumentRequestFactory()
    with commit():
        request = services.request_start_review(
            document_request=request, by=clerk, expected_state=State.SUBMITTED
        )
    assert request.state == State.IN_REVIEW
    assert request.assigned_to == clerk
    entry = last_audit(request)
    assert (entry.action, entry.from_state, entry.to_state, entry.actor) == (
        "guichet.request.review_started",
        "submitted",
        "in_review",
        clerk,
    )
    assert mail.outbox[-1].subject.startswith(f"Demande {request.reference} en traitement")


def test_cannot_start_review_twice(clerk):
    request = DocumentRequestFactory(in_review=True)
    with pytest.raises(services.ActionRefused, match="maintenant « En traitement »"):
        services.request_start_review(
            document_request=_stale(request, State.SUBMITTED),
            by=clerk,
            expected_state=State.SUBMITTED,
        )


def test_clerk_of_another_service_cannot_start_review(other_clerk):
    request = DocumentRequestFactory()
    with pytest.raises(services.ActionRefused, match="ne traite pas ce type"):
        services.request_start_review(
            document_request=request, by=other_clerk, expected_state=State.SUBMITTED
        )
    assert request.state == State.SUBMITTED


# -- release -----------------------------------------------------------------------------
def test_assigned_clerk_can_release(clerk):
    request = services.request_start_review(
        document_request=DocumentRequestFactory(), by=clerk, expected_state=State.SUBMITTED
    )
    request = services.request_release(
        document_request=request, by=clerk, expected_state=State.IN_REVIEW
    )
    assert request.state == State.SUBMITTED and request.assigned_to is None


def test_other_clerk_cannot_release_someone_elses_request(clerk):
    request = services.request_start_review(
        document_request=DocumentRequestFactory(), by=clerk, expected_state=State.SUBMITTED
    )
    colleague = make_staff("colleague", POPULATION)
    with pytest.raises(services.ActionRefused, match="Seul l'agent"):
        services.request_release(
            document_request=request, by=colleague, expected_state=State.IN_REVIEW
        )


# -- ask_citizen / citizen_answer ----------------------------------------------------------
def test_clerk_can_ask_the_citizen(clerk, commit):
    request = DocumentRequestFactory(in_review=True)
    with commit():
        request = services.request_ask_citizen(
            document_request=request,
            by=clerk,
            message="Merci de joindre la procuration.",
            expected_state=State.IN_REVIEW,
        )
    assert request.state == State.AWAITING_CITIZEN
    assert RequestMessage.objects.get(request=request).body == "Merci de joindre la procuration."
    assert "une question pour vous" in mail.outbox[-1].subject


def test_cannot_ask_the_citizen_without_a_message(clerk):
    request = DocumentRequestFactory(in_review=True)
    with pytest.raises(services.ActionRefused, match="Écrivez la question"):
        services.request_ask_citizen(
            document_request=request, by=clerk, message="   ", expected_state=State.IN_REVIEW
        )


def test_citizen_can_answer(clerk):
    request = DocumentRequestFactory(awaiting_citizen=True)
    request = services.request_citizen_answer(
        document_request=request, citizen_user=request.applicant, message="Voici la procuration."
    )
    assert request.state == State.IN_REVIEW
    assert request.citizen_replied


def test_another_citizen_cannot_answer():
    request = DocumentRequestFactory(awaiting_citizen=True)
    with pytest.raises(services.ActionRefused):
        services.request_citizen_answer(
            document_request=request, citizen_user=UserFactory(), message="Intrus"
        )


def test_citizen_cannot_answer_when_nothing_was_asked():
    request = DocumentRequestFactory(in_review=True)
    with pytest.raises(services.ActionRefused, match="modifiée par quelqu'un d'autre"):
        services.request_citizen_answer(
            document_request=request, citizen_user=request.applicant, message="?"
        )


# -- reject --------------------------------------------------------------------------------
def test_clerk_can_reject_with_a_reason(clerk):
    request = DocumentRequestFactory(in_review=True)
    request = services.request_reject(
        document_request=request,
        by=clerk,
        reason="Procuration absente.",
        expected_state=request.state,
    )
    assert request.state == State.REJECTED
    assert request.rejection_reason == "Procuration absente."
    assert last_audit(request).reason == "Procuration absente."


def test_cannot_reject_without_reason(clerk):
    with pytest.raises(services.ActionRefused, match="motif du refus"):
        services.request_reject(
            document_request=DocumentRequestFactory(in_review=True),
            by=clerk,
            reason="",
            expected_state=State.IN_REVIEW,
        )


def test_cannot_reject_an_issued_request(clerk):
    with pytest.raises(services.ActionRefused):
        services.request_reject(
            document_request=DocumentRequestFactory(issued=True),
            by=clerk,
            reason="Trop tard",
            expected_state=State.ISSUED,
        )


# -- cancel --------------------------------------------------------------------------------
def test_citizen_can_cancel_before_review(commit):
    request = DocumentRequestFactory()
    with commit():
        request = services.request_cancel(
            document_request=request, citizen_user=request.applicant, expected_state=request.state
        )
    assert request.state == State.CANCELLED
    assert "annulée" in mail.outbox[-1].subject


def test_citizen_cannot_cancel_once_in_review():
    request = DocumentRequestFactory(in_review=True)
    with pytest.raises(services.ActionRefused):
        services.request_cancel(
            document_request=request, citizen_user=request.applicant, expected_state=request.state
        )


# -- close ---------------------------------------------------------------------------------
def test_clerk_can_close_an_issued_request(clerk):
    request = services.request_close(
        document_request=DocumentRequestFactory(issued=True), by=clerk, expected_state=State.ISSUED
    )
    assert request.state == State.CLOSED and request.closed_at


def test_cannot_close_a_request_not_issued(clerk):
    with pytest.raises(services.ActionRefused):
        services.request_close(
            document_request=DocumentRequestFactory(in_review=True),
            by=clerk,
            expected_state=State.IN_REVIEW,
        )


# -- archive (retention) ---------------------------------------------------------------------
def test_archive_only_from_final_states():
    from django_fsm import can_proceed

    assert can_proceed(DocumentRequestFactory(closed=True).archive)
    assert can_proceed(DocumentRequestFactory(rejected=True).archive)
    assert not can_proceed(DocumentRequestFactory(in_review=True).archive)


# -- protection ----------------------------------------------------------------------------
def test_state_cannot_be_assigned_directly():
    request = DocumentRequestFactory()
    with pytest.raises(AttributeError):
        request.state = State.ISSUED


def _stale(request, state):
    """The request as a clerk's page saw it before someone else acted."""
    stale = type(request).objects.get(pk=request.pk)
    stale.__dict__["state"] = state
    return stale
