"""The finance department's pages and what clerks and managers see of payments."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from guichet import roles
from guichet.constants import Delivery, PaymentChoice, State
from guichet.models import AuditEntry, Payment, Refund
from guichet.payments import ogm
from population.roles import POPULATION
from tests.conftest import make_staff, verify_session
from tests.factories import DocumentRequestFactory
from tests.payments.finance_support import finance_client

pytestmark = pytest.mark.django_db

FINANCE_URLS = [
    "bureau:finances",
    "bureau:finances_statements",
    "bureau:finances_reconcile",
]


def paid_request(*, method=Payment.Method.TRANSFER, instrument="transfer", **kwargs):
    request = DocumentRequestFactory(
        fee=Decimal("3.00"),
        payment_choice=PaymentChoice.TRANSFER,
        purpose="banque",
        purpose_label="Banque",
        paid_at=timezone.now(),
        **kwargs,
    )
    request.structured_communication = ogm.make(int(request.reference.replace("-", "")[-10:]))
    request.save()
    payment = Payment.objects.create(
        request=request,
        method=method,
        status=Payment.Status.PAID,
        amount=Decimal("3.00"),
        instrument=instrument,
        bank_reference="BANK-REF-1" if method == Payment.Method.TRANSFER else "",
        provider="fake" if method == Payment.Method.ONLINE else "",
        provider_id="tr_123" if method == Payment.Method.ONLINE else "",
        payer_iban="BE68539007547034" if method == Payment.Method.TRANSFER else "",
        payer_name="Marie Dupont" if method == Payment.Method.TRANSFER else "",
        paid_at=timezone.now(),
        receipt_number="2026-R000042",
    )
    return request, payment


# -- access -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FINANCE_URLS)
def test_finance_opens_its_pages(client, name):
    client, _user = finance_client(client)
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("group", [POPULATION, roles.MANAGERS])
@pytest.mark.parametrize("name", FINANCE_URLS)
def test_other_staff_get_404(client, group, name):
    verify_session(client, make_staff("agent", group))
    assert client.get(reverse(name)).status_code == 404


def test_finance_pages_need_the_second_factor(client):
    client.force_login(make_staff("compta", roles.FINANCES))
    response = client.get(reverse("bureau:finances"))
    assert response.status_code == 302 and "/bureau/compte/" in response["Location"]


def test_finance_lands_on_its_page_and_sees_no_request_queue(client):
    client, _user = finance_client(client)
    assert client.get(reverse("bureau:home"))["Location"] == reverse("bureau:finances")
    page = client.get(reverse("bureau:finances")).content.decode()
    assert 'href="/bureau/finances/"' in page and "File des demandes" not in page
    request, _payment = paid_request()
    assert client.get(reverse("bureau:request", args=[request.reference])).status_code == 404


def test_administrators_open_the_finance_pages(client):
    verify_session(client, make_staff("chef", roles.ADMINISTRATORS))
    assert client.get(reverse("bureau:finances")).status_code == 200


# -- the day's payments, refunds ---------------------------------------------------------------


def test_the_day_lists_payments_with_totals_by_method(client):
    client, _user = finance_client(client)
    transfer, _ = paid_request()
    online, _ = paid_request(method=Payment.Method.ONLINE, instrument="bancontact")
    page = client.get(reverse("bureau:finances")).content.decode()
    for text in (transfer.reference, online.reference, "BANK-REF-1", "tr_123", "2026-R000042"):
        assert text in page
    assert "Bancontact" in page and "6,00 €" in page  # the day's total
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    other_day = client.get(reverse("bureau:finances"), {"jour": yesterday}).content.decode()
    assert "Aucun paiement ce jour-là." in other_day
    bad = client.get(reverse("bureau:finances"), {"jour": "31/02/x"}).content.decode()
    assert "Indiquez une date valide" in bad


def test_a_transfer_refund_shows_the_payer_and_is_marked_done_after_confirmation(client):
    client, user = finance_client(client)
    request, payment = paid_request()
    refund = Refund.objects.create(
        payment=payment, amount=payment.amount, reason="rejected", status="to_do"
    )
    page = client.get(reverse("bureau:finances")).content.decode()
    assert "Marie Dupont" in page and "BE68539007547034" in page
    assert "Marquer comme remboursé" in page
    url = reverse("bureau:finances_refund", args=[refund.pk])
    confirm = client.get(url).content.decode()
    assert "Oui, le remboursement est effectué" in confirm and "3,00 €" in confirm
    done = client.post(url, follow=True).content.decode()
    assert f"Remboursement de la demande {request.reference} marqué comme effectué" in done
    refund.refresh_from_db()
    assert refund.status == Refund.Status.DONE and refund.done_by == user
    again = client.post(url, follow=True).content.decode()
    assert "Ce remboursement a déjà été effectué." in again


def test_a_failed_online_refund_is_listed(client):
    client, _user = finance_client(client)
    _request, payment = paid_request(method=Payment.Method.ONLINE, instrument="bancontact")
    Refund.objects.create(
        payment=payment,
        amount=payment.amount,
        reason="rejected",
        status="failed",
        failure="Le prestataire de paiement n'a pas pu être joint.",
    )
    page = client.get(reverse("bureau:finances")).content.decode()
    assert "Remboursements en ligne échoués" in page
    assert "n&#x27;a pas pu être joint" in page or "n'a pas pu être joint" in page


# -- journal --------------------------------------------------------------------------------


def test_the_journal_csv_reads_back_without_names_or_national_numbers(client):
    client, _user = finance_client(client)
    request, payment = paid_request()
    Refund.objects.create(
        payment=payment,
        amount=payment.amount,
        reason="rejected",
        status="done",
        done_at=timezone.now(),
    )
    today = timezone.localdate().isoformat()
    response = client.get(
        reverse("bureau:finances_journal", args=["csv"]), {"du": today, "au": today}
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Date", "Opération", "Montant (EUR)"]
    assert [row[1] for row in rows[1:]] == ["Paiement", "Remboursement"]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Montant (EUR)"] == "3"
    assert first["Référence bancaire"] == "BANK-REF-1"
    assert first["Numéro de reçu"] == "2026-R000042"
    assert first["Référence de la demande"] == request.reference
    assert first["Communication structurée"] == ogm.display(request.structured_communication)
    assert rows[2][2] == "-3"
    for secret in (request.applicant_niss, request.applicant_last_name, "Marie Dupont"):
        assert secret not in text
    assert AuditEntry.objects.filter(action="guichet.payment.journal_exported").exists()


def test_the_journal_xlsx_and_a_bad_period(client):
    client, _user = finance_client(client)
    paid_request()
    today = timezone.localdate().isoformat()
    xlsx = client.get(reverse("bureau:finances_journal", args=["xlsx"]), {"du": today, "au": today})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    bad = client.get(
        reverse("bureau:finances_journal", args=["csv"]),
        {"du": today, "au": "2000-01-01"},
        follow=True,
    )
    assert "La date de fin précède la date de début." in bad.content.decode()


# -- clerks ---------------------------------------------------------------------------------


@pytest.fixture
def clerk(client):
    user = make_staff("agent-pop", POPULATION)
    verify_session(client, user)
    return user


def test_the_request_page_and_the_queue_show_the_payment(client, clerk):
    request, _payment = paid_request(state=State.SUBMITTED)
    page = client.get(reverse("bureau:request", args=[request.reference])).content.decode()
    assert "Paiement" in page and "Virement" in page and "reçu 2026-R000042" in page
    queue = client.get(reverse("bureau:queue")).content.decode()
    assert '<th scope="col">Paiement</th>' in queue and "Payé" in queue


def test_the_counter_hand_over_asks_how_the_fee_was_paid(client, clerk):
    request = DocumentRequestFactory(
        issued=True,
        delivery=Delivery.COUNTER,
        fee=Decimal("3.00"),
        payment_choice=PaymentChoice.COUNTER,
        purpose="banque",
    )
    url = reverse("bureau:dispatch_collect", args=[request.reference])
    page = client.get(url).content.decode()
    assert "Paiement encaissé" in page and "Encaissez 3,00 €" in page
    missing = client.post(url, {"confirmed": "on", "expected_state": "issued"})
    assert missing.status_code == 400
    assert "Indiquez comment le citoyen a payé" in missing.content.decode()
    request.refresh_from_db()
    assert request.collected_at is None
    client.post(url, {"confirmed": "on", "expected_state": "issued", "payment_instrument": "cash"})
    request.refresh_from_db()
    payment = request.payments.get()
    assert request.collected_at is not None and request.paid_at is not None
    assert (payment.method, payment.instrument, payment.recorded_by) == ("counter", "cash", clerk)
    assert payment.receipt_number


def test_a_free_counter_hand_over_asks_nothing_about_payment(client, clerk):
    request = DocumentRequestFactory(issued=True, delivery=Delivery.COUNTER)
    page = client.get(reverse("bureau:dispatch_collect", args=[request.reference])).content
    assert "Paiement encaissé" not in page.decode()


def test_the_reject_confirmation_says_the_fee_will_be_refunded(client, clerk):
    request, _payment = paid_request(state=State.IN_REVIEW, assigned_to=clerk)
    page = client.get(reverse("bureau:action", args=[request.reference, "reject"]))
    assert "Le paiement de 3,00 € sera remboursé au citoyen." in page.content.decode()
    unpaid = DocumentRequestFactory(in_review=True, assigned_to=clerk)
    other = client.get(reverse("bureau:action", args=[unpaid.reference, "reject"]))
    assert "sera remboursé" not in other.content.decode()


# -- managers -------------------------------------------------------------------------------


def test_statistics_show_revenue_and_export_it_unlocalised(client):
    verify_session(client, make_staff("chef", roles.MANAGERS))
    paid_request()
    paid_request(method=Payment.Method.ONLINE, instrument="bancontact")
    page = client.get(reverse("bureau:stats")).content.decode()
    assert "Recettes" in page and "6,00 €" in page and "Banque" in page
    data = json.loads(client.get(reverse("bureau:stats_export", args=["json"])).content)
    revenue = {row["clé"]: row["valeur"] for row in data if row["section"] == "recettes"}
    assert revenue["paid"] == 6.0 and revenue["count"] == 2
    by_method = {
        row["clé"]: row["valeur"] for row in data if row["section"] == "recettes par moyen"
    }
    assert by_method["online amount"] == 3.0 and by_method["transfer count"] == 1
    office = client.get(reverse("bureau:stats_export", args=["csv"])).content.decode("utf-8-sig")
    assert "Recettes (EUR);encaissé;6" in office
