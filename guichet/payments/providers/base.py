"""The provider interface (a provider is one module implementing PaymentProvider)."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


class Status:
    OPEN = "open"
    PENDING = "pending"
    AUTHORIZED = "authorized"
    PAID = "paid"
    FAILED = "failed"
    CANCELED = "canceled"
    EXPIRED = "expired"


@dataclass(frozen=True)
class ProviderPayment:
    id: str
    status: str
    amount: Decimal
    currency: str
    method: str
    checkout_url: str
    paid_at: datetime | None
    metadata: dict = field(default_factory=dict)
    amount_refunded: Decimal = Decimal("0")


@dataclass(frozen=True)
class ProviderRefund:
    id: str
    payment_id: str
    status: str
    amount: Decimal


class ProviderError(Exception):
    retryable = False


class ProviderUnavailable(ProviderError):
    retryable = True


class PaymentProvider:
    name = ""
    label = ""

    def create_payment(
        self, *, amount, currency, description, redirect_url, webhook_url, metadata, locale
    ):
        raise NotImplementedError

    def get_payment(self, payment_id):
        raise NotImplementedError

    def create_refund(self, *, payment_id, amount, description):
        raise NotImplementedError

    def method_label(self, method):
        return method
