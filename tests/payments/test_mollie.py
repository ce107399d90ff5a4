"""The Mollie provider against recorded answers shaped like Mollie's API reference: what we
send (amount as a two-decimal string, webhook, metadata, the key in the Authorization
header) and how every answer and failure comes back (ProviderPayment, ProviderError,
ProviderUnavailable), never with the API key in a message."""

import json
import logging
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import requests
import responses
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

import config.settings
from guichet.payments.providers import (
    ProviderError,
    ProviderUnavailable,
    Status,
    get_provider,
    online_payment_available,
)
from guichet.payments.providers.mollie import MollieProvider

API_KEY = "test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM"
API = "https://api.mollie.com/v2"
PAYMENT_ID = "tr_WDqYK6vllg"
HAL = "application/hal+json"


@pytest.fixture(autouse=True)
def _mollie_settings(settings):
    settings.MOLLIE_API_KEY = API_KEY
    settings.PAYMENT_PROVIDER_TIMEOUT = 7


@pytest.fixture
def mollie():
    return MollieProvider()


@pytest.fixture
def api():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


def payment_json(status="open", **extra):
    """A payment as Mollie's "Get payment" answers it."""
    data = {
        "resource": "payment",
        "id": PAYMENT_ID,
        "mode": "test",
        "createdAt": "2026-03-12T10:56:15+00:00",
        "amount": {"value": "5.00", "currency": "EUR"},
        "description": "Commune de Val-des-Sources – demande 2026-000123",
        "method": None,
        "metadata": {"payment": "42"},
        "status": status,
        "isCancelable": False,
        "profileId": "pfl_7N5qjbu42V",
        "sequenceType": "oneoff",
        "redirectUrl": "https://guichet.example.be/paiement/retour/42/",
        "webhookUrl": "https://guichet.example.be/paiement/webhook/mollie/",
        "_links": {
            "self": {"href": f"{API}/payments/{PAYMENT_ID}", "type": HAL},
            "dashboard": {
                "href": f"https://www.mollie.com/dashboard/org_12345678/payments/{PAYMENT_ID}",
                "type": "text/html",
            },
            "documentation": {
                "href": "https://docs.mollie.com/reference/get-payment",
                "type": "text/html",
            },
        },
    }
    if status == "open":
        data["expiresAt"] = "2026-03-12T11:11:15+00:00"
        data["_links"]["checkout"] = {
            "href": "https://www.mollie.com/checkout/select-method/WDqYK6vllg",
            "type": "text/html",
        }
    data.update(extra)
    return data


def error_json(status, title, detail, field=None):
    data = {
        "status": status,
        "title": title,
        "detail": detail,
        "_links": {
            "documentation": {
                "href": "https://docs.mollie.com/overview/handling-errors",
                "type": "text/html",
            }
        },
    }
    if field:
        data["field"] = field
    return data


def create(mollie, **overrides):
    arguments = {
        "amount": Decimal("5"),
        "currency": "EUR",
        "description": "Commune de Val-des-Sources – demande 2026-000123",
        "redirect_url": "https://guichet.example.be/paiement/retour/42/",
        "webhook_url": "https://guichet.example.be/paiement/webhook/mollie/",
        "metadata": {"payment": "42"},
        "locale": "fr",
    } | overrides
    return mollie.create_payment(**arguments)


def sent_body(api, index=0):
    return json.loads(api.calls[index].request.body)


def chain(exc):
    """The exception and everything chained to it."""
    seen = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__
    return seen


def assert_no_key(exc, caplog):
    for each in chain(exc):
        assert API_KEY not in str(each)
        assert API_KEY not in repr(each.args)
    assert API_KEY not in caplog.text


# --- creating a payment --------------------------------------------------------------------


def test_create_sends_the_amount_as_a_two_decimal_string_with_webhook_and_metadata(mollie, api):
    api.post(f"{API}/payments", json=payment_json(), status=201, content_type=HAL)

    payment = create(mollie)

    assert sent_body(api) == {
        "amount": {"currency": "EUR", "value": "5.00"},
        "description": "Commune de Val-des-Sources – demande 2026-000123",
        "redirectUrl": "https://guichet.example.be/paiement/retour/42/",
        "webhookUrl": "https://guichet.example.be/paiement/webhook/mollie/",
        "metadata": {"payment": "42"},
        "locale": "fr_BE",
    }
    request = api.calls[0].request
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    assert request.headers["Idempotency-Key"]  # the SDK's: a retried POST is not doubled
    assert request.req_kwargs["timeout"] == 7
    assert payment.id == PAYMENT_ID
    assert payment.status == Status.OPEN
    assert payment.checkout_url == "https://www.mollie.com/checkout/select-method/WDqYK6vllg"
    assert payment.amount == Decimal("5.00")
    assert payment.currency == "EUR"
    assert payment.method == ""
    assert payment.paid_at is None
    assert payment.metadata == {"payment": "42"}
    assert payment.amount_refunded == Decimal("0")


def test_the_amount_is_never_localised(mollie, api, settings):
    settings.USE_THOUSAND_SEPARATOR = True
    api.post(f"{API}/payments", json=payment_json(), status=201, content_type=HAL)
    with translation.override("fr"):
        create(mollie, amount=Decimal("1234.5"))
    assert sent_body(api)["amount"] == {"currency": "EUR", "value": "1234.50"}


@pytest.mark.parametrize(
    ("language", "locale"),
    [
        ("fr", "fr_BE"),
        ("nl", "nl_BE"),
        ("de", "de_DE"),
        ("en", "en_US"),
        ("nl-be", "nl_BE"),
        ("it", "fr_BE"),
        ("", "fr_BE"),
        (None, "fr_BE"),
    ],
)
def test_the_checkout_speaks_the_citizens_language(mollie, api, language, locale):
    api.post(f"{API}/payments", json=payment_json(), status=201, content_type=HAL)
    create(mollie, locale=language)
    assert sent_body(api)["locale"] == locale


def test_without_a_webhook_address_none_is_sent(mollie, api):
    api.post(f"{API}/payments", json=payment_json(), status=201, content_type=HAL)
    create(mollie, webhook_url="")
    assert "webhookUrl" not in sent_body(api)


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5"), "abc", None, Decimal("NaN")])
def test_an_invalid_amount_is_refused_before_anything_is_sent(mollie, api, amount):
    with pytest.raises(ProviderError) as refused:
        create(mollie, amount=amount)
    assert not refused.value.retryable
    assert str(refused.value) == "Le montant doit être un nombre positif."
    assert len(api.calls) == 0


# --- reading a payment ---------------------------------------------------------------------


def test_an_open_payment_keeps_its_checkout_address(mollie, api):
    api.get(f"{API}/payments/{PAYMENT_ID}", json=payment_json("open"), content_type=HAL)
    payment = mollie.get_payment(PAYMENT_ID)
    assert payment.status == Status.OPEN
    assert payment.checkout_url.startswith("https://www.mollie.com/checkout/")
    assert api.calls[0].request.headers["Authorization"] == f"Bearer {API_KEY}"


def test_a_paid_payment_has_its_method_date_and_refunds(mollie, api):
    api.get(
        f"{API}/payments/{PAYMENT_ID}",
        json=payment_json(
            "paid",
            method="bancontact",
            paidAt="2026-03-12T10:59:04+00:00",
            amountRefunded={"value": "1.50", "currency": "EUR"},
            amountRemaining={"value": "3.50", "currency": "EUR"},
            details={"cardNumber": "1234", "consumerName": "Hr E G H K\u00fcppers en/of MW"},
        ),
        content_type=HAL,
    )
    payment = mollie.get_payment(PAYMENT_ID)
    assert payment.status == Status.PAID
    assert payment.method == "bancontact"
    assert mollie.method_label(payment.method) == "Bancontact"
    assert payment.paid_at == datetime(2026, 3, 12, 10, 59, 4, tzinfo=UTC)
    assert payment.amount_refunded == Decimal("1.50")
    assert payment.checkout_url == ""


@pytest.mark.parametrize(
    ("mollie_status", "status"),
    [
        ("failed", Status.FAILED),
        ("expired", Status.EXPIRED),
        ("canceled", Status.CANCELED),
        ("pending", Status.PENDING),
        ("authorized", Status.AUTHORIZED),
    ],
)
def test_every_mollie_status_has_its_own(mollie, api, mollie_status, status):
    api.get(f"{API}/payments/{PAYMENT_ID}", json=payment_json(mollie_status), content_type=HAL)
    payment = mollie.get_payment(PAYMENT_ID)
    assert payment.status == status
    assert payment.checkout_url == ""
    assert payment.paid_at is None


def test_a_status_mollie_added_later_counts_as_pending(mollie, api):
    api.get(f"{API}/payments/{PAYMENT_ID}", json=payment_json("settling"), content_type=HAL)
    assert mollie.get_payment(PAYMENT_ID).status == Status.PENDING


@pytest.mark.parametrize("payment_id", ["", "abc", "re_4qqhO89gsT", "tr_../../methods", None])
def test_a_malformed_payment_id_is_refused_without_a_request(mollie, api, payment_id):
    with pytest.raises(ProviderError, match="Identifiant de paiement Mollie invalide"):
        mollie.get_payment(payment_id)
    assert len(api.calls) == 0


# --- refunds -------------------------------------------------------------------------------


def test_a_refund_is_created_on_the_payment(mollie, api):
    api.post(
        f"{API}/payments/{PAYMENT_ID}/refunds",
        json={
            "resource": "refund",
            "id": "re_4qqhO89gsT",
            "amount": {"currency": "EUR", "value": "2.50"},
            "status": "pending",
            "createdAt": "2026-03-14T17:09:02+00:00",
            "description": "Remboursement de la demande 2026-000123",
            "metadata": None,
            "paymentId": PAYMENT_ID,
            "_links": {
                "self": {"href": f"{API}/payments/{PAYMENT_ID}/refunds/re_4qqhO89gsT", "type": HAL},
                "payment": {"href": f"{API}/payments/{PAYMENT_ID}", "type": HAL},
            },
        },
        status=201,
        content_type=HAL,
    )

    refund = mollie.create_refund(
        payment_id=PAYMENT_ID,
        amount=Decimal("2.5"),
        description="Remboursement de la demande 2026-000123",
    )

    assert sent_body(api) == {
        "amount": {"currency": "EUR", "value": "2.50"},
        "description": "Remboursement de la demande 2026-000123",
    }
    assert api.calls[0].request.headers["Authorization"] == f"Bearer {API_KEY}"
    assert refund.id == "re_4qqhO89gsT"
    assert refund.payment_id == PAYMENT_ID
    assert refund.status == "pending"
    assert refund.amount == Decimal("2.50")


def test_a_refund_above_what_is_left_is_refused(mollie, api, caplog):
    api.post(
        f"{API}/payments/{PAYMENT_ID}/refunds",
        json=error_json(
            422,
            "Unprocessable Entity",
            "The amount is higher than the amount that can be refunded",
            field="amount",
        ),
        status=422,
        content_type=HAL,
    )
    with pytest.raises(ProviderError) as refused:
        mollie.create_refund(payment_id=PAYMENT_ID, amount=Decimal("50"), description="x")
    assert not refused.value.retryable
    assert refused.value.status == 422
    assert refused.value.field == "amount"
    assert (
        str(refused.value) == "Mollie a refusé la demande (422) : le champ « amount » est invalide."
    )
    assert_no_key(refused.value, caplog)


# --- refusals and failures -----------------------------------------------------------------


def test_a_bad_key_is_a_refusal_that_never_shows_the_key(mollie, api, caplog):
    caplog.set_level(logging.DEBUG)
    api.post(
        f"{API}/payments",
        json=error_json(
            401, "Unauthorized Request", "Missing authentication, or failed to authenticate"
        ),
        status=401,
        content_type=HAL,
    )
    with pytest.raises(ProviderError) as refused:
        create(mollie)
    assert type(refused.value) is ProviderError
    assert not refused.value.retryable
    assert str(refused.value) == "Mollie a refusé la clé d'API (401) : vérifiez MOLLIE_API_KEY."
    assert_no_key(refused.value, caplog)


def test_an_unknown_payment_is_a_refusal(mollie, api, caplog):
    api.get(
        f"{API}/payments/tr_unknown42",
        json=error_json(404, "Not Found", "No payment exists with token tr_unknown42."),
        status=404,
        content_type=HAL,
    )
    with pytest.raises(ProviderError) as refused:
        mollie.get_payment("tr_unknown42")
    assert type(refused.value) is ProviderError
    assert refused.value.status == 404
    assert str(refused.value) == "Mollie ne connaît pas ce paiement (404)."
    assert_no_key(refused.value, caplog)


def test_an_invalid_webhook_is_a_refusal_naming_the_field(mollie, api):
    api.post(
        f"{API}/payments",
        json=error_json(
            422,
            "Unprocessable Entity",
            "The webhook URL is invalid because it is unreachable from Mollie's point of view",
            field="webhookUrl",
        ),
        status=422,
        content_type=HAL,
    )
    with pytest.raises(ProviderError) as refused:
        create(mollie, webhook_url="http://localhost/paiement/webhook/mollie/")
    assert not refused.value.retryable
    assert "« webhookUrl »" in str(refused.value)


@pytest.mark.parametrize(
    ("status", "title"),
    [(500, "Internal Server Error"), (503, "Service Unavailable"), (429, "Too Many Requests")],
)
def test_server_errors_and_rate_limits_are_worth_retrying(mollie, api, caplog, status, title):
    api.post(
        f"{API}/payments",
        json=error_json(status, title, "Something went wrong"),
        status=status,
        content_type=HAL,
    )
    with pytest.raises(ProviderUnavailable) as unavailable:
        create(mollie)
    assert unavailable.value.retryable
    assert unavailable.value.status == status
    assert str(unavailable.value) == (
        f"Mollie ne répond pas pour le moment (erreur {status}). Réessayez dans quelques minutes."
    )
    assert_no_key(unavailable.value, caplog)


def test_a_proxy_error_page_is_worth_retrying(mollie, api):
    api.get(
        f"{API}/payments/{PAYMENT_ID}",
        body="<html><body><h1>502 Bad Gateway</h1></body></html>",
        status=502,
        content_type="text/html",
    )
    with pytest.raises(ProviderUnavailable) as unavailable:
        mollie.get_payment(PAYMENT_ID)
    assert unavailable.value.retryable


@pytest.mark.parametrize(
    "failure",
    [
        requests.Timeout("Read timed out. (read timeout=7)"),
        requests.ConnectionError("Failed to establish a new connection"),
    ],
    ids=["timeout", "connection"],
)
def test_timeouts_and_connection_errors_are_worth_retrying(mollie, api, caplog, failure):
    api.post(f"{API}/payments", body=failure)
    with pytest.raises(ProviderUnavailable) as unavailable:
        create(mollie)
    assert unavailable.value.retryable
    assert str(unavailable.value) == (
        "Mollie ne répond pas pour le moment. Réessayez dans quelques minutes."
    )
    assert_no_key(unavailable.value, caplog)


def test_a_refund_timeout_is_worth_retrying(mollie, api):
    api.post(f"{API}/payments/{PAYMENT_ID}/refunds", body=requests.Timeout("timed out"))
    with pytest.raises(ProviderUnavailable):
        mollie.create_refund(payment_id=PAYMENT_ID, amount=Decimal("5"), description="x")


# --- configuration -------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["", "secret-4b2c", "sk_live_abc", "test_ab!cd"])
def test_the_provider_refuses_a_missing_or_malformed_key_without_quoting_it(settings, key):
    settings.MOLLIE_API_KEY = key
    with pytest.raises(ProviderError) as refused:
        MollieProvider()
    if key:
        assert key not in str(refused.value)
        for each in chain(refused.value):
            assert key not in str(each)


def test_get_provider_gives_mollie_when_configured(settings):
    settings.PAYMENT_PROVIDER = "mollie"
    provider = get_provider()
    assert isinstance(provider, MollieProvider)
    assert provider.name == "mollie"
    assert str(provider.label) == "Mollie"
    assert online_payment_available()
    settings.MOLLIE_API_KEY = ""
    assert not online_payment_available()


def test_method_labels(mollie):
    assert mollie.method_label("creditcard") == "Carte de crédit"
    assert mollie.method_label("applepay") == "Apple Pay"
    assert mollie.method_label("somethingnew") == "somethingnew"
    assert mollie.method_label("") == ""
    assert mollie.method_label(None) == ""


# The settings module read again with other environment variables.


def load_payment_settings(monkeypatch, **environment):
    for name in ("PAYMENT_PROVIDER", "MOLLIE_API_KEY", "PAYMENT_PROVIDER_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    # Run as a fresh copy of the module, beside the one Django already loaded.
    path = Path(config.settings.__file__).with_name("payments.py")
    namespace = {"__name__": "config.settings.payments_copy", "__package__": "config.settings"}
    exec(compile(path.read_text(), str(path), "exec"), namespace)  # noqa: S102
    return namespace


def test_settings_default_to_the_demo_provider_in_demo_mode(monkeypatch):
    loaded = load_payment_settings(monkeypatch)
    assert loaded["PAYMENT_PROVIDER"] == "demo"
    assert loaded["PAYMENT_PROVIDER_TIMEOUT"] == 10
    assert loaded["MOLLIE_API_KEY"] == ""


def test_settings_default_to_no_online_payment_outside_demo_mode(monkeypatch):
    monkeypatch.setattr("config.settings.base.DEMO_MODE", False)
    assert load_payment_settings(monkeypatch)["PAYMENT_PROVIDER"] == ""


def test_settings_refuse_the_demo_provider_outside_demo_mode(monkeypatch):
    monkeypatch.setattr("config.settings.base.DEMO_MODE", False)
    with pytest.raises(ImproperlyConfigured, match="demo mode only"):
        load_payment_settings(monkeypatch, PAYMENT_PROVIDER="demo")


def test_settings_take_mollie_with_a_key(monkeypatch):
    loaded = load_payment_settings(
        monkeypatch, PAYMENT_PROVIDER="mollie", MOLLIE_API_KEY=API_KEY, PAYMENT_PROVIDER_TIMEOUT="4"
    )
    assert loaded["PAYMENT_PROVIDER"] == "mollie"
    assert loaded["MOLLIE_API_KEY"] == API_KEY
    assert loaded["PAYMENT_PROVIDER_TIMEOUT"] == 4


def test_settings_refuse_mollie_without_a_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="needs MOLLIE_API_KEY"):
        load_payment_settings(monkeypatch, PAYMENT_PROVIDER="mollie")


def test_settings_refuse_a_malformed_key_without_quoting_it(monkeypatch):
    with pytest.raises(ImproperlyConfigured) as refused:
        load_payment_settings(monkeypatch, MOLLIE_API_KEY="sk_secret_value_42")
    assert "test_ or live_" in str(refused.value)
    assert "sk_secret_value_42" not in str(refused.value)


def test_settings_refuse_an_unknown_provider(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="PAYMENT_PROVIDER must be one of demo, mollie"):
        load_payment_settings(monkeypatch, PAYMENT_PROVIDER="stripe")


def test_settings_refuse_a_timeout_of_zero(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="PAYMENT_PROVIDER_TIMEOUT"):
        load_payment_settings(monkeypatch, PAYMENT_PROVIDER_TIMEOUT="0")
