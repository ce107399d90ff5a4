"""Background work (Django Tasks): immediate in the demo and tests, a worker in production.

Request e-mails are retried with a growing delay (settings.EMAIL_RETRY_DELAYS, in minutes)
when the mail server cannot be reached; each retry is a new task enqueued with run_after, so
it needs a backend that can defer (django_tasks_db's worker). Delivery is at least once: an
attempt that failed after the server had accepted the message sends it again. Task arguments
and log lines hold ids, the event and the attempt number only, never an address or a name.
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


class EmailNotDelivered(Exception):
    """The last attempt failed; recorded by the worker as the task's error (ids only)."""


@task(takes_context=True)
def send_request_email(context, *, request_id, event, attempt=1):
    """Send the e-mail of a request event; on a transient failure, enqueue the next attempt."""
    from guichet import notifications

    try:
        return notifications.send_request_email(request_id=request_id, event=event)
    except OSError as error:  # smtplib.SMTPException, ConnectionError, TimeoutError, socket
        failure = error
    what = notifications.describe(failure)
    this_task = context.task_result.task
    delays = settings.EMAIL_RETRY_DELAYS
    can_defer = this_task.get_backend().supports_defer
    if notifications.is_transient(failure) and can_defer and attempt <= len(delays):
        run_after = timezone.now() + datetime.timedelta(minutes=delays[attempt - 1])
        this_task.using(run_after=run_after).enqueue(
            request_id=request_id, event=event, attempt=attempt + 1
        )
        logger.warning(
            "request e-mail not sent, retry scheduled: request id=%s event=%s attempt=%s "
            "error=%s next attempt at %s",
            request_id,
            event,
            attempt,
            what,
            run_after.isoformat(timespec="seconds"),
        )
        return {"delivered": False, "next_attempt": attempt + 1}
    logger.error(
        "request e-mail not delivered, giving up: request id=%s event=%s attempt=%s error=%s",
        request_id,
        event,
        attempt,
        what,
    )
    notifications.record_undelivered(
        request_id=request_id, event=event, attempts=attempt, error=failure
    )
    if not can_defer:
        # Run in the web request (ImmediateBackend): the transition is committed, stop here.
        return {"delivered": False, "next_attempt": None}
    # The worker records the task as failed (django_tasks_db admin). `from None`: the SMTP
    # error's message may hold the address and would end up in the stored traceback.
    raise EmailNotDelivered(
        f"request id={request_id} event={event} attempt={attempt} error={what}"
    ) from None


@task()
def sync_payment(*, provider, provider_id, attempt=1):
    """Read a provider payment again after its API could not be reached (payments.webhooks)."""
    from guichet.payments import webhooks

    webhooks.receive(provider=provider, provider_id=provider_id, attempt=attempt)
    return {"attempt": attempt}


@task()
def refund_online_payment(*, refund_id, attempt=1):
    """Ask the provider to refund; retried while it cannot be reached, then left to finance."""
    from guichet.payments import services
    from guichet.payments.providers.base import ProviderUnavailable

    try:
        refund = services.refund_through_provider(refund_id)
    except ProviderUnavailable:
        delays = settings.PAYMENT_SYNC_RETRY_DELAYS
        if attempt <= len(delays) and refund_online_payment.get_backend().supports_defer:
            run_after = timezone.now() + datetime.timedelta(minutes=delays[attempt - 1])
            refund_online_payment.using(run_after=run_after).enqueue(
                refund_id=refund_id, attempt=attempt + 1
            )
        else:
            services.refund_unreachable(refund_id)
        logger.warning("refund id=%s: provider unreachable (attempt %s)", refund_id, attempt)
        return {"refunded": False}
    return {"refunded": refund.status}
