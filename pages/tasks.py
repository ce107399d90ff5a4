"""Background work of the website (Django Tasks, like guichet.tasks): the works alert
e-mails, retried with a growing delay (settings.EMAIL_RETRY_DELAYS) when the mail server
cannot be reached. Arguments and log lines hold ids only, never an address."""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


class AlertNotDelivered(Exception):
    """The last attempt failed (ids only: the SMTP error may hold the address)."""


@task(takes_context=True)
def send_alert_email(context, *, kind, subscription_id, notice_id=None, event="", attempt=1):
    from guichet import notifications
    from pages import alerts

    try:
        return alerts.send_email(
            kind=kind, subscription_id=subscription_id, notice_id=notice_id, event=event
        )
    except OSError as error:
        failure = error
    what = notifications.describe(failure)
    this_task = context.task_result.task
    delays = settings.EMAIL_RETRY_DELAYS
    can_defer = this_task.get_backend().supports_defer
    ids = f"kind={kind} subscription id={subscription_id} notice id={notice_id} event={event}"
    if notifications.is_transient(failure) and can_defer and attempt <= len(delays):
        run_after = timezone.now() + datetime.timedelta(minutes=delays[attempt - 1])
        this_task.using(run_after=run_after).enqueue(
            kind=kind,
            subscription_id=subscription_id,
            notice_id=notice_id,
            event=event,
            attempt=attempt + 1,
        )
        logger.warning(
            "works alert e-mail not sent, retry scheduled: %s attempt=%s error=%s",
            ids,
            attempt,
            what,
        )
        return {"delivered": False, "next_attempt": attempt + 1}
    logger.error(
        "works alert e-mail not delivered, giving up: %s attempt=%s error=%s", ids, attempt, what
    )
    if not can_defer:
        return {"delivered": False, "next_attempt": None}
    raise AlertNotDelivered(f"{ids} attempt={attempt} error={what}") from None
