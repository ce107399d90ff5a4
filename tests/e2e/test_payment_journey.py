"""A demo citizen orders a paying household composition, pays it on the demo provider's page
and downloads the document; the payment page and the waiting page are accessible at 390 px
and 1366 px."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from guichet.models import DocumentRequest, KindSettings
from tests.conftest import set_commune_account
from tests.e2e.conftest import axe_violations
from tests.factories import family, make_citizen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
WIDTHS = (390, 1366)


@pytest.fixture
def paying_citizen(settings):
    settings.DEMO_MODE = True
    settings.PAYMENT_PROVIDER = "demo"
    set_commune_account(iban="BE71 0961 2345 6769")
    KindSettings.objects.filter(kind="composition-menage").update(base_fee=Decimal("3.00"))
    parent, *_ = family()
    citizen = make_citizen(parent)
    citizen.is_demo = True
    citizen.save()
    return citizen


def accessible_at_both_widths(page):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        assert axe_violations(page) == [], width
    page.set_viewport_size({"width": 390, "height": 844})


def test_order_pay_with_the_demo_provider_and_download(live_server, page, paying_citizen):
    page.goto(live_server.url + "/guichet/demo/")
    page.get_by_role("button", name="Se connecter en tant que Sophie Lambert").click()
    page.goto(live_server.url + "/guichet/composition-menage/commander/")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("À quoi servira ce document ?").select_option(label="Banque")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("button", name="Continuer").click()  # 1 copy, download

    expect(page.get_by_text("3,00 €").first).to_be_visible()
    expect(page.get_by_role("radio", name="En ligne maintenant", exact=False)).to_be_checked()
    page.get_by_role("button", name="Envoyer la demande").click()

    request = DocumentRequest.objects.get()
    assert request.state == "awaiting_payment"
    base = f"{live_server.url}/guichet/mes-demandes/{request.reference}"
    page.goto(f"{base}/paiement/")
    expect(page.get_by_role("heading", name="Payer votre demande")).to_be_visible()
    expect(page.get_by_role("heading", name="Payer par virement")).to_be_visible()
    accessible_at_both_widths(page)

    page.get_by_role("button", name="Payer 3,00 € maintenant").click()
    expect(page.get_by_role("heading", name="Paiement de démonstration")).to_be_visible()
    demo_url = page.url

    # Back before deciding: the waiting page, which reloads itself and never says "paid".
    page.goto(f"{base}/paiement/retour/")
    expect(page.get_by_role("heading", name="Paiement en cours de vérification")).to_be_visible()
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    assert "payé" not in page.content().lower()
    page.goto(f"{base}/paiement/retour/?essai=stop")  # the same page, not reloading under axe
    accessible_at_both_widths(page)

    page.goto(demo_url)
    page.get_by_role("button", name="Payer avec Bancontact (démo)").click()
    expect(page.get_by_text("Paiement reçu")).to_be_visible()
    expect(page.get_by_text("(Bancontact)")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le document (PDF)").click()
    content = Path(download_info.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    request.refresh_from_db()
    assert request.document.verification_code in text
