"""Bank statements as the commune's bank sends them: CODA (Belgian, fixed width) and
CAMT.053 (ISO 20022 XML), read into the same plain records.

``parse(data, filename)`` tells the format from the content, reads the file and returns one
``Statement``; ``parse_statements`` returns every statement of a file that holds several (one
per account or per day). A file that cannot be read raises ``StatementError`` whose message,
in the active language, names the line or element at fault: the import page shows it as is.

Amounts are ``Decimal`` in the account's currency, positive for money received (credit),
negative for money paid out (debit). No model, no database: the payments core stores what it
needs from these records.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

# A day's statement of a commune is a few hundred kilobytes at most; a larger file is refused
# before it is read (memory, and XML parsing time).
MAX_STATEMENT_BYTES = 10 * 1024 * 1024

CODA = "coda"
CAMT053 = "camt.053"
# The largest amount a statement line may carry (guichet.models.StatementLine.amount: ten
# digits before the decimal point); anything larger is a damaged file, not a payment.
MAX_AMOUNT = Decimal("9999999999.99")


class StatementError(ValueError):
    """A file that is not a statement we can read; ``str(error)`` is the message to show."""


@dataclass(frozen=True)
class StatementLine:
    bank_reference: str  # the bank's own reference of the movement, unique per account
    booking_date: datetime.date
    value_date: datetime.date | None
    amount: Decimal  # credit > 0, debit < 0
    currency: str
    structured_communication: str  # the 12 digits of a valid Belgian structured one, or ""
    free_communication: str
    counterparty_iban: str
    counterparty_bic: str
    counterparty_name: str
    line_number: int  # 1, 2, 3… within the statement, in the bank's order

    @property
    def is_credit(self):
        return self.amount > 0


@dataclass(frozen=True)
class Statement:
    format: str  # CODA or CAMT053
    account_iban: str  # electronic form, no spaces
    number: str  # the bank's statement number ("012", "2026-0042")
    date: datetime.date
    opening_balance: Decimal
    closing_balance: Decimal
    lines: list[StatementLine] = field(default_factory=list)

    @property
    def total_credit(self):
        return sum((line.amount for line in self.lines if line.amount > 0), Decimal("0.00"))

    @property
    def total_debit(self):
        return sum((line.amount for line in self.lines if line.amount < 0), Decimal("0.00"))


def detect(data):
    """CODA, CAMT053 or None, from the first bytes."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") or head.startswith(b"\xff\xfe<") or head.startswith(b"\xfe\xff\x00<"):
        return CAMT053
    if head.startswith(b"0") and len(head.split(b"\n", 1)[0].rstrip(b"\r")) in range(120, 140):
        return CODA
    return None


def parse_statements(data, filename=""):
    """Every statement in the file, in its order (at least one)."""
    if not data:
        raise StatementError(_("Le fichier est vide."))
    if len(data) > MAX_STATEMENT_BYTES:
        raise StatementError(
            _("Le fichier dépasse %(size)s Mo : ce n'est pas un extrait de compte d'un jour.")
            % {"size": MAX_STATEMENT_BYTES // (1024 * 1024)}
        )
    kind = detect(data)
    if kind == CODA:
        from guichet.payments.statements import coda

        return coda.parse(data)
    if kind == CAMT053:
        from guichet.payments.statements import camt

        return camt.parse(data)
    raise StatementError(
        _(
            "Le fichier « %(name)s » n'est ni un extrait CODA ni un extrait CAMT.053 (XML) : "
            "téléchargez l'extrait de compte dans l'un de ces formats depuis la banque en ligne."
        )
        % {"name": filename or "?"}
    )


def parse(data, filename=""):
    """The one statement in the file; StatementError when it holds none or several."""
    statements = parse_statements(data, filename)
    if len(statements) != 1:
        raise StatementError(
            _(
                "Le fichier contient %(count)s extraits de compte ; importez-les un par un "
                "(un fichier par compte et par jour)."
            )
            % {"count": len(statements)}
        )
    return statements[0]
