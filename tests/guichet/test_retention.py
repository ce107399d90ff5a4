import datetime
import os

import pytest
from django.core.management import call_command
from django.utils import timezone

from guichet.audit import audit
from guichet.constants import State
from guichet.models import AuditEntry, DocumentRequest, RequestMessage
from guichet.retention import purge_expired
from tests.factories import DocumentRequestFactory, UserFactory, family, make_citizen
from tests.guichet.test_ordering import order, sign_in

pytestmark = pytest.mark.django_db
LATER = datetime.timedelta(days=800)


@pytest.fixture
def clerk_and_citizen():
    clerk = UserFactory(first_name="Claire", last_name="Lambert", is_staff=True)
    citizen = UserFactory(first_name="Camille", last_name="Dupont")
    return clerk, citizen


def test_old_pdfs_are_removed_but_stay_verifiable(client):
    parent, *_ = family()
    sign_in(client, make_citizen(parent))
    order(client)
    document = DocumentRequest.objects.get().document
    path = document.file.path
    report = purge_expired(now=timezone.now() + datetime.timedelta(days=200))
    assert report.documents_removed == 1
    document.refresh_from_db()
    assert not document.file and document.file_removed_at
    assert not os.path.exists(path)
    assert client.get(f"/verifier/{document.verification_code}/").status_code == 200


def test_finished_requests_are_anonymised_and_audit_kept():
    request = DocumentRequestFactory(closed=True, subject_last_name="Lefèvre")
    RequestMessage.objects.create(request=request, author_role="citizen", body="Mon adresse…")
    AuditEntry.objects.create(
        action="guichet.request.closed",
        actor_label="Claire",
        request=request,
        reason="Texte libre avec un nom",
    )
    report = purge_expired(now=timezone.now() + LATER)
    assert report.requests_anonymised == 1
    request.refresh_from_db()
    assert request.state == State.ARCHIVED
    assert request.subject_last_name == "" and request.applicant_niss == ""
    assert request.applicant is None
    assert not RequestMessage.objects.filter(request=request).exists()
    entry = AuditEntry.objects.get(request=request, action="guichet.request.closed")
    assert entry.actor_label == "Claire" and entry.reason == ""


def test_open_and_recent_requests_are_untouched():
    open_request = DocumentRequestFactory(in_review=True)
    recent = DocumentRequestFactory(closed=True)
    purge_expired()
    open_request.refresh_from_db()
    recent.refresh_from_db()
    assert open_request.state == State.IN_REVIEW and recent.state == State.CLOSED
    assert recent.subject_last_name


def test_running_twice_changes_nothing_more(capsys):
    DocumentRequestFactory(closed=True)
    first = purge_expired(now=timezone.now() + LATER)
    second = purge_expired(now=timezone.now() + LATER)
    assert (first.requests_anonymised, second.requests_anonymised) == (1, 0)
    call_command("purge_expired")
    assert "demandes anonymisées : 0" in capsys.readouterr().out


@pytest.mark.parametrize("state", [State.REJECTED, State.CANCELLED, State.CLOSED])
def test_the_archive_entry_records_the_true_previous_state_and_the_system(state):
    request = DocumentRequestFactory(**{state: True})
    purge_expired(now=timezone.now() + LATER)
    entry = AuditEntry.objects.get(request=request, action="guichet.request.anonymised")
    assert (entry.from_state, entry.to_state) == (state, State.ARCHIVED)
    assert entry.actor is None and entry.actor_label == "Traitement automatique"
    run = AuditEntry.objects.get(action="guichet.retention.purged")
    assert run.actor_label == "Traitement automatique"
    assert run.data["requests_anonymised"] == 1


def test_the_citizens_name_leaves_their_own_entries_the_clerks_stays(clerk_and_citizen):
    clerk, citizen = clerk_and_citizen
    request = DocumentRequestFactory(cancelled=True, applicant=citizen)
    audit(
        "guichet.request.submitted",
        actor=citizen,
        document_request=request,
        reason="Hors délai",
        kind=request.kind,
    )
    audit("guichet.register.consulted", actor=clerk, document_request=request, reason="Contrôle")
    audit("guichet.request.cancelled", actor=citizen, document_request=request)
    purge_expired(now=timezone.now() + LATER)
    entries = {e.action: e for e in AuditEntry.objects.filter(request=request)}
    for action in ("guichet.request.submitted", "guichet.request.cancelled"):
        assert entries[action].actor is None
        assert entries[action].actor_label == "le citoyen"
    assert entries["guichet.request.submitted"].reason == ""
    assert entries["guichet.request.submitted"].data == {"kind": request.kind}
    consulted = entries["guichet.register.consulted"]
    assert (consulted.actor, consulted.reason) == (clerk, "Contrôle")
