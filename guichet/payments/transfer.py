"""Paying by bank transfer: the commune's account, the details a citizen copies, the EPC QR code.

The account comes from three settings, checked at start-up (``guichet.payments.checks``):
``PAYMENT_IBAN``, ``PAYMENT_BIC`` and ``PAYMENT_BENEFICIARY``. An empty ``PAYMENT_IBAN``
means the commune takes no transfers (``transfers_enabled()`` is false).

The QR code follows the European Payments Council's guidelines EPC069-12 (version 002, UTF-8,
error correction M), made by ``segno.helpers.make_epc_qr``. The Belgian structured
communication travels as its twelve bare digits in the structured "Remittance Reference"
element, the text element stays empty: docs/payments.md, "Bank transfer", says why.
"""

import html
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from schwifty import BIC, IBAN
from segno import helpers as segno_helpers

from guichet import communes
from guichet.payments import ogm

# EPC069-12 limits.
MIN_AMOUNT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999.99")
BENEFICIARY_MAX_LENGTH = 70


class TransferNotConfigured(Exception):
    """The commune has no account for transfers (``PAYMENT_IBAN`` is empty)."""


@dataclass(frozen=True)
class TransferDetails:
    """What a citizen needs to make the transfer, each value ready to show or to encode."""

    beneficiary: str
    iban: str  # electronic form, "BE71096123456769"
    iban_display: str  # in groups of four, "BE71 0961 2345 6769"
    bic: str
    amount: Decimal  # two decimals
    communication: str  # the 12 digits
    communication_display: str  # "+++123/4567/89002+++"

    @property
    def amount_text(self):
        """The amount with a dot and two decimals, never localised ("5.00"), for HTML
        attributes, CSV or JSON. Templates show ``amount`` through the site's own filters."""
        return f"{self.amount:.2f}"


def transfers_enabled(commune=None):
    """Does `commune` (default: the current one) have an account for transfers?"""
    return bool((commune or communes.current_or_home()).payment_iban.strip())


def commune_account(commune=None):
    """(IBAN, BIC or "", beneficiary name) of `commune` (default: the current one), checked
    when saved (guichet.models.Commune.clean; the first commune's at start-up too)."""
    commune = commune or communes.current_or_home()
    if not transfers_enabled(commune):
        raise TransferNotConfigured
    iban = IBAN(commune.payment_iban)
    bic = commune.payment_bic.strip()
    bic = str(BIC(bic)) if bic else (str(iban.bic) if iban.bic else "")
    beneficiary = " ".join(commune.beneficiary.split())[:BENEFICIARY_MAX_LENGTH]
    return iban, bic, beneficiary


def transfer_details(amount, communication, commune=None):
    """The details of the transfer paying ``amount`` euros with ``communication`` (its 12
    digits, or as typed: "+++123/4567/89002+++").

    Raises ValueError for an amount outside 0.01–999 999 999.99 or a communication that is not
    a valid structured communication, TransferNotConfigured when the commune has no account.
    """
    try:
        amount = Decimal(str(amount)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as error:
        raise ValueError(f"invalid amount {amount!r}") from error
    if not amount.is_finite() or not MIN_AMOUNT <= amount <= MAX_AMOUNT:
        raise ValueError(f"amount out of range: {amount}")
    digits = ogm.normalise(communication)
    if not digits:
        raise ValueError("not a valid structured communication")
    iban, bic, beneficiary = commune_account(commune)
    return TransferDetails(
        beneficiary=beneficiary,
        iban=iban.compact,
        iban_display=iban.formatted,
        bic=bic,
        amount=amount,
        communication=digits,
        communication_display=ogm.display(digits),
    )


def epc_qr(details):
    """The ``segno.QRCode`` of the transfer (EPC069-12 version 002, UTF-8, level M)."""
    return segno_helpers.make_epc_qr(
        name=details.beneficiary,
        iban=details.iban,
        amount=details.amount,
        reference=details.communication,
        bic=details.bic or None,
        encoding=1,
    )


def qr_label(details):
    """The QR code's text alternative: what scanning it prepares."""
    return _(
        "Code QR de virement à scanner avec l'application de votre banque : "
        "%(amount)s euros à %(beneficiary)s, compte %(iban)s, "
        "communication structurée %(communication)s"
    ) % {
        "amount": number_format(details.amount, decimal_pos=2),
        "beneficiary": details.beneficiary,
        "iban": details.iban_display,
        "communication": details.communication_display,
    }


def epc_qr_svg(details, *, scale=4):
    """Inline ``<svg>`` markup of the QR code, with role="img", an aria-label and a <title>
    (the same text), a white quiet zone of 4 modules and a fixed pixel size."""
    label = qr_label(details)
    svg = epc_qr(details).svg_inline(
        scale=scale, border=4, dark="#000", light="#fff", title=label, svgclass="epc-qr"
    )
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)


def epc_qr_png(details, *, scale=8):
    """PNG bytes of the QR code (black on white, quiet zone of 4 modules), for PDFs."""
    buffer = io.BytesIO()
    epc_qr(details).save(buffer, kind="png", scale=scale, border=4, dark="#000", light="#fff")
    return buffer.getvalue()


def transfer_context(amount, communication):
    """The context of ``guichet/payments/_transfer.html``: ``transfer`` (the details) and
    ``transfer_qr`` (the QR code's inline SVG, made here from checked values with its text
    escaped: the template prints it with ``|safe``, as the enrolment page does its QR code)."""
    details = transfer_details(amount, communication)
    return {"transfer": details, "transfer_qr": epc_qr_svg(details)}
