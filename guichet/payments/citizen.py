"""What a citizen is told about the payment of their request: the website's pages, the
tracking page and the API read it here, from the request and its payments (prefetch
`payments__refunds` for a list). Nothing here changes anything."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from guichet.constants import OPEN_STATES, State
from guichet.models import Payment
from guichet.payments.providers.base import METHOD_LABELS

# The payment_status values of the API, in the order a request goes through them.
AWAITING, PAID, REFUNDED, NONE = "awaiting", "paid", "refunded", "none"

# "Payé le … (Bancontact)": how it was paid, as the citizen reads it.
METHOD_WORDS = {
    Payment.Method.TRANSFER: _("virement"),
    Payment.Method.COUNTER: _("au guichet"),
}


@dataclass
class PaymentInfo:
    status: str  # AWAITING, PAID, REFUNDED or NONE
    fee: object
    paid: Payment | None = None
    how: str = ""  # "Bancontact", "virement", "au guichet"
    refunds: list = field(default_factory=list)
    # The last online attempt that did not go through (failed, canceled, expired), when the
    # request still waits for its payment: the page says so.
    failed_attempt: Payment | None = None

    @property
    def awaiting(self):
        return self.status == AWAITING

    @property
    def awaiting_first(self):
        """Waiting for an online payment or a transfer before anything else happens."""
        return self.status == AWAITING and self.request_state == State.AWAITING_PAYMENT

    request_state: str = ""


def how_paid(payment):
    """ "Bancontact", "Carte de crédit", "virement", "au guichet"."""
    if payment.method == Payment.Method.ONLINE:
        return str(METHOD_LABELS.get(payment.instrument, payment.instrument)) or str(_("en ligne"))
    return str(METHOD_WORDS.get(payment.method, payment.method))


def payment_info(document_request):
    payments = list(document_request.payments.all())  # newest first (Payment.Meta.ordering)
    paid = [p for p in payments if p.status == Payment.Status.PAID]
    refunds = [refund for p in paid for refund in p.refunds.all()]
    kept = next((p for p in paid if not p.refunds.all()), None)
    info = PaymentInfo(
        status=NONE,
        fee=document_request.fee,
        refunds=refunds,
        request_state=document_request.state,
    )
    if kept is not None:
        info.status, info.paid = PAID, kept
    elif paid:
        info.status, info.paid = REFUNDED, paid[0]
    elif document_request.fee > 0 and (
        document_request.state == State.AWAITING_PAYMENT
        or document_request.state in (*OPEN_STATES, State.ISSUED)
        and document_request.pays_at_counter
    ):
        info.status = AWAITING
        online = [p for p in payments if p.method == Payment.Method.ONLINE]
        if online and online[0].status in (
            Payment.Status.FAILED,
            Payment.Status.CANCELED,
            Payment.Status.EXPIRED,
        ):
            info.failed_attempt = online[0]
    if info.paid is not None:
        info.how = how_paid(info.paid)
    return info
