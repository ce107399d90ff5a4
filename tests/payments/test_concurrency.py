"""Fifty notifications and returns for one payment at once, on PostgreSQL: one transition."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from guichet import services
from guichet.constants import Assurance, State
from guichet.models import AuditEntry, KindSettings, Payment, Refund
from guichet.payments import services as payments
from tests.factories import family, make_citizen
from tests.payments.fake_provider import FakeProvider
from tests.payments.test_core import order

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks under real concurrency); set DATABASE_URL")
    settings.PAYMENT_PROVIDERS = {
        **settings.PAYMENT_PROVIDERS,
        "fake": "tests.payments.fake_provider.FakeProvider",
    }
    settings.PAYMENT_PROVIDER = "fake"
    FakeProvider.reset()


def test_fifty_concurrent_webhooks_and_returns_make_one_transition():
    KindSettings.objects.filter(kind="composition-menage").update(base_fee=Decimal("2.00"))
    parent, *_ = family()
    citizen = make_citizen(parent)
    # A low sign-in: the paid request waits for a clerk (no PDF rendering in the race).
    request = services.request_submit(citizen=citizen, assurance=Assurance.LOW, order=order())
    payment = payments.payment_start_online(
        document_request=request,
        citizen_user=citizen.user,
        redirect_url="https://example.test/retour",
        webhook_url="https://example.test/paiement/webhook/fake/",
        locale="fr_BE",
    )
    FakeProvider.pay(payment.provider_id)
    barrier = threading.Barrier(50)
    errors = []

    def notify(index):
        try:
            barrier.wait(timeout=20)
            payments.payment_sync(
                provider="fake",
                provider_id=payment.provider_id,
                source="webhook" if index % 2 else "return",
            )
        except Exception as error:  # noqa: BLE001 - asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=notify, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    request.refresh_from_db()
    assert request.state == State.SUBMITTED
    assert (
        AuditEntry.objects.filter(request=request, action="guichet.payment.received").count() == 1
    )
    assert Payment.objects.filter(request=request, status=Payment.Status.PAID).count() == 1
    assert not Refund.objects.exists()
    assert Payment.objects.get(pk=payment.pk).receipt_number
