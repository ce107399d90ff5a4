"""The payment life cycle: a paying request waits for its fee, exactly one payment settles
it whatever arrives and in whatever order, and money is never both kept and refunded."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from guichet import services
from guichet.constants import Assurance, Delivery, PaymentChoice, State
from guichet.models import AuditEntry, DocumentRequest, KindSettings, Payment, Purpose, Refund
from guichet.payments import ogm
from guichet.payments import services as payments
from guichet.payments.webhooks import receive
from guichet.refusals import ActionRefused
from population.roles import POPULATION
from tests.conftest import make_staff
from tests.factories import family, make_citizen
from tests.payments.fake_provider import FakeProvider

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fake_provider(settings, monkeypatch):
    settings.PAYMENT_PROVIDERS = {
        **settings.PAYMENT_PROVIDERS,
        "fake": "tests.payments.fake_provider.FakeProvider",
    }
    settings.PAYMENT_PROVIDER = "fake"
    FakeProvider.reset()
    KindSettings.objects.filter(kind="composition-menage").update(base_fee=Decimal("3.00"))
    return FakeProvider


@pytest.fixture
def citizen():
    parent, *_ = family()
    return make_citizen(parent)


def order(purpose="banque", *, delivery=Delivery.DOWNLOAD, choice="", key=""):
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
        submission_key=key,
        payment_choice=choice,
    )


def submit(citizen, commit, **kwargs):
    with commit():
        return services.request_submit(
            citizen=citizen, assurance=Assurance.HIGH, order=order(**kwargs)
        )


def start(request, citizen):
    return payments.payment_start_online(
        document_request=request,
        citizen_user=citizen.user,
        redirect_url="https://guichet.example.test/retour",
        webhook_url="https://guichet.example.test/paiement/webhook/fake/",
        locale="fr_BE",
    )


def test_a_paying_request_waits_for_its_fee_and_gets_a_transfer_communication(citizen, commit):
    request = submit(citizen, commit)
    assert request.fee == Decimal("3.00")
    assert request.state == State.AWAITING_PAYMENT
    assert request.payment_choice == PaymentChoice.ONLINE
    assert not hasattr(request, "document") or request.document is None
    request.refresh_from_db()
    assert ogm.normalise(request.structured_communication) == request.structured_communication
    # The reference's digits are in the communication: a clerk reads one from the other.
    assert request.structured_communication.startswith(request.reference.replace("-", "")[-10:])
    due = request.payment_due_until - request.submitted_at
    assert due == datetime.timedelta(days=7)
    assert [m.subject for m in mail.outbox] == [
        f"Demande {request.reference} reçue : paiement attendu"
    ]


def test_a_free_request_never_sees_the_payment_state(citizen, commit):
    request = submit(citizen, commit, purpose="mutuelle")  # a social purpose: free
    assert request.fee == 0
    assert request.state == State.ISSUED  # auto-issued at once, as before
    assert request.payment_choice == ""
    assert request.structured_communication == ""
    assert not Payment.objects.exists()


def test_a_transfer_order_is_told_how_to_pay_in_its_email(citizen, commit):
    request = submit(citizen, commit, choice=PaymentChoice.TRANSFER)
    body = mail.outbox[0].body
    assert ogm.display(request.structured_communication) in body
    assert "BE71 0961 2345 6769" in body
    assert "3.00 €" in body or "3,00 €" in body


def test_webhook_reads_the_provider_then_the_request_is_issued_at_once(citizen, commit):
    request = submit(citizen, commit)
    payment = start(request, citizen)
    assert payment.checkout_url.startswith("https://pay.example.test/")
    FakeProvider.pay(payment.provider_id)
    with commit():
        receive(provider="fake", provider_id=payment.provider_id)
    request.refresh_from_db()
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert payment.instrument == "bancontact"
    assert payment.receipt_number.startswith(f"{timezone.now().year}-R")
    assert request.state == State.ISSUED  # auto-issue right after the payment
    assert request.paid_at is not None
    assert request.document is not None
    subjects = [m.subject for m in mail.outbox]
    assert f"Paiement reçu (demande {request.reference})" in subjects


def test_a_forged_webhook_changes_nothing(citizen, commit):
    request = submit(citizen, commit)
    payment = start(request, citizen)
    # The provider says the payment is still open: whoever called the webhook, nothing moves.
    receive(provider="fake", provider_id=payment.provider_id)
    request.refresh_from_db()
    assert request.state == State.AWAITING_PAYMENT
    assert receive(provider="fake", provider_id="tr_forged") is None
    assert AuditEntry.objects.filter(action="guichet.payment.unknown_id").count() == 1


def test_a_changed_amount_is_not_believed(citizen, commit):
    request = submit(citizen, commit)
    payment = start(request, citizen)
    FakeProvider.payments[payment.provider_id]["amount"] = Decimal("0.01")
    FakeProvider.pay(payment.provider_id)
    receive(provider="fake", provider_id=payment.provider_id)
    request.refresh_from_db()
    assert request.state == State.AWAITING_PAYMENT
    assert AuditEntry.objects.filter(action="guichet.payment.amount_mismatch").exists()


def test_replayed_webhooks_make_one_transition_and_one_receipt(citizen, commit):
    request = submit(citizen, commit)
    payment = start(request, citizen)
    FakeProvider.pay(payment.provider_id)
    with commit():
        for _ in range(3):
            receive(provider="fake", provider_id=payment.provider_id)
    assert AuditEntry.objects.filter(action="guichet.payment.received").count() == 1
    assert Payment.objects.filter(status=Payment.Status.PAID).count() == 1
    assert not Refund.objects.exists()


def test_provider_down_leaves_the_request_untouched(citizen, commit):
    request = submit(citizen, commit)
    payment = start(request, citizen)
    FakeProvider.pay(payment.provider_id)
    FakeProvider.down = True
    assert receive(provider="fake", provider_id=payment.provider_id) is None
    request.refresh_from_db()
    assert request.state == State.AWAITING_PAYMENT
    assert AuditEntry.objects.filter(action="guichet.payment.provider_unreachable").exists()
    FakeProvider.down = False
    receive(provider="fake", provider_id=payment.provider_id)
    request.refresh_from_db()
    assert request.state != State.AWAITING_PAYMENT


def test_starting_a_payment_while_the_provider_is_down_says_so(citizen, commit):
    request = submit(citizen, commit)
    FakeProvider.down = True
    with pytest.raises(ActionRefused) as refused:
        start(request, citizen)
    assert refused.value.code == "payment_provider_unavailable"
    assert not Payment.objects.exists()


def test_a_second_attempt_after_a_failure_is_a_new_payment(citizen, commit):
    request = submit(citizen, commit)
    first = start(request, citizen)
    assert start(request, citizen) == first  # a second tab: the same hosted page
    FakeProvider.set_status(first.provider_id, "failed")
    receive(provider="fake", provider_id=first.provider_id)
    first.refresh_from_db()
    assert first.status == Payment.Status.FAILED
    second = start(request, citizen)
    assert second.pk != first.pk
    FakeProvider.pay(second.provider_id)
    with commit():
        receive(provider="fake", provider_id=second.provider_id)
    request.refresh_from_db()
    assert request.state == State.ISSUED


def test_paid_after_the_citizen_cancelled_is_refunded(citizen, commit):
    request = submit(citizen, commit)
    payment = start(request, citizen)
    services.request_cancel(
        document_request=request, citizen_user=citizen.user, expected_state=State.AWAITING_PAYMENT
    )
    FakeProvider.pay(payment.provider_id)
    with commit():
        receive(provider="fake", provider_id=payment.provider_id)
    request.refresh_from_db()
    assert request.state == State.CANCELLED
    refund = Refund.objects.get(payment=payment)
    assert refund.reason == Refund.Reason.CANCELLED
    assert refund.status == Refund.Status.DONE  # through the provider's refund API
    assert FakeProvider.refunds == [(payment.provider_id, Decimal("3.00"))]


def test_a_rejected_paid_request_is_refunded(citizen, commit):
    clerk = make_staff("clerk", POPULATION)
    # A low sign-in: the request waits for a clerk after its payment.
    with commit():
        request = services.request_submit(
            citizen=citizen,
            assurance=Assurance.LOW,
            order=order(choice=PaymentChoice.TRANSFER),
        )
    request.refresh_from_db()
    with commit():
        payments.payment_record_transfer(
            document_request=request,
            amount=Decimal("3.00"),
            bank_reference="B1",
            payer_iban="BE71096123456769",
            payer_name="LAMBERT SOPHIE",
            paid_on=datetime.date.today(),
        )
    request.refresh_from_db()
    assert request.state == State.SUBMITTED
    services.request_start_review(
        document_request=request, by=clerk, expected_state=State.SUBMITTED
    )
    with commit():
        services.request_reject(
            document_request=request, by=clerk, reason="Hors délai", expected_state=State.IN_REVIEW
        )
    refund = Refund.objects.get()
    assert refund.status == Refund.Status.TO_DO  # a transfer: finance pays it back
    assert refund.payment.payer_iban == "BE71096123456769"
    subjects = [m.subject for m in mail.outbox]
    assert f"Remboursement de la demande {request.reference}" in subjects
    payments.refund_mark_done(refund=refund, by=clerk)
    refund.refresh_from_db()
    assert refund.status == Refund.Status.DONE
    with pytest.raises(ActionRefused):
        payments.refund_mark_done(refund=refund, by=clerk)


def test_the_same_statement_line_twice_is_one_payment(citizen, commit):
    request = submit(citizen, commit, choice=PaymentChoice.TRANSFER)
    request.refresh_from_db()
    for _ in range(2):
        payments.payment_record_transfer(
            document_request=request,
            amount=Decimal("3.00"),
            bank_reference="STATEMENT-7-LINE-3",
            paid_on=datetime.date.today(),
        )
    assert Payment.objects.count() == 1


def test_unpaid_requests_expire_and_the_citizen_is_told(citizen, commit):
    request = submit(citizen, commit, choice=PaymentChoice.TRANSFER)
    mail.outbox.clear()
    with commit():
        assert payments.expire_unpaid(now=timezone.now() + datetime.timedelta(days=6)) == 0
        assert payments.expire_unpaid(now=timezone.now() + datetime.timedelta(days=8)) == 1
    request.refresh_from_db()
    assert request.state == State.CANCELLED
    assert mail.outbox[0].subject == f"Demande {request.reference} annulée faute de paiement"
    assert not hasattr(request, "document") or request.document is None


def test_expiry_asks_the_provider_once_more_before_cancelling(citizen, commit):
    request = submit(citizen, commit)
    payment = start(request, citizen)
    FakeProvider.pay(payment.provider_id)
    later = timezone.now() + datetime.timedelta(days=8)
    FakeProvider.down = True
    assert payments.expire_unpaid(now=later) == 0  # the provider may hold a payment: wait
    FakeProvider.down = False
    with commit():
        assert payments.expire_unpaid(now=later) == 0
    request.refresh_from_db()
    assert request.state == State.ISSUED


def test_counter_payment_is_taken_at_hand_over(citizen, commit):
    clerk = make_staff("guichetier", POPULATION)
    with commit():
        request = services.request_submit(
            citizen=citizen,
            assurance=Assurance.LOW,
            order=order(delivery=Delivery.COUNTER, choice=PaymentChoice.COUNTER),
        )
    assert request.state == State.SUBMITTED  # paying at the counter does not hold it back
    request = services.request_start_review(
        document_request=request, by=clerk, expected_state=State.SUBMITTED
    )
    request = services.request_issue(
        document_request=request, by=clerk, expected_state=State.IN_REVIEW
    )
    with pytest.raises(ActionRefused) as refused:
        services.request_mark_collected(
            document_request=request, by=clerk, expected_state=State.ISSUED
        )
    assert refused.value.code == "counter_payment_required"
    assert "3.00" in str(refused.value) or "3,00" in str(refused.value)
    services.request_mark_collected(
        document_request=request, by=clerk, expected_state=State.ISSUED, payment_instrument="cash"
    )
    payment = Payment.objects.get(request=request)
    assert (payment.method, payment.instrument, payment.status) == ("counter", "cash", "paid")
    assert payment.recorded_by == clerk
    assert payment.receipt_number


def test_webhook_endpoint_answers_200_and_believes_only_the_provider(citizen, commit):
    request = submit(citizen, commit)
    payment = start(request, citizen)
    client = Client()
    url = "/paiement/webhook/fake/"
    assert client.post(url, {"id": payment.provider_id}).status_code == 200
    request.refresh_from_db()
    assert request.state == State.AWAITING_PAYMENT
    assert client.post(url, {"id": "tr_nobody"}).status_code == 200
    assert client.post(url, {}).status_code == 400
    assert client.get(url).status_code == 405
    assert client.post("/paiement/webhook/unknown/", {"id": "x"}).status_code == 404
    FakeProvider.pay(payment.provider_id)
    with commit():
        assert client.post(url, {"id": payment.provider_id}).status_code == 200
    request.refresh_from_db()
    assert request.state == State.ISSUED


# The citizen pays at the provider at some point (or the attempt fails), while the webhook,
# the citizen's return, the expiry job, the citizen's cancel and a clerk's rejection (which
# refunds) arrive in any order.
EVENTS = st.one_of(
    st.permutations(["pay", "webhook", "return", "expire", "cancel", "reject"]),
    st.permutations(["fail", "webhook", "return", "expire", "cancel", "reject"]),
    st.permutations(["pay", "webhook", "cancel", "reject", "return"]),
)


@hsettings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(events=EVENTS)
def test_any_order_of_events_ends_in_one_state_and_money_is_never_kept_and_refunded(
    events, citizen, django_capture_on_commit_callbacks
):
    FakeProvider.reset()
    clerk = make_staff(f"clerk-{DocumentRequest.objects.count()}", POPULATION)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_submit(citizen=citizen, assurance=Assurance.LOW, order=order())
    payment = start(request, citizen)
    for event in events:
        request.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            try:
                if event == "pay":
                    FakeProvider.pay(payment.provider_id)
                elif (
                    event == "fail"
                    and FakeProvider.payments[payment.provider_id]["status"] == "open"
                ):
                    FakeProvider.set_status(payment.provider_id, "failed")
                elif event in ("webhook", "return"):
                    payments.payment_sync(
                        provider="fake", provider_id=payment.provider_id, source=event
                    )
                elif event == "expire":
                    payments.expire_unpaid(now=timezone.now() + datetime.timedelta(days=8))
                elif event == "cancel":
                    services.request_cancel(
                        document_request=request,
                        citizen_user=citizen.user,
                        expected_state=request.state,
                    )
                elif event == "reject" and request.state == State.SUBMITTED:
                    services.request_reject(
                        document_request=request,
                        by=clerk,
                        reason="Non",
                        expected_state=State.SUBMITTED,
                    )
            except ActionRefused:
                pass
    request.refresh_from_db()
    paid = list(request.payments.filter(status=Payment.Status.PAID))
    refunded = [p for p in paid if p.refunds.exists()]
    assert len(paid) <= 1
    if request.state in (State.CANCELLED, State.REJECTED):
        # Not served: whatever was paid is being given back.
        assert refunded == paid
    elif request.state == State.AWAITING_PAYMENT:
        assert paid == []
    else:
        # Served: the one payment is kept.
        assert request.state in (State.SUBMITTED, State.ISSUED)
        assert len(paid) == 1 and refunded == []
    receipts = [p.receipt_number for p in paid]
    assert all(receipts)
