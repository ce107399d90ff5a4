"""The contract between the payments core and an online payment provider.

A provider is one module implementing `PaymentProvider`: it creates a payment and gives the
address of its hosted checkout, reads a payment's status back (after the provider called our
webhook, or when the citizen returns), and refunds. It knows nothing of the core's models: it
speaks in `ProviderPayment` and `ProviderRefund`, with the statuses of `Status`, and fails
with `ProviderError` (a refusal: do not try again as is) or `ProviderUnavailable` (the
provider could not be reached or answered with a server error: try again later).
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Status:
    """Normalised payment statuses, the same whichever provider took the payment."""

    OPEN = "open"  # created, the citizen has not paid (yet)
    PENDING = "pending"  # paid, the provider is still confirming
    AUTHORIZED = "authorized"  # authorised, to be captured (cards, some methods)
    PAID = "paid"
    FAILED = "failed"
    CANCELED = "canceled"  # the citizen gave up on the checkout page
    EXPIRED = "expired"  # the citizen never finished within the provider's time limit

    ALL = (OPEN, PENDING, AUTHORIZED, PAID, FAILED, CANCELED, EXPIRED)
    # Nothing will change any more (except refunds of a paid payment).
    FINAL = (PAID, FAILED, CANCELED, EXPIRED)


class RefundStatus:
    QUEUED = "queued"
    PENDING = "pending"
    PROCESSING = "processing"
    REFUNDED = "refunded"
    FAILED = "failed"
    CANCELED = "canceled"

    ALL = (QUEUED, PENDING, PROCESSING, REFUNDED, FAILED, CANCELED)


@dataclass(frozen=True)
class ProviderPayment:
    id: str
    status: str
    amount: Decimal
    currency: str
    method: str  # "bancontact", "creditcard", "applepay", ... or ""
    checkout_url: str  # where to send the citizen; "" unless open
    paid_at: datetime | None
    metadata: dict = field(default_factory=dict)
    amount_refunded: Decimal = Decimal("0")


@dataclass(frozen=True)
class ProviderRefund:
    id: str
    payment_id: str
    status: str  # one of RefundStatus
    amount: Decimal


class ProviderError(Exception):
    """The provider refused: bad key, unknown payment, invalid amount. Trying again as is
    gives the same answer. The message is in French and safe to show to staff (it never
    carries the API key)."""

    retryable = False

    def __init__(self, message, *, status=None, field=""):
        super().__init__(message)
        self.message = str(message)
        self.status = status  # the provider's HTTP status, when it answered
        self.field = field  # the field it refused, when it said which


class ProviderUnavailable(ProviderError):
    """Timeout, connection error, server error (5xx) or rate limit (429): try again later."""

    retryable = True


CURRENCY = re.compile(r"[A-Z]{3}")
CENT = Decimal("0.01")


def checked_amount(amount):
    """The amount as a Decimal with two decimals, or ProviderError when it is not a positive
    number (checked before anything is sent to a provider)."""
    try:
        value = Decimal(amount).quantize(CENT)
    except (InvalidOperation, TypeError, ValueError):
        value = None
    if value is None or not value.is_finite() or value <= 0:
        raise ProviderError(gettext("Le montant doit être un nombre positif."))
    return value


def checked_currency(currency):
    """EUR, USD...: an ISO 4217 code in capitals, or ProviderError."""
    currency = str(currency or "").upper()
    if not CURRENCY.fullmatch(currency):
        raise ProviderError(gettext("La devise doit être un code à trois lettres (EUR)."))
    return currency


# What a citizen or a clerk reads for a method code (Mollie's codes, which most Belgian
# providers share); a provider may extend it.
METHOD_LABELS = {
    "applepay": _("Apple Pay"),
    "bancomatpay": _("Bancomat Pay"),
    "bancontact": _("Bancontact"),
    "banktransfer": _("Virement bancaire"),
    "belfius": _("Belfius Pay Button"),
    "creditcard": _("Carte de crédit"),
    "directdebit": _("Domiciliation SEPA"),
    "eps": _("EPS"),
    "giftcard": _("Carte cadeau"),
    "googlepay": _("Google Pay"),
    "ideal": _("iDEAL"),
    "kbc": _("KBC/CBC Payment Button"),
    "klarna": _("Klarna"),
    "paypal": _("PayPal"),
    "paysafecard": _("Paysafecard"),
    "przelewy24": _("Przelewy24"),
    "trustly": _("Trustly"),
    "twint": _("TWINT"),
}


class PaymentProvider:
    """The interface every provider implements (guichet.payments.providers.mollie and .demo
    are the two examples; docs/payments.md explains how to add another)."""

    name = ""  # the code stored with a payment: "mollie", "demo"
    label = ""  # what staff read: "Mollie", "Paiement de démonstration" (translated)

    def create_payment(
        self, *, amount, currency, description, redirect_url, webhook_url, metadata, locale
    ):
        """Create a payment; returns it `open` with its `checkout_url`."""
        raise NotImplementedError

    def get_payment(self, payment_id):
        """The payment as the provider sees it now."""
        raise NotImplementedError

    def create_refund(self, *, payment_id, amount, description):
        """Refund `amount` (at most what is left) of a paid payment."""
        raise NotImplementedError

    def method_label(self, method):
        """ "Bancontact", "Carte de crédit" ... for a method code; the code itself when
        unknown, "" for none."""
        if not method:
            return ""
        return str(METHOD_LABELS.get(method, method))
