"""The demo provider (demo mode only): payments kept in DemoProviderPayment, its hosted page
/paiement/demo/<id>/ with its three choices, the webhook handler told after the choice, the
citizen sent back; refunds; nothing at all outside demo mode."""

import logging
from decimal import Decimal

import pytest
from django.test import Client

from guichet.models import DemoProviderPayment
from guichet.payments.providers import (
    ProviderError,
    RefundStatus,
    Status,
    get_provider,
    online_payment_available,
)
from guichet.payments.providers.demo import DemoProvider

pytestmark = pytest.mark.django_db

RETURN = "/guichet/paiement/retour/"
WEBHOOK = "http://127.0.0.1:8000/paiement/webhook/demo/"
CALLS = []


def record(*, provider, provider_id):
    """A webhook handler that notes the call and what get_payment says at that moment."""
    CALLS.append((provider, provider_id, get_provider(provider).get_payment(provider_id).status))


def broken(*, provider, provider_id):
    raise RuntimeError("the core is down")


@pytest.fixture(autouse=True)
def _demo(settings):
    settings.DEMO_MODE = True
    settings.PAYMENT_PROVIDER = "demo"
    settings.PAYMENT_WEBHOOK_HANDLER = "tests.payments.test_demo_provider.record"
    CALLS.clear()


def create(**overrides):
    arguments = {
        "amount": Decimal("7.5"),
        "currency": "EUR",
        "description": "Demande 2026-000123 – composition de ménage",
        "redirect_url": RETURN,
        "webhook_url": WEBHOOK,
        "metadata": {"payment": "42"},
        "locale": "fr",
    } | overrides
    return get_provider().create_payment(**arguments)


def page(client, payment_id):
    return client.get(f"/paiement/demo/{payment_id}/")


# --- the provider --------------------------------------------------------------------------


def test_a_demo_payment_is_open_with_the_address_of_the_demo_page():
    payment = create()
    assert payment.id.startswith("tr_demo")
    assert len(payment.id) == len("tr_demo") + 16
    assert payment.status == Status.OPEN
    assert payment.checkout_url == f"/paiement/demo/{payment.id}/"
    assert payment.amount == Decimal("7.50")
    assert payment.currency == "EUR"
    assert payment.method == ""
    assert payment.paid_at is None
    assert payment.metadata == {"payment": "42"}
    row = DemoProviderPayment.objects.get(pk=payment.id)
    assert row.webhook_url == WEBHOOK
    assert row.redirect_url == RETURN
    assert get_provider().get_payment(payment.id) == payment


def test_each_payment_has_its_own_id():
    assert create().id != create().id


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": Decimal("0")}, "Le montant doit être un nombre positif."),
        ({"amount": "douze"}, "Le montant doit être un nombre positif."),
        ({"currency": "euro"}, "La devise doit être un code à trois lettres (EUR)."),
        ({"redirect_url": "javascript:alert(1)"}, "L'adresse de retour du paiement est invalide."),
        ({"redirect_url": "//evil.example/"}, "L'adresse de retour du paiement est invalide."),
    ],
)
def test_invalid_data_is_refused(overrides, message):
    with pytest.raises(ProviderError) as refused:
        create(**overrides)
    assert str(refused.value) == message
    assert not DemoProviderPayment.objects.exists()


def test_an_unknown_payment_is_a_refusal():
    with pytest.raises(ProviderError, match="Ce paiement de démonstration n'existe pas."):
        get_provider().get_payment("tr_demoUnknown")


def test_the_labels():
    provider = get_provider()
    assert provider.name == "demo"
    assert str(provider.label) == "Paiement de démonstration"
    assert provider.method_label("bancontact") == "Bancontact"


def test_outside_demo_mode_there_is_no_demo_provider(settings):
    settings.DEMO_MODE = False
    with pytest.raises(ProviderError, match="mode démonstration"):
        get_provider("demo")
    assert not online_payment_available()


def test_online_payment_is_available_with_a_provider_only(settings):
    assert online_payment_available()
    settings.PAYMENT_PROVIDER = ""
    assert not online_payment_available()
    with pytest.raises(ProviderError, match="Le paiement en ligne n'est pas configuré."):
        get_provider()
    with pytest.raises(ProviderError, match="n'existe pas"):
        get_provider("stripe")


# --- the page ------------------------------------------------------------------------------


def test_the_page_says_it_is_a_demo_and_offers_three_choices(client):
    payment = create()
    response = page(client, payment.id)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Paiement de démonstration</h1>" in html
    assert "Ceci est une démonstration : aucun argent n'est débité." in html
    assert "7,50 €" in html
    assert "Demande 2026-000123 – composition de ménage" in html
    assert 'value="pay">Payer avec Bancontact (démo)</button>' in html
    assert 'value="fail">Simuler un échec</button>' in html
    assert 'value="cancel">Annuler le paiement</button>' in html
    assert "csrfmiddlewaretoken" in html
    assert "no-store" in response["Cache-Control"]


def test_paying_marks_it_paid_tells_the_core_and_sends_the_citizen_back(client):
    payment = create()
    response = client.post(f"/paiement/demo/{payment.id}/", {"choice": "pay"})
    assert response.status_code == 302
    assert response["Location"] == RETURN
    # The handler ran after the change was saved, as a provider's webhook call.
    assert [("demo", payment.id, Status.PAID)] == CALLS
    paid = get_provider().get_payment(payment.id)
    assert paid.status == Status.PAID
    assert paid.method == "bancontact"
    assert paid.paid_at is not None
    assert paid.checkout_url == ""


@pytest.mark.parametrize(
    ("choice", "status"), [("fail", Status.FAILED), ("cancel", Status.CANCELED)]
)
def test_failing_or_cancelling(client, choice, status):
    payment = create()
    response = client.post(f"/paiement/demo/{payment.id}/", {"choice": choice})
    assert response["Location"] == RETURN
    assert [("demo", payment.id, status)] == CALLS
    after = get_provider().get_payment(payment.id)
    assert after.status == status
    assert after.paid_at is None
    assert after.method == ""


@pytest.mark.parametrize(
    ("choice", "outcome"),
    [
        ("pay", "Ce paiement a été effectué le "),
        ("fail", "Ce paiement a échoué (simulation)."),
        ("cancel", "Ce paiement a été annulé."),
    ],
)
def test_a_decided_payment_shows_its_outcome_and_the_way_back(client, choice, outcome):
    payment = create()
    client.post(f"/paiement/demo/{payment.id}/", {"choice": choice})
    html = page(client, payment.id).content.decode()
    assert outcome in html
    assert f'<a class="button" href="{RETURN}">Retourner au guichet</a>' in html
    assert 'name="choice"' not in html


def test_a_second_click_changes_nothing_and_calls_no_webhook(client):
    payment = create()
    client.post(f"/paiement/demo/{payment.id}/", {"choice": "pay"})
    response = client.post(f"/paiement/demo/{payment.id}/", {"choice": "cancel"})
    assert response.status_code == 302
    assert response["Location"] == RETURN
    assert len(CALLS) == 1
    assert get_provider().get_payment(payment.id).status == Status.PAID


@pytest.mark.parametrize("data", [{}, {"choice": "steal"}])
def test_no_choice_shows_the_page_again_with_the_problem(client, data):
    payment = create()
    response = client.post(f"/paiement/demo/{payment.id}/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Il y a un problème" in html
    assert "Choisissez une des trois actions : payer, simuler un échec ou annuler." in html
    assert 'value="pay"' in html
    assert CALLS == []
    assert get_provider().get_payment(payment.id).status == Status.OPEN


def test_the_choice_needs_the_csrf_token():
    payment = create()
    response = Client(enforce_csrf_checks=True).post(
        f"/paiement/demo/{payment.id}/", {"choice": "pay"}
    )
    assert response.status_code == 403
    assert get_provider().get_payment(payment.id).status == Status.OPEN


def test_a_failing_webhook_handler_still_sends_the_citizen_back(client, settings, caplog):
    settings.PAYMENT_WEBHOOK_HANDLER = "tests.payments.test_demo_provider.broken"
    payment = create()
    response = client.post(f"/paiement/demo/{payment.id}/", {"choice": "pay"})
    assert response["Location"] == RETURN
    assert get_provider().get_payment(payment.id).status == Status.PAID
    assert "the webhook handler failed" in caplog.text


def test_the_default_handler_only_logs(client, settings, caplog):
    settings.PAYMENT_WEBHOOK_HANDLER = "guichet.payments.providers.demo.log_webhook"
    caplog.set_level(logging.INFO, logger="guichet.payments.providers.demo")
    payment = create()
    client.post(f"/paiement/demo/{payment.id}/", {"choice": "pay"})
    assert f"Payment {payment.id} changed at provider demo" in caplog.text


def test_an_unknown_payment_page_is_not_found(client):
    assert page(client, "tr_demoNope").status_code == 404
    assert client.post("/paiement/demo/tr_demoNope/", {"choice": "pay"}).status_code == 404


def test_outside_demo_mode_the_page_is_not_found(client, settings):
    payment = create()
    settings.DEMO_MODE = False
    assert page(client, payment.id).status_code == 404
    assert client.post(f"/paiement/demo/{payment.id}/", {"choice": "pay"}).status_code == 404
    assert DemoProviderPayment.objects.get(pk=payment.id).status == Status.OPEN


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_the_page_takes_get_and_post_only(client, method):
    payment = create()
    assert getattr(client, method)(f"/paiement/demo/{payment.id}/").status_code == 405


# --- refunds -------------------------------------------------------------------------------


def paid_payment(client):
    payment = create()
    client.post(f"/paiement/demo/{payment.id}/", {"choice": "pay"})
    return payment


def test_a_refund_marks_the_amount_refunded(client):
    payment = paid_payment(client)
    provider = get_provider()
    refund = provider.create_refund(payment_id=payment.id, amount=Decimal("2.5"), description="x")
    assert refund.id.startswith("re_demo")
    assert refund.payment_id == payment.id
    assert refund.status == RefundStatus.REFUNDED
    assert refund.amount == Decimal("2.50")
    provider.create_refund(payment_id=payment.id, amount=Decimal("5"), description="x")
    assert provider.get_payment(payment.id).amount_refunded == Decimal("7.50")


def test_a_refund_beyond_the_amount_left_is_refused(client):
    payment = paid_payment(client)
    provider = get_provider()
    provider.create_refund(payment_id=payment.id, amount=Decimal("5"), description="x")
    with pytest.raises(ProviderError) as refused:
        provider.create_refund(payment_id=payment.id, amount=Decimal("3"), description="x")
    assert str(refused.value) == (
        "Le remboursement dépasse le montant encore remboursable (2,50 €)."
    )
    assert provider.get_payment(payment.id).amount_refunded == Decimal("5.00")


def test_only_a_paid_payment_is_refunded():
    payment = create()
    with pytest.raises(ProviderError, match="Seul un paiement effectué peut être remboursé."):
        DemoProvider().create_refund(payment_id=payment.id, amount=Decimal("1"), description="x")
