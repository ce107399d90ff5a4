"""A provider whose answers the tests set: stands for the provider's API in core tests."""

import itertools
from decimal import Decimal

from django.utils import timezone

from guichet.payments.providers.base import (
    PaymentProvider,
    ProviderError,
    ProviderPayment,
    ProviderRefund,
    ProviderUnavailable,
    Status,
)

_ids = itertools.count(1)


class FakeProvider(PaymentProvider):
    name = "fake"
    label = "Fake"
    payments: dict = {}
    refunds: list = []
    down = False

    @classmethod
    def reset(cls):
        cls.payments = {}
        cls.refunds = []
        cls.down = False

    def _check(self):
        if type(self).down:
            raise ProviderUnavailable("timeout")

    def create_payment(
        self, *, amount, currency, description, redirect_url, webhook_url, metadata, locale
    ):
        self._check()
        pid = f"tr_fake{next(_ids)}"
        type(self).payments[pid] = {
            "status": Status.OPEN,
            "amount": Decimal(amount),
            "currency": currency,
            "method": "",
            "metadata": metadata,
        }
        return self.get_payment(pid)

    def get_payment(self, payment_id):
        self._check()
        data = type(self).payments.get(payment_id)
        if data is None:
            raise ProviderError("unknown payment")
        return ProviderPayment(
            id=payment_id,
            status=data["status"],
            amount=data["amount"],
            currency=data["currency"],
            method=data["method"],
            checkout_url=f"https://pay.example.test/{payment_id}"
            if data["status"] == Status.OPEN
            else "",
            paid_at=timezone.now() if data["status"] == Status.PAID else None,
            metadata=data["metadata"],
        )

    def create_refund(self, *, payment_id, amount, description):
        self._check()
        type(self).refunds.append((payment_id, Decimal(amount)))
        return ProviderRefund(
            id=f"re_{len(type(self).refunds)}",
            payment_id=payment_id,
            status="pending",
            amount=amount,
        )

    # Test controls: what the provider's API will say next.
    @classmethod
    def pay(cls, payment_id, method="bancontact"):
        cls.payments[payment_id].update(status=Status.PAID, method=method)

    @classmethod
    def set_status(cls, payment_id, status):
        cls.payments[payment_id]["status"] = status
