"""The demo provider's payment page in a browser: accessible at 390 px and 1366 px, paid with
the keyboard, back to the return address, then showing its outcome."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from guichet.payments.providers import Status, get_provider
from tests.e2e.conftest import axe_violations

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo_payment(settings):
    settings.DEMO_MODE = True
    settings.PAYMENT_PROVIDER = "demo"
    return get_provider().create_payment(
        amount=Decimal("5"),
        currency="EUR",
        description="Composition de ménage – demande 2026-000123",
        redirect_url="/guichet/",
        webhook_url="",
        metadata={},
        locale="fr",
    )


def test_the_demo_payment_page_is_accessible_and_pays_with_the_keyboard(
    live_server, page, demo_payment
):
    url = f"{live_server.url}/paiement/demo/{demo_payment.id}/"
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 844})
        assert page.goto(url).status == 200
        expect(page.get_by_role("heading", level=1)).to_have_text("Paiement de démonstration")
        expect(
            page.get_by_text("Ceci est une démonstration : aucun argent n'est débité.")
        ).to_be_visible()
        expect(page.get_by_text("5,00 €")).to_be_visible()
        assert axe_violations(page) == []

    pay = page.get_by_role("button", name="Payer avec Bancontact (démo)")
    pay.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/guichet/")
    assert get_provider().get_payment(demo_payment.id).status == Status.PAID

    page.goto(url)
    expect(page.get_by_text("Ce paiement a été effectué le")).to_be_visible()
    expect(page.get_by_role("button", name="Payer avec Bancontact (démo)")).to_have_count(0)
    expect(page.get_by_role("link", name="Retourner au guichet")).to_have_attribute(
        "href", "/guichet/"
    )
    assert axe_violations(page) == []
