"""Payment services: the only code that changes a Payment or moves a request out of
`awaiting_payment`.

Every path that may mark a request paid (a provider's webhook, the citizen coming back from
the provider's page, the expiry job checking one last time, a bank statement line, a clerk at
the counter) ends in `_settle()`, which runs with the request row locked. So whatever the
order or the number of these events, exactly one payment settles an open request; a payment
that arrives for a request already paid, cancelled or expired is refunded, never kept
silently. A provider is believed only through its own API: a webhook carries an id, and the
status, amount and currency are read back from the provider before anything changes.

Locks are always taken request first, payment second.
"""

import datetime
import logging
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet import sequences
from guichet.audit import audit
from guichet.constants import PaymentChoice, State
from guichet.models import DocumentRequest, Payment, ReceiptCounter, Refund
from guichet.payments import ogm
from guichet.payments.providers import get_provider
from guichet.payments.providers.base import ProviderError, ProviderUnavailable, Status
from guichet.refusals import ActionRefused

logger = logging.getLogger(__name__)

# A hosted payment page the citizen opened less than this long ago is offered again rather
# than a new one (a second tab, the back button): one open provider payment at a time.
REUSE_OPEN_PAYMENT = datetime.timedelta(minutes=15)

FAILED_STATUSES = {
    Status.FAILED: Payment.Status.FAILED,
    Status.CANCELED: Payment.Status.CANCELED,
    Status.EXPIRED: Payment.Status.EXPIRED,
}


# -- at submission ------------------------------------------------------------------------


def needs_payment_first(fee, payment_choice):
    """A fee above zero paid online or by transfer: the request waits for it. Paying at the
    counter does not hold the request back (the clerk collects the fee at hand-over)."""
    return fee > 0 and payment_choice != PaymentChoice.COUNTER


def due_date(now):
    """Until when an unpaid request waits (settings.PAYMENT_EXPIRY_DAYS) before it is cancelled."""
    return now + datetime.timedelta(days=settings.PAYMENT_EXPIRY_DAYS)


def assign_structured_communication(document_request):
    """The transfer's structured communication, from the reference ("2026-000123" gives
    +++202/6000/12391+++): unique as the reference is, and a clerk can tell one from the other."""
    digits = "".join(ch for ch in document_request.reference if ch.isdigit())
    document_request.structured_communication = ogm.make(int(digits[-10:]))


# -- online -------------------------------------------------------------------------------


def payment_start_online(*, document_request, citizen_user, redirect_url, webhook_url, locale):
    """The provider's hosted page for this request: a new payment there, or the open one the
    citizen started a moment ago. Raises ActionRefused when the request is not waiting for a
    payment or the provider cannot be reached (nothing is changed then)."""
    if document_request.applicant_id != citizen_user.pk:
        raise ActionRefused("not_your_request")
    if document_request.state != State.AWAITING_PAYMENT:
        raise ActionRefused("payment_not_expected", state=document_request.state)
    recent = (
        document_request.payments.filter(
            method=Payment.Method.ONLINE,
            status=Payment.Status.OPEN,
            created_at__gte=timezone.now() - REUSE_OPEN_PAYMENT,
        )
        .exclude(checkout_url="")
        .first()
    )
    if recent is not None:
        return recent
    provider = get_provider()
    try:
        remote = provider.create_payment(
            amount=document_request.fee,
            currency="EUR",
            description=_("Demande %(reference)s") % {"reference": document_request.reference},
            redirect_url=redirect_url,
            webhook_url=webhook_url,
            metadata={"request": document_request.reference},
            locale=locale,
        )
    except ProviderError as error:
        logger.warning(
            "payment provider %s refused or unreachable for request id=%s: %s",
            provider.name,
            document_request.pk,
            type(error).__name__,
        )
        raise ActionRefused("payment_provider_unavailable") from error
    payment = Payment.objects.create(
        request=document_request,
        method=Payment.Method.ONLINE,
        amount=document_request.fee,
        currency="EUR",
        provider=provider.name,
        provider_id=remote.id,
        checkout_url=remote.checkout_url,
    )
    audit(
        "guichet.payment.started",
        actor=citizen_user,
        document_request=document_request,
        provider=provider.name,
        amount=str(payment.amount),
    )
    return payment


def payment_sync(*, provider, provider_id, source):
    """Read a provider payment's status from the provider and apply it (webhook, return page,
    expiry job). Returns the Payment, or None for an id we never created.

    Raises ProviderUnavailable when the provider cannot be reached: the caller retries later
    (the webhook task) or shows "we are checking" (the return page); nothing changed."""
    payment = Payment.objects.filter(provider=provider, provider_id=provider_id).first()
    if payment is None:
        audit("guichet.payment.unknown_id", provider=provider, source=source)
        logger.warning("payment notification for an unknown %s id (source %s)", provider, source)
        return None
    if payment.status == Payment.Status.PAID:
        return payment  # settled already: a replayed or late notification changes nothing
    remote = get_provider(provider).get_payment(provider_id)
    if remote.amount != payment.amount or remote.currency != payment.currency:
        audit(
            "guichet.payment.amount_mismatch",
            document_request=payment.request,
            provider=provider,
            expected=f"{payment.amount} {payment.currency}",
            received=f"{remote.amount} {remote.currency}",
        )
        logger.error("payment id=%s: the provider reports another amount", payment.pk)
        return payment
    if remote.status == Status.PAID:
        return _settle(
            payment.pk,
            instrument=remote.method,
            paid_at=remote.paid_at or timezone.now(),
            by=None,
            source=source,
        )
    if remote.status in FAILED_STATUSES:
        with transaction.atomic():
            locked = Payment.objects.select_for_update().get(pk=payment.pk)
            if locked.status == Payment.Status.OPEN:
                locked.status = FAILED_STATUSES[remote.status]
                locked.save(update_fields=["status", "updated_at"])
                audit(
                    "guichet.payment.failed",
                    document_request=locked.request,
                    provider=provider,
                    status=locked.status,
                    source=source,
                )
        payment.refresh_from_db()
    return payment


# -- transfer and counter ------------------------------------------------------------------


def payment_record_transfer(
    *, document_request, amount, bank_reference, payer_iban="", payer_name="", paid_on, by=None
):
    """A transfer read from a bank statement pays this request (reconciliation). The bank's
    reference for the line makes the same line imported twice one payment only."""
    existing = Payment.objects.filter(
        method=Payment.Method.TRANSFER, bank_reference=bank_reference
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                request=document_request,
                method=Payment.Method.TRANSFER,
                amount=Decimal(amount),
                currency="EUR",
                instrument="transfer",
                bank_reference=bank_reference,
                payer_iban=payer_iban,
                payer_name=payer_name[:140],
            )
    except IntegrityError:  # the same line imported at the same moment by someone else
        return Payment.objects.get(method=Payment.Method.TRANSFER, bank_reference=bank_reference)
    paid_at = timezone.make_aware(datetime.datetime.combine(paid_on, datetime.time(12)))
    return _settle(payment.pk, instrument="transfer", paid_at=paid_at, by=by, source="statement")


def payment_record_counter(*, document_request, by, instrument):
    """The clerk took the fee in cash or on the card terminal at hand-over. Must run inside
    the caller's transaction (guichet.services.request_mark_collected) with the request
    locked, so the document is never handed over unpaid nor the fee taken twice."""
    if instrument not in ("cash", "card_terminal"):
        raise ActionRefused("counter_payment_instrument")
    if document_request.payments.filter(status=Payment.Status.PAID).exists():
        return None
    now = timezone.now()
    payment = Payment.objects.create(
        request=document_request,
        method=Payment.Method.COUNTER,
        amount=document_request.fee,
        currency="EUR",
        instrument=instrument,
        status=Payment.Status.PAID,
        paid_at=now,
        recorded_by=by,
        receipt_number=_next_receipt_number(now, document_request.commune_id),
    )
    document_request.paid_at = now  # saved by the caller with the hand-over
    audit(
        "guichet.payment.counter",
        actor=by,
        document_request=document_request,
        amount=str(payment.amount),
        instrument=instrument,
    )
    return payment


# -- settling -------------------------------------------------------------------------------


def _settle(payment_pk, *, instrument, paid_at, by, source):
    """Mark a payment paid and move its request on; one winner whatever arrives at once."""
    request_pk = Payment.objects.values_list("request_id", flat=True).get(pk=payment_pk)
    with transaction.atomic():
        request = DocumentRequest.objects.select_for_update().get(pk=request_pk)
        payment = Payment.objects.select_for_update().get(pk=payment_pk)
        if payment.status == Payment.Status.PAID:
            return payment
        payment.status = Payment.Status.PAID
        payment.instrument = instrument or payment.instrument
        payment.paid_at = paid_at
        payment.receipt_number = _next_receipt_number(paid_at, payment.commune_id)
        payment.save()
        other_paid = (
            request.payments.filter(status=Payment.Status.PAID).exclude(pk=payment.pk).exists()
        )
        if request.state == State.AWAITING_PAYMENT and not other_paid:
            request.payment_received(at=paid_at)
            request.save()
            audit(
                "guichet.payment.received",
                actor=by,
                document_request=request,
                from_state=State.AWAITING_PAYMENT,
                to_state=request.state,
                method=payment.method,
                amount=str(payment.amount),
                source=source,
            )
            transaction.on_commit(lambda: _continue_after_payment(request.pk))
        else:
            # Paid twice, or after the request was cancelled or expired: give it back.
            reason = Refund.Reason.DUPLICATE if other_paid else Refund.Reason.CANCELLED
            audit(
                "guichet.payment.received_late",
                actor=by,
                document_request=request,
                method=payment.method,
                amount=str(payment.amount),
                state=request.state,
            )
            _open_refund(payment, reason=reason, by=by)
    return payment


def _continue_after_payment(request_pk):
    """The request is paid: from here on it goes exactly as a free one would."""
    from guichet import services

    request = DocumentRequest.objects.get(pk=request_pk)
    services.continue_submitted(request)
    services._notify(request, "paid")


def _next_receipt_number(moment, commune_id):
    year = timezone.localtime(moment).year
    number = sequences.next_number(ReceiptCounter, year=year, commune_id=commune_id)
    return f"{year}-R{number:06d}"


# -- expiry ---------------------------------------------------------------------------------


def expire_unpaid(*, now=None):
    """Cancel the requests whose payment did not arrive in time. An online payment still open
    is asked about once more first: a citizen paying at the last minute is not cancelled.
    Returns the number of requests cancelled."""
    now = now or timezone.now()
    due = DocumentRequest.objects.filter(
        state=State.AWAITING_PAYMENT, payment_due_until__lt=now
    ).values_list("pk", flat=True)
    cancelled = 0
    for pk in list(due):
        try:
            for payment in Payment.objects.filter(
                request_id=pk, method=Payment.Method.ONLINE, status=Payment.Status.OPEN
            ):
                payment_sync(
                    provider=payment.provider, provider_id=payment.provider_id, source="expiry"
                )
        except ProviderUnavailable:
            continue  # the provider may hold a payment: ask again on the next run
        except ProviderError:
            pass  # the provider does not know the payment: nothing can arrive from it
        if _expire_one(pk, now):
            cancelled += 1
    return cancelled


def _expire_one(pk, now):
    from guichet import services

    with transaction.atomic():
        request = DocumentRequest.objects.select_for_update().get(pk=pk)
        if request.state != State.AWAITING_PAYMENT:
            return False
        request.expire_unpaid(at=now)
        request.save()
        # An online payment still open at the provider is abandoned; should it be paid
        # after all, _settle() refunds it.
        request.payments.filter(status=Payment.Status.OPEN).update(status=Payment.Status.EXPIRED)
        audit(
            "guichet.request.payment_expired",
            document_request=request,
            from_state=State.AWAITING_PAYMENT,
            to_state=State.CANCELLED,
        )
        transaction.on_commit(lambda: services._notify(request, "payment_expired"))
    return True


# -- refunds --------------------------------------------------------------------------------


def refund_paid(*, document_request, reason, by):
    """Give the fee back for a request that will not be served (a clerk rejected it). Runs in
    the caller's transaction; the provider is called after commit."""
    payment = document_request.payments.filter(status=Payment.Status.PAID).first()
    if payment is None or payment.refunds.exists():
        return None
    return _open_refund(payment, reason=reason, by=by)


def _open_refund(payment, *, reason, by):
    online = payment.method == Payment.Method.ONLINE
    refund = Refund.objects.create(
        payment=payment,
        amount=payment.amount,
        reason=reason,
        status=Refund.Status.REQUESTED if online else Refund.Status.TO_DO,
        requested_by=by,
    )
    audit(
        "guichet.payment.refund_opened",
        actor=by,
        document_request=payment.request,
        amount=str(refund.amount),
        method=payment.method,
        refund_reason=reason,
    )
    if online:
        transaction.on_commit(lambda: _enqueue_refund(refund.pk))
    transaction.on_commit(lambda: _notify_refund(payment.request_id))
    return refund


def _enqueue_refund(refund_pk):
    from guichet import tasks

    tasks.refund_online_payment.enqueue(refund_id=refund_pk)


def _notify_refund(request_pk):
    from guichet import tasks

    tasks.send_request_email.enqueue(request_id=request_pk, event="refund")


def refund_through_provider(refund_pk):
    """Ask the provider to pay an online refund back. Raises ProviderUnavailable for the task
    to retry; a refusal marks the refund failed for finance to handle by hand. The refund row
    stays locked during the call, so two workers never ask twice."""
    with transaction.atomic():
        refund = (
            Refund.objects.select_for_update(of=("self",))
            .select_related("payment__request")
            .get(pk=refund_pk)
        )
        if refund.status != Refund.Status.REQUESTED or refund.provider_refund_id:
            return refund
        payment = refund.payment
        try:
            remote = get_provider(payment.provider).create_refund(
                payment_id=payment.provider_id,
                amount=refund.amount,
                description=_("Remboursement de la demande %(reference)s")
                % {"reference": payment.request.reference},
            )
        except ProviderUnavailable:
            raise
        except ProviderError as error:
            refund.status = Refund.Status.FAILED
            refund.failure = str(error)[:300]
            refund.save(update_fields=["status", "failure"])
            audit(
                "guichet.payment.refund_failed",
                document_request=payment.request,
                error=refund.failure,
            )
            return refund
        refund.provider_refund_id = remote.id
        refund.status = Refund.Status.DONE
        refund.done_at = timezone.now()
        refund.save(update_fields=["provider_refund_id", "status", "done_at"])
        audit(
            "guichet.payment.refunded",
            document_request=payment.request,
            amount=str(refund.amount),
            method=payment.method,
        )
    return refund


def refund_mark_done(*, refund, by):
    """Finance paid a transfer or counter refund back by hand."""
    with transaction.atomic():
        locked = (
            Refund.objects.select_for_update(of=("self",))
            .select_related("payment__request")
            .get(pk=refund.pk)
        )
        if locked.status == Refund.Status.DONE:
            raise ActionRefused("refund_already_done")
        locked.status = Refund.Status.DONE
        locked.done_at = timezone.now()
        locked.done_by = by
        locked.save(update_fields=["status", "done_at", "done_by"])
        audit(
            "guichet.payment.refunded",
            actor=by,
            document_request=locked.payment.request,
            amount=str(locked.amount),
            method=locked.payment.method,
        )
    return locked


def refund_unreachable(refund_pk):
    """The provider could not be reached after every retry: finance refunds by hand."""
    refund = Refund.objects.select_related("payment__request").get(pk=refund_pk)
    if refund.status != Refund.Status.REQUESTED:
        return refund
    refund.status = Refund.Status.FAILED
    refund.failure = _("Le prestataire de paiement n'a pas pu être joint.")
    refund.save(update_fields=["status", "failure"])
    audit(
        "guichet.payment.refund_failed",
        document_request=refund.payment.request,
        error="unreachable",
    )
    return refund
