"""The receipt of a paid payment, as a PDF: rendered like the issued documents
(guichet.documents.pdf) and sealed with the commune's seal when one is configured
(guichet.documents.seal). Made on demand, never stored: the payment row is the record."""

from django.utils import timezone
from django.utils.translation import gettext as _

from guichet import communes
from guichet.documents.pdf import PdfRenderError, render_pdf
from guichet.documents.seal import SealError, seal_pdf
from guichet.kinds import registry
from guichet.models import Payment
from guichet.payments.citizen import how_paid

TEMPLATE = "documents/receipt.html"


class ReceiptError(Exception):
    """The receipt could not be rendered or sealed (try again later)."""


def receipt_method(payment):
    """The way it was paid, as the receipt says it."""
    if payment.method == Payment.Method.ONLINE:
        return _("En ligne — %(instrument)s") % {"instrument": how_paid(payment)}
    if payment.method == Payment.Method.TRANSFER:
        return _("Virement bancaire")
    if payment.instrument == "cash":
        return _("Au guichet, en espèces")
    return _("Au guichet, par carte bancaire")


def render_receipt(payment, *, at=None):
    request = payment.request
    kind = registry.get(request.kind)
    context = {
        "commune": communes.of(payment).as_context(),
        "payment": payment,
        "request": request,
        "reference": request.reference,
        "kind_label": kind.label if kind else request.kind,
        "how": receipt_method(payment),
        "paid_at": timezone.localtime(payment.paid_at),
        "issued_at": timezone.localtime(at or timezone.now()),
        "refunded": payment.refunds.exists(),
    }
    try:
        return seal_pdf(render_pdf(TEMPLATE, context), communes.of(payment))
    except (PdfRenderError, SealError) as error:
        raise ReceiptError(str(error)) from error
