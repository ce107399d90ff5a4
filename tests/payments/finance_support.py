"""Shared by the finance tests: paying requests, finance clients and statement uploads."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guichet import roles, services
from guichet.constants import Assurance, Delivery, PaymentChoice
from guichet.models import KindSettings, Purpose
from tests.conftest import make_staff, set_commune_account, verify_session
from tests.factories import family, make_citizen
from tests.payments.fake_provider import FakeProvider

FEE = Decimal("3.00")


@pytest.fixture
def paying(settings):
    settings.PAYMENT_PROVIDERS = {
        **settings.PAYMENT_PROVIDERS,
        "fake": "tests.payments.fake_provider.FakeProvider",
    }
    settings.PAYMENT_PROVIDER = "fake"
    set_commune_account(iban="BE71 0961 2345 6769")
    FakeProvider.reset()
    KindSettings.objects.filter(kind="composition-menage").update(base_fee=FEE)
    return FakeProvider


def order(*, choice=PaymentChoice.TRANSFER, delivery=Delivery.DOWNLOAD, purpose="banque"):
    return services.Order(
        kind="composition-menage",
        subject_type="self",
        subject_niss="",
        relationship="",
        relationship_detail="",
        details={},
        purpose=Purpose.objects.get(kind="composition-menage", code=purpose),
        purpose_explanation="",
        copies=1,
        delivery=delivery,
        postal_address={},
        submission_key="",
        payment_choice=choice,
    )


def new_citizen():
    parent, *_ = family()
    return make_citizen(parent)


def submit(commit, citizen=None, **kwargs):
    citizen = citizen or new_citizen()
    with commit():
        return services.request_submit(
            citizen=citizen, assurance=Assurance.HIGH, order=order(**kwargs)
        )


def finance_client(client, username="compta"):
    user = make_staff(username, roles.FINANCES)
    verify_session(client, user)
    return client, user


def upload(data, name="extrait.cod"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")
