"""How a request's payment reads in the back office: a short label for the queue and the
"Paiement" box of the request page. Reads the request's fields and its payments; changes
nothing."""

from django.utils.translation import gettext_lazy as _

from guichet.constants import PaymentChoice, State
from guichet.models import Payment, Refund
from guichet.payments.journal import instrument_label

FREE = _("Gratuit")
PAID = _("Payé")
AWAITING = _("Paiement attendu")
AT_COUNTER = _("À payer au guichet")
NOT_PAID = _("Non payé")
REFUNDED = _("Remboursé")
TO_REFUND = _("À rembourser")


def payment_label(document_request, refunds=None):
    """One word or two for the queue: Gratuit, Payé, Paiement attendu, À payer au guichet…"""
    if not document_request.fee:
        return FREE
    if refunds:
        done = all(r.status == Refund.Status.DONE for r in refunds)
        return REFUNDED if done else TO_REFUND
    if document_request.paid_at is not None:
        return PAID
    if document_request.state == State.AWAITING_PAYMENT:
        return AWAITING
    if document_request.payment_choice == PaymentChoice.COUNTER and document_request.state not in (
        State.CANCELLED,
        State.REJECTED,
    ):
        return AT_COUNTER
    return NOT_PAID


def payment_box(document_request):
    """What the request page's "Paiement" box shows, or None for a free request."""
    payments = list(document_request.payments.all())
    if not document_request.fee and not payments:
        return None
    paid = next((p for p in payments if p.status == Payment.Status.PAID), None)
    refunds = list(Refund.objects.filter(payment__request=document_request).order_by("created_at"))
    return {
        "amount": document_request.fee,
        "label": payment_label(document_request, refunds),
        "choice": document_request.get_payment_choice_display(),
        "paid": paid,
        "method": paid.get_method_display() if paid else "",
        "instrument": instrument_label(paid.instrument) if paid else "",
        "paid_at": document_request.paid_at,
        "due_until": (
            document_request.payment_due_until
            if document_request.state == State.AWAITING_PAYMENT
            else None
        ),
        "refunds": refunds,
    }
