"""Mail provider down: the transition commits, the worker tries the e-mail again later."""

import datetime
import logging
import smtplib
import socket

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends import locmem
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from guichet import notifications, services
from guichet.constants import State
from guichet.models import AuditEntry, DocumentRequest
from tests.factories import DocumentRequestFactory, family, make_citizen
from tests.guichet.test_ordering import order, sign_in

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


class FlakyBackend(locmem.EmailBackend):
    """The test mail provider: raises the queued errors, one per send, then delivers."""

    errors = []

    def send_messages(self, messages):
        if FlakyBackend.errors:
            raise FlakyBackend.errors.pop(0)
        return super().send_messages(messages)


@pytest.fixture
def provider(settings):
    """Append exceptions to make the next sends fail."""
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.errors = []
    yield FlakyBackend.errors
    FlakyBackend.errors = []


@pytest.fixture
def worker(settings, monkeypatch):
    """Production's setup: tasks stored by django_tasks_db; calling this runs one
    `manage.py db_worker --batch` pass (every task due now, then exit)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Between tasks the worker recycles the database connection, which would end the test's
    # transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        db_worker.Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()

    return run


def cancel(commit):
    request = DocumentRequestFactory()
    with commit():
        services.request_cancel(
            document_request=request, citizen_user=request.applicant, expected_state=request.state
        )
    return request


def task_records(caplog):
    records = [r for r in caplog.records if r.name == "guichet.tasks"]
    for record in records:
        message = record.getMessage()
        assert "@" not in message and "Camille" not in message and "Dupont" not in message
    return records


def attempts():
    results = DBTaskResult.objects.all()
    return sorted((r.args_kwargs["kwargs"].get("attempt", 1), r) for r in results)


# -- without a worker (demo, tests): one attempt, never an error for the citizen ---------


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        ConnectionRefusedError(111, "Connection refused"),
    ],
    ids=["disconnected", "refused"],
)
def test_the_transition_commits_when_the_mail_server_is_down(provider, commit, caplog, error):
    provider.append(error)
    request = cancel(commit)
    assert provider == []  # the send was attempted
    assert mail.outbox == []
    request.refresh_from_db()
    assert request.state == State.CANCELLED
    assert AuditEntry.objects.filter(request=request, action="guichet.request.cancelled").exists()
    (record,) = task_records(caplog)
    assert record.levelno == logging.ERROR
    assert f"request id={request.pk} event=cancelled attempt=1" in record.getMessage()
    entry = AuditEntry.objects.get(request=request, action="guichet.request.email_failed")
    assert "non remis" in entry.reason and "annulée" in entry.reason
    assert entry.data == {"event": "cancelled", "attempts": 1, "error": type(error).__name__}


def test_the_citizen_sees_no_error_when_the_mail_server_is_down(client, provider, commit):
    provider.append(smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
    parent, *_ = family()
    sign_in(client, make_citizen(parent))
    with commit():
        _check, response = order(client)
    assert response.status_code == 302
    request = DocumentRequest.objects.get()
    assert request.state == State.ISSUED
    assert mail.outbox == [] and provider == []
    assert client.get(response["Location"]).status_code == 200
    assert AuditEntry.objects.filter(action="guichet.request.email_failed").count() == 1


# -- with the worker (production) ---------------------------------------------------------


def test_the_worker_tries_again_later_and_delivers_once(provider, worker, commit, caplog):
    provider.append(smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
    request = cancel(commit)
    ((_, first),) = attempts()
    assert first.args_kwargs == {
        "args": [],
        "kwargs": {"request_id": request.pk, "event": "cancelled"},
    }
    before = timezone.now()
    with caplog.at_level(logging.WARNING, logger="guichet.tasks"):
        worker()
    assert mail.outbox == [] and provider == []
    [(_, first), (_, retry)] = attempts()
    assert first.status == TaskResultStatus.SUCCESSFUL
    assert retry.status == TaskResultStatus.READY
    # Ids, event and attempt only: JSON, and nothing about the citizen.
    assert retry.args_kwargs == {
        "args": [],
        "kwargs": {"request_id": request.pk, "event": "cancelled", "attempt": 2},
    }
    assert before + MINUTE <= retry.run_after <= timezone.now() + MINUTE
    (record,) = task_records(caplog)
    assert record.levelno == logging.WARNING
    assert "attempt=1 error=SMTPServerDisconnected" in record.getMessage()

    worker()  # too early: the retry waits
    assert mail.outbox == []
    retry.refresh_from_db()
    assert retry.status == TaskResultStatus.READY

    with time_machine.travel(before + 2 * MINUTE, tick=False):
        worker()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [request.applicant_email]
    assert "annulée" in mail.outbox[0].subject
    retry.refresh_from_db()
    assert retry.status == TaskResultStatus.SUCCESSFUL
    assert len(attempts()) == 2
    assert not AuditEntry.objects.filter(action="guichet.request.email_failed").exists()


def test_after_the_last_attempt_the_error_is_logged_and_the_clerks_told(
    provider, worker, commit, caplog, settings
):
    settings.EMAIL_RETRY_DELAYS = [1, 5]
    provider.extend(ConnectionRefusedError(111, "Connection refused") for _ in range(4))
    request = cancel(commit)
    start = timezone.now()
    with caplog.at_level(logging.WARNING, logger="guichet.tasks"):
        worker()
        with time_machine.travel(start + 2 * MINUTE, tick=False):
            worker()
        with time_machine.travel(start + 10 * MINUTE, tick=False):
            worker()
        with time_machine.travel(start + 24 * 60 * MINUTE, tick=False):
            worker()
    assert len(provider) == 1  # three attempts, no fourth
    assert mail.outbox == []
    results = attempts()
    assert [attempt for attempt, _ in results] == [1, 2, 3]
    *_, (_, last) = results
    assert last.status == TaskResultStatus.FAILED
    assert last.exception_class_path == "guichet.tasks.EmailNotDelivered"
    assert "@" not in last.traceback and "Connection refused" not in last.traceback
    records = task_records(caplog)
    assert [r.levelno for r in records] == [logging.WARNING, logging.WARNING, logging.ERROR]
    assert f"request id={request.pk} event=cancelled attempt=3" in records[-1].getMessage()
    entry = AuditEntry.objects.get(action="guichet.request.email_failed")
    assert entry.request == request and "3 tentatives" in entry.reason
    assert entry.data == {"event": "cancelled", "attempts": 3, "error": "ConnectionRefusedError"}


def test_a_refused_address_is_not_retried(provider, worker, commit, caplog):
    provider.append(
        smtplib.SMTPRecipientsRefused({"camille@example.test": (550, b"5.1.1 User unknown")})
    )
    cancel(commit)
    with caplog.at_level(logging.WARNING, logger="guichet.tasks"):
        worker()
    ((_, only),) = attempts()
    assert only.status == TaskResultStatus.FAILED
    assert "camille@" not in only.traceback
    (record,) = task_records(caplog)
    assert record.levelno == logging.ERROR
    assert "error=SMTPRecipientsRefused 550" in record.getMessage()
    assert AuditEntry.objects.filter(action="guichet.request.email_failed").count() == 1


def test_a_missing_request_is_not_an_error(worker, caplog):
    """Purged between the transition and the worker: nothing to send, nothing to retry."""
    from guichet import tasks

    tasks.send_request_email.enqueue(request_id=999_999, event="issued")
    worker()
    ((_, only),) = attempts()
    assert only.status == TaskResultStatus.SUCCESSFUL
    assert mail.outbox == []


# -- which failures are worth another attempt ---------------------------------------------


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), True),
        (smtplib.SMTPConnectError(421, b"Service not available"), True),
        (smtplib.SMTPAuthenticationError(535, b"Authentication failed"), True),
        (smtplib.SMTPDataError(451, b"Try again later"), True),
        (smtplib.SMTPRecipientsRefused({"a@example.test": (450, b"Greylisted")}), True),
        (ConnectionRefusedError(111, "Connection refused"), True),
        (TimeoutError("timed out"), True),
        (socket.gaierror(-2, "Name or service not known"), True),
        (smtplib.SMTPRecipientsRefused({"a@example.test": (550, b"User unknown")}), False),
        (smtplib.SMTPSenderRefused(553, b"Sender rejected", "noreply@example.test"), False),
        (smtplib.SMTPDataError(554, b"Message rejected"), False),
    ],
)
def test_transient_errors(error, transient):
    assert notifications.is_transient(error) is transient
    assert "@" not in notifications.describe(error)
