"""Mollie (https://www.mollie.com), through its official SDK, mollie-api-python.

The citizen pays on Mollie's hosted checkout (Bancontact, cards, Apple Pay...), Mollie then
calls our webhook with the payment's id only, and we read the payment back (`get_payment`):
the webhook's body is never trusted. Settings: MOLLIE_API_KEY, PAYMENT_PROVIDER_TIMEOUT.

Errors: anything that says "try later" (timeout, connection, 5xx, 429, an unreadable answer)
is ProviderUnavailable; a refusal (401 bad key, 404 unknown payment, 422 invalid data) is
ProviderError with a French message for staff. The API key never appears in either.
"""

import logging
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from mollie.api import error as mollie_errors
from mollie.api.client import Client
from mollie.api.objects.payment import Payment

from guichet.payments.providers.base import (
    PaymentProvider,
    ProviderError,
    ProviderPayment,
    ProviderRefund,
    ProviderUnavailable,
    RefundStatus,
    Status,
    checked_amount,
    checked_currency,
)

logger = logging.getLogger(__name__)

API_KEY = re.compile(r"(test|live)_\w+")
PAYMENT_ID = re.compile(r"tr_\w+")

# Mollie's checkout languages for the site's languages; anything else: French (Belgium).
LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "de": "de_DE", "en": "en_US"}
DEFAULT_LOCALE = "fr_BE"

STATUSES = {
    "open": Status.OPEN,
    "pending": Status.PENDING,
    "authorized": Status.AUTHORIZED,
    "paid": Status.PAID,
    "failed": Status.FAILED,
    "canceled": Status.CANCELED,
    "expired": Status.EXPIRED,
}


def mollie_locale(language):
    """fr_BE, nl_BE, de_DE or en_US for a language code ("fr", "nl-be", "de_DE"...)."""
    return LOCALES.get((language or "")[:2].lower(), DEFAULT_LOCALE)


def mollie_amount(amount, currency):
    """{"currency": "EUR", "value": "5.00"}: two decimals, a dot, never localised."""
    return {"currency": checked_currency(currency), "value": f"{checked_amount(amount):.2f}"}


def parse_amount(data):
    """Decimal("5.00") from Mollie's {"currency": ..., "value": "5.00"}; 0 when absent."""
    try:
        return Decimal((data or {}).get("value") or "0")
    except (InvalidOperation, TypeError, AttributeError):
        return Decimal("0")


class MollieProvider(PaymentProvider):
    name = "mollie"
    label = gettext_lazy("Mollie")

    def __init__(self, api_key=None, timeout=None):
        api_key = settings.MOLLIE_API_KEY if api_key is None else api_key
        # Checked here rather than by the SDK, whose own message would quote the key.
        if not api_key:
            raise ProviderError(_("Mollie n'est pas configuré : la clé d'API est absente."))
        if not API_KEY.fullmatch(api_key):
            raise ProviderError(_("La clé d'API Mollie n'a pas la bonne forme (test_… ou live_…)."))
        timeout = settings.PAYMENT_PROVIDER_TIMEOUT if timeout is None else timeout
        # One more attempt on a connection error only (nothing was sent then, so it cannot
        # create a payment twice); never on a read timeout.
        self.client = Client(timeout=timeout, retry=1)
        self.client.api_key = api_key

    # --- the interface ---------------------------------------------------------------

    def create_payment(
        self, *, amount, currency, description, redirect_url, webhook_url, metadata, locale
    ):
        data = {
            "amount": mollie_amount(amount, currency),
            "description": str(description)[:255],
            "redirectUrl": redirect_url,
            "metadata": metadata or {},
            "locale": mollie_locale(locale),
        }
        # Mollie refuses a webhook it cannot reach (localhost): without one, the status is
        # read when the citizen comes back.
        if webhook_url:
            data["webhookUrl"] = webhook_url
        payment = self._call("create_payment", lambda: self.client.payments.create(data))
        return self._payment(payment)

    def get_payment(self, payment_id):
        self._check_payment_id(payment_id)
        payment = self._call("get_payment", lambda: self.client.payments.get(payment_id))
        return self._payment(payment)

    def create_refund(self, *, payment_id, amount, description):
        self._check_payment_id(payment_id)
        # The interface carries no currency: the commune's payments are in euros.
        data = {"amount": mollie_amount(amount, "EUR"), "description": str(description)[:255]}
        # The refunds of a payment without fetching it first: one request.
        refunds = Payment({"id": payment_id}, self.client).refunds
        refund = self._call("create_refund", lambda: refunds.create(data))
        status = refund.get("status") or RefundStatus.PENDING
        return ProviderRefund(
            id=refund.get("id") or "",
            payment_id=refund.get("paymentId") or payment_id,
            status=status if status in RefundStatus.ALL else RefundStatus.PENDING,
            amount=parse_amount(refund.get("amount")),
        )

    # --- helpers -----------------------------------------------------------------------

    def _check_payment_id(self, payment_id):
        if not PAYMENT_ID.fullmatch(str(payment_id or "")):
            raise ProviderError(_("Identifiant de paiement Mollie invalide."))

    def _payment(self, payment):
        status = STATUSES.get(payment.status)
        if status is None:
            # A status Mollie added since: not final, so the payment is read again later.
            logger.warning("Mollie payment %s: unknown status %r", payment.id, payment.status)
            status = Status.PENDING
        paid_at = parse_datetime(payment.paid_at) if payment.paid_at else None
        amount = payment.amount or {}
        return ProviderPayment(
            id=payment.id,
            status=status,
            amount=parse_amount(amount),
            currency=amount.get("currency") or "EUR",
            method=payment.method or "",
            checkout_url=(payment.checkout_url or "") if status == Status.OPEN else "",
            paid_at=paid_at,
            metadata=payment.metadata if isinstance(payment.metadata, dict) else {},
            amount_refunded=parse_amount(payment.amount_refunded),
        )

    def _call(self, action, call):
        """Run one SDK call, turning its errors into ProviderError/ProviderUnavailable."""
        try:
            return call()
        except mollie_errors.ResponseError as exc:
            raise self._refusal(action, exc) from exc
        except mollie_errors.RequestSetupError as exc:
            # Data the SDK could not send (no request went out); never the key (checked above).
            logger.warning("Mollie %s: request not sent (%s)", action, type(exc).__name__)
            raise ProviderError(_("La demande au prestataire de paiement est invalide.")) from None
        except mollie_errors.RequestError as exc:
            # requests' Timeout, ConnectionError...: wrapped by the SDK.
            logger.warning("Mollie %s: unreachable (%s)", action, type(exc.__context__).__name__)
            raise ProviderUnavailable(
                _("Mollie ne répond pas pour le moment. Réessayez dans quelques minutes.")
            ) from exc
        except mollie_errors.ResponseHandlingError as exc:
            # An answer that is not Mollie's JSON (a proxy's 502 page...).
            logger.warning("Mollie %s: unreadable answer", action)
            raise ProviderUnavailable(
                _("Mollie a donné une réponse illisible. Réessayez dans quelques minutes.")
            ) from exc
        except mollie_errors.Error as exc:
            logger.warning("Mollie %s: %s", action, type(exc).__name__)
            raise ProviderError(_("Réponse inattendue de Mollie.")) from exc

    def _refusal(self, action, exc):
        status = exc.status
        field = exc.field or ""
        # Mollie's explanation, in English, for the logs: it names the field, not the data.
        logger.warning("Mollie %s: HTTP %s %s %s", action, status, field, exc)
        if status == 429 or (isinstance(status, int) and status >= 500):
            return ProviderUnavailable(
                _(
                    "Mollie ne répond pas pour le moment (erreur %(status)s). "
                    "Réessayez dans quelques minutes."
                )
                % {"status": status},
                status=status,
            )
        if status == 401:
            message = _("Mollie a refusé la clé d'API (401) : vérifiez MOLLIE_API_KEY.")
        elif status == 403:
            message = _("Mollie refuse cette opération à ce compte (403).")
        elif status == 404:
            message = _("Mollie ne connaît pas ce paiement (404).")
        elif status == 422 and field:
            message = _(
                "Mollie a refusé la demande (422) : le champ « %(field)s » est invalide."
            ) % {"field": field}
        else:
            message = _("Mollie a refusé la demande (%(status)s).") % {"status": status}
        return ProviderError(message, status=status, field=field)
