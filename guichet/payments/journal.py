"""What the finance department reads and exports: the payments of a day or a period, their
totals, and the journal file for the accounting software.

No national number and no name leaves through here: a journal line carries the amount, how it
was paid, the provider's or the bank's reference, the receipt number and the request's
reference and kind — what the accountant needs to match the bank's money with the counter's.
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.kinds import registry
from guichet.models import Payment, Refund
from guichet.payments import ogm
from guichet.spreadsheets import Sheet

INSTRUMENTS = {
    "bancontact": _("Bancontact"),
    "creditcard": _("Carte de crédit"),
    "cash": _("Espèces"),
    "card_terminal": _("Terminal de paiement"),
    "transfer": _("Virement"),
}


def instrument_label(code):
    """How it was paid ("Bancontact", "Espèces"); "" for a transfer, whose method says it."""
    if code == "transfer":
        return ""
    return str(INSTRUMENTS.get(code, code or ""))


def kind_label(slug):
    kind = registry.get(slug)
    return str(kind.label) if kind else slug


def _bounds(start, end):
    """Aware datetimes from the start of `start` to the end of `end` (local days)."""
    zone = timezone.get_current_timezone()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    high = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return low, high


def paid_between(start, end):
    low, high = _bounds(start, end)
    return (
        Payment.objects.filter(status=Payment.Status.PAID, paid_at__gte=low, paid_at__lt=high)
        .select_related("request")
        .order_by("paid_at", "pk")
    )


def refunded_between(start, end):
    low, high = _bounds(start, end)
    return (
        Refund.objects.filter(status=Refund.Status.DONE, done_at__gte=low, done_at__lt=high)
        .select_related("payment__request")
        .order_by("done_at", "pk")
    )


def totals_by_method(payments):
    """[{method, label, count, amount}] in the order of Payment.Method, then the total."""
    rows = {
        method: {"method": method, "label": label, "count": 0, "amount": Decimal("0.00")}
        for method, label in Payment.Method.choices
    }
    for payment in payments:
        rows[payment.method]["count"] += 1
        rows[payment.method]["amount"] += payment.amount
    total = {
        "count": sum(row["count"] for row in rows.values()),
        "amount": sum((row["amount"] for row in rows.values()), Decimal("0.00")),
    }
    return list(rows.values()), total


def reference_of(payment):
    """The provider's id or the bank's reference, whichever the payment has."""
    return payment.provider_id or payment.bank_reference


HEADERS = [
    _("Date"),
    _("Opération"),
    _("Montant (EUR)"),
    _("Moyen"),
    _("Instrument"),
    _("Identifiant prestataire"),
    _("Communication structurée"),
    _("Référence bancaire"),
    _("Numéro de reçu"),
    _("Référence de la demande"),
    _("Document"),
]
WIDTHS = [17, 15, 13, 12, 20, 24, 24, 24, 14, 16, 34]


def journal_rows(start, end):
    """Typed rows (local datetimes, Decimal amounts): payments, then refunds as negative
    amounts, in time order."""
    rows = []
    for payment in paid_between(start, end):
        request = payment.request
        rows.append(
            (
                timezone.localtime(payment.paid_at),
                str(_("Paiement")),
                payment.amount,
                str(payment.get_method_display()),
                str(INSTRUMENTS.get(payment.instrument, payment.instrument)),
                payment.provider_id,
                ogm.display(request.structured_communication)
                if request.structured_communication
                else "",
                payment.bank_reference,
                payment.receipt_number,
                request.reference,
                kind_label(request.kind),
            )
        )
    for refund in refunded_between(start, end):
        payment = refund.payment
        request = payment.request
        rows.append(
            (
                timezone.localtime(refund.done_at),
                str(_("Remboursement")),
                -refund.amount,
                str(payment.get_method_display()),
                str(INSTRUMENTS.get(payment.instrument, payment.instrument)),
                refund.provider_refund_id or payment.provider_id,
                ogm.display(request.structured_communication)
                if request.structured_communication
                else "",
                payment.bank_reference,
                payment.receipt_number,
                request.reference,
                kind_label(request.kind),
            )
        )
    rows.sort(key=lambda row: row[0])
    return rows


def journal_sheet(start, end):
    return Sheet(
        title=str(_("Journal des paiements")),
        headers=[str(h) for h in HEADERS],
        rows=journal_rows(start, end),
        widths=WIDTHS,
    )
