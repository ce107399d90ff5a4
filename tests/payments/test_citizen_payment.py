"""The citizen's side of paying: the choice when ordering, the way to the provider and back,
the request's pages, the receipt and the API, as the citizen sees them."""

import html
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from guichet.constants import Assurance, State
from guichet.models import DocumentRequest, KindSettings, Payment, Purpose, Refund
from guichet.payments import services as payments
from guichet.payments.providers.base import Status
from tests.conftest import set_commune_account
from tests.factories import PersonFactory, family, make_citizen
from tests.guichet.test_ordering import sign_in
from tests.payments.fake_provider import FakeProvider

pytestmark = pytest.mark.django_db
KIND = "composition-menage"
BASE = f"/guichet/{KIND}/commander"
CHECK = f"{BASE}/verification/"
QUESTION = "Comment souhaitez-vous payer ?"


@pytest.fixture(autouse=True)
def fake_provider(settings):
    settings.PAYMENT_PROVIDERS = {
        **settings.PAYMENT_PROVIDERS,
        "fake": "tests.payments.fake_provider.FakeProvider",
    }
    settings.PAYMENT_PROVIDER = "fake"
    set_commune_account(iban="BE71 0961 2345 6769")
    FakeProvider.reset()
    KindSettings.objects.filter(kind=KIND).update(base_fee=Decimal("3.00"))
    return FakeProvider


@pytest.fixture
def citizen(client):
    parent, *_ = family()
    citizen = make_citizen(parent)
    sign_in(client, citizen, level=Assurance.HIGH)
    return citizen


def prepare(client, *, purpose="banque", delivery="download"):
    """The three steps answered: the check-your-answers page is next."""
    assert client.post(f"{BASE}/pour-qui/", {"subject_type": "self"}).status_code == 302
    purpose_pk = Purpose.objects.get(kind=KIND, code=purpose).pk
    assert client.post(f"{BASE}/details/", {"purpose": purpose_pk}).status_code == 302
    assert client.post(f"{BASE}/remise/", {"copies": 1, "delivery": delivery}).status_code == 302


def order(client, choice, **kwargs):
    prepare(client, **kwargs)
    response = client.post(CHECK, {"payment_choice": choice})
    assert response.status_code == 302, response.content.decode()[:2000]
    return DocumentRequest.objects.get()


def text(response):
    return html.unescape(response.content.decode())


def pay(client, request):
    """Start an online payment: the provider's page, and the payment's id there."""
    response = client.post(f"/guichet/mes-demandes/{request.reference}/payer/")
    assert response.status_code == 302
    return response["Location"], Payment.objects.get(request=request).provider_id


def back(client, request, follow=False, **params):
    url = f"/guichet/mes-demandes/{request.reference}/paiement/retour/"
    return client.get(url, params, follow=follow)


# -- the choice when ordering ---------------------------------------------------------------


def test_download_offers_online_and_transfer_not_the_counter(client, citizen):
    prepare(client)
    page = text(client.get(CHECK))
    assert QUESTION in page
    assert "3,00 €" in page
    assert 'value="online"' in page and 'value="transfer"' in page
    assert 'value="counter"' not in page
    assert "Votre demande sera traitée dès réception du paiement" in page


def test_counter_delivery_also_offers_paying_at_the_counter(client, citizen):
    prepare(client, delivery="counter")
    page = text(client.get(CHECK))
    assert 'value="counter"' in page
    assert "Au guichet, au retrait du document" in page


def test_without_provider_nor_account_nothing_to_choose(client, citizen, settings):
    settings.PAYMENT_PROVIDER = ""
    prepare(client)
    page = text(client.get(CHECK))
    assert 'value="online"' not in page
    assert 'value="transfer"' in page  # the commune's account is still there
    set_commune_account(iban="")
    page = text(client.get(CHECK))
    assert QUESTION not in page
    assert "à payer au guichet, au retrait du document" in page


def test_a_free_request_shows_free_and_no_choice(client, citizen):
    prepare(client, purpose="mutuelle")
    page = text(client.get(CHECK))
    assert "Gratuit" in page
    assert QUESTION not in page


def test_a_choice_not_offered_is_refused_and_the_answers_kept(client, citizen):
    prepare(client)
    response = client.post(CHECK, {"payment_choice": "counter"})
    assert response.status_code == 400
    page = text(response)
    assert "Ce mode de paiement n'est pas proposé pour cette demande." in page
    assert "Banque" in page  # the summary of what was typed is still there
    assert not DocumentRequest.objects.exists()
    request = order(client, "transfer")  # nothing to type again
    assert request.payment_choice == "transfer"


def test_a_transfer_waits_and_the_confirmation_shows_the_transfer(client, citizen):
    request = order(client, "transfer")
    assert request.state == State.AWAITING_PAYMENT
    page = text(client.get(f"/guichet/mes-demandes/{request.reference}/confirmation/"))
    assert "Payer par virement" in page
    assert request.structured_communication[:3] in page
    assert "Votre demande sera traitée dès réception du paiement." in page


def test_paying_at_the_counter_does_not_hold_the_request(client, citizen):
    request = order(client, "counter", delivery="counter")
    assert request.state != State.AWAITING_PAYMENT  # issued at once, paid when collected
    page = text(client.get(f"/guichet/mes-demandes/{request.reference}/"))
    assert "Paiement attendu — au guichet, au retrait du document" in page


# -- online ---------------------------------------------------------------------------------


def test_the_confirmation_leads_to_the_provider(client, citizen, fake_provider):
    request = order(client, "online")
    page = text(client.get(f"/guichet/mes-demandes/{request.reference}/confirmation/"))
    assert "Payer 3,00 € maintenant" in page
    assert f'action="/guichet/mes-demandes/{request.reference}/payer/"' in page
    assert "csrfmiddlewaretoken" in page
    location, provider_id = pay(client, request)
    assert location == f"https://pay.example.test/{provider_id}"
    assert fake_provider.payments[provider_id]["amount"] == Decimal("3.00")


def test_provider_down_says_so_and_loses_nothing(client, citizen, fake_provider):
    request = order(client, "online")
    fake_provider.down = True
    response = client.post(f"/guichet/mes-demandes/{request.reference}/payer/", follow=True)
    page = text(response)
    assert response.redirect_chain[-1][0] == f"/guichet/mes-demandes/{request.reference}/paiement/"
    assert "paiement" in page.lower() and "Payer par virement" in page
    assert 'role="alert"' in page or "messages" in page
    request.refresh_from_db()
    assert request.state == State.AWAITING_PAYMENT
    assert not Payment.objects.exists()


def test_waiting_page_refreshes_itself_and_never_says_paid(client, citizen):
    request = order(client, "online")
    pay(client, request)
    response = back(client, request)
    assert response.status_code == 200
    page = text(response)
    assert re.search(r'<meta http-equiv="refresh" content="5; url=[^"]+essai=2">', page)
    assert "Actualiser" in page
    assert "payé" not in page.lower()
    assert "Paiement reçu" not in page
    # It stops after two minutes, or when asked to.
    assert 'http-equiv="refresh"' not in text(back(client, request, essai="stop"))
    assert 'http-equiv="refresh"' not in text(back(client, request, essai="24"))


def test_provider_unreachable_on_return_says_we_check(client, citizen, fake_provider):
    request = order(client, "online")
    pay(client, request)
    fake_provider.down = True
    page = text(back(client, request))
    assert "Nous vérifions votre paiement" in page
    assert "payé" not in page.lower()


def test_paid_goes_to_the_request_page_with_receipt(client, citizen, fake_provider):
    request = order(client, "online")
    _location, provider_id = pay(client, request)
    fake_provider.pay(provider_id)
    response = back(client, request, follow=True)
    page = text(response)
    assert response.redirect_chain[-1][0] == f"/guichet/mes-demandes/{request.reference}/"
    assert "Paiement reçu" in page
    assert "(Bancontact)" in page
    assert "Payé le" in page
    request.refresh_from_db()
    assert request.state != State.AWAITING_PAYMENT


@pytest.mark.parametrize("status", [Status.FAILED, Status.CANCELED, Status.EXPIRED])
def test_failed_offers_to_try_again_or_transfer(client, citizen, fake_provider, status):
    request = order(client, "online")
    _location, provider_id = pay(client, request)
    fake_provider.set_status(provider_id, status)
    response = back(client, request)
    page = text(response)
    assert "Le paiement n'a pas abouti" in page
    assert "Réessayer" in page
    assert "Payer par virement" in page
    # Trying again makes a new payment at the provider.
    location, _ = client.post(f"/guichet/mes-demandes/{request.reference}/payer/")["Location"], None
    assert location.startswith("https://pay.example.test/")
    assert Payment.objects.filter(request=request).count() == 2


def test_payment_page_shows_amount_due_date_both_ways_and_cancel(client, citizen):
    request = order(client, "online")
    page = text(client.get(f"/guichet/mes-demandes/{request.reference}/paiement/"))
    assert "3,00 €" in page
    assert "À payer avant le" in page
    assert "Payer 3,00 € maintenant" in page and "Payer par virement" in page
    assert f"/guichet/mes-demandes/{request.reference}/annuler/" in page


def test_cancel_while_unpaid(client, citizen):
    request = order(client, "transfer")
    listing = text(client.get("/guichet/mes-demandes/"))
    assert "Paiement attendu — à payer avant le" in listing
    confirm = client.get(f"/guichet/mes-demandes/{request.reference}/annuler/")
    assert confirm.status_code == 200
    assert "Si vous avez déjà fait un virement" in text(confirm)
    client.post(
        f"/guichet/mes-demandes/{request.reference}/annuler/",
        {"expected_state": State.AWAITING_PAYMENT},
    )
    request.refresh_from_db()
    assert request.state == State.CANCELLED


def test_tracking_says_payment_expected(client, citizen):
    request = order(client, "transfer")
    client.logout()
    response = client.post("/suivi/", {"code": request.tracking_code})
    assert "Paiement attendu" in text(response)


def test_another_citizen_gets_404_everywhere(client, citizen, fake_provider):
    request = order(client, "online")
    _location, provider_id = pay(client, request)
    fake_provider.pay(provider_id)
    back(client, request)
    receipt = Payment.objects.get(request=request).receipt_number
    other = make_citizen(PersonFactory(first_names="Bruno", last_name="Martin"))
    client.logout()
    sign_in(client, other)
    base = f"/guichet/mes-demandes/{request.reference}"
    for url in (f"{base}/paiement/", f"{base}/paiement/retour/", f"{base}/recu/{receipt}.pdf"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{base}/payer/").status_code == 404


# -- the receipt ----------------------------------------------------------------------------


def test_receipt_pdf(client, citizen, fake_provider):
    request = order(client, "online")
    _location, provider_id = pay(client, request)
    fake_provider.pay(provider_id)
    back(client, request)
    payment = Payment.objects.get(request=request)
    page = text(client.get(f"/guichet/mes-demandes/{request.reference}/"))
    url = f"/guichet/mes-demandes/{request.reference}/recu/{payment.receipt_number}.pdf"
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    pdf = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    flat = " ".join(pdf.split())
    assert "REÇU DE PAIEMENT" in flat.upper()
    assert payment.receipt_number in flat
    assert request.reference in flat
    assert "3,00 €" in flat
    assert "En ligne — Bancontact" in flat
    assert "Commune de" in flat
    assert request.applicant_niss not in re.sub(r"\D", "", pdf)
    assert client.get(url.replace(payment.receipt_number, "2026-R999999")).status_code == 404


# -- the API --------------------------------------------------------------------------------


def test_api_payment_fields(client, citizen, fake_provider):
    request = order(client, "transfer")
    data = client.get(f"/api/v1/me/requests/{request.reference}/").json()
    assert data["fee"] == "3.00"
    assert data["payment_choice"] == "transfer"
    assert data["payment_status"] == "awaiting"
    assert data["paid_at"] is None
    assert data["payment_due_until"]
    assert re.fullmatch(r"\+\+\+\d{3}/\d{4}/\d{5}\+\+\+", data["structured_communication"])
    assert data["can_cancel"] is True
    payments.payment_record_transfer(
        document_request=request,
        amount="3.00",
        bank_reference="REF-1",
        paid_on=request.submitted_at.date(),
    )
    listing = client.get("/api/v1/me/requests/").json()
    row = listing["results"][0] if "results" in listing else listing[0]
    assert row["payment_status"] == "paid"
    assert row["paid_at"]


def test_api_refunded_and_free(client, citizen, fake_provider):
    request = order(client, "transfer")
    payment = payments.payment_record_transfer(
        document_request=request,
        amount="3.00",
        bank_reference="REF-2",
        paid_on=request.submitted_at.date(),
    )
    Refund.objects.create(payment=payment, amount=payment.amount, reason="manual", status="to_do")
    data = client.get(f"/api/v1/me/requests/{request.reference}/").json()
    assert data["payment_status"] == "refunded"
    page = text(client.get(f"/guichet/mes-demandes/{request.reference}/"))
    assert "Remboursement : 3,00 €" in page and "en cours" in page
    DocumentRequest.objects.filter(pk=request.pk).update(fee=0)
    Refund.objects.all().delete()
    Payment.objects.all().delete()
    data = client.get(f"/api/v1/me/requests/{request.reference}/").json()
    assert data["payment_status"] == "none"


def test_schema_documents_the_webhook(client):
    schema = client.get("/api/schema/?format=json").json()
    hook = schema["x-payment-webhooks"]["/paiement/webhook/{provider}/"]["post"]
    assert (
        "id"
        in hook["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"][
            "properties"
        ]
    )
    assert all(path.startswith("/api/") for path in schema["paths"])
