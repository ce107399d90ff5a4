"""Notifications from payment providers.

A provider's webhook carries only its payment id. Nothing in the notification is believed:
the payment is read back from the provider's API (guichet.payments.services.payment_sync).
A notification for an unknown id, a replay, or one arriving before, after or instead of the
citizen's return changes nothing or exactly what the provider's API says. When the provider
cannot be reached the request is left as it is and the worker asks again later.
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone

from guichet.audit import audit
from guichet.payments.providers.base import ProviderError, ProviderUnavailable

logger = logging.getLogger(__name__)


def receive(*, provider, provider_id, attempt=1):
    """Handle one notification (the webhook view, the demo provider, the retry task)."""
    from guichet.payments.services import payment_sync

    try:
        return payment_sync(provider=provider, provider_id=provider_id, source="webhook")
    except ProviderUnavailable:
        _retry_later(provider, provider_id, attempt)
    except ProviderError as error:
        audit("guichet.payment.provider_refused", provider=provider, error=type(error).__name__)
        logger.warning("payment provider %s refused a status request: %s", provider, error)
    return None


def _retry_later(provider, provider_id, attempt):
    from guichet import tasks

    delays = settings.PAYMENT_SYNC_RETRY_DELAYS
    backend_defers = tasks.sync_payment.get_backend().supports_defer
    if attempt > len(delays) or not backend_defers:
        audit(
            "guichet.payment.provider_unreachable",
            provider=provider,
            attempts=attempt,
        )
        logger.error(
            "payment provider %s unreachable, status not read after %s attempt(s)",
            provider,
            attempt,
        )
        return
    run_after = timezone.now() + datetime.timedelta(minutes=delays[attempt - 1])
    tasks.sync_payment.using(run_after=run_after).enqueue(
        provider=provider, provider_id=provider_id, attempt=attempt + 1
    )
    logger.warning(
        "payment provider %s unreachable, status check %s scheduled", provider, attempt + 1
    )
