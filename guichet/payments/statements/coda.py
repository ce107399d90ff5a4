"""CODA, the Belgian banks' coded statement (Febelfin standard, version 2): lines of 128
characters, each a record whose first character is its type.

Records read (positions 1-based, inclusive, as the standard prints them):

- 0 header: 6-11 creation date, 128 version "2";
- 1 old balance: 2 account structure, 3-5 statement number, 6-42 account and currency,
  43 sign, 44-58 balance, 59-64 date;
- 2.1 movement: 3-6 sequence, 7-10 detail, 11-31 bank reference, 32 sign, 33-47 amount,
  48-53 value date, 54-61 transaction code, 62 communication type (1 structured),
  63-115 communication (structured: 63-65 its type, for 101 and 102 the 12 digits in 66-77),
  116-121 booking date, 125 globalisation code;
- 2.2: 11-63 communication continued, 99-109 counterparty's BIC;
- 2.3: 11-44 counterparty's account (IBAN), 48-82 counterparty's name, 83-125 communication
  continued;
- 3.x and 4: information, checked for their length only;
- 8 new balance: 42 sign, 43-57 balance, 58-63 date;
- 9 trailer: 23-37 total debit, 38-52 total credit.

Amounts: 15 digits, the last 3 are thousandths; a sign digit before them (0 credit, 1 debit).
Dates DDMMYY. Text in Latin-1 or Windows-1252 (UTF-8 accepted).

A globalised movement (globalisation code > 0 on its 2.1 record of detail 0000) is followed by
its details (detail numbers 0001…): the details become the lines, each with its own
communication; a global without details in the file is one line.

Checks that catch a truncated or altered file: every line 128 characters, the records in a
possible order, the old balance plus the movements equals the new balance, and the totals of
record 9 equal the movements.
"""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from guichet.payments import ogm
from guichet.payments.statements import (
    CODA,
    MAX_AMOUNT,
    Statement,
    StatementError,
    StatementLine,
)

RECORD_LENGTH = 128


def _decode(data):
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _error(number, message):
    return StatementError(
        _("CODA, ligne %(line)s : %(message)s") % {"line": number, "message": message}
    )


class _Record:
    """One 128-character line, read by 1-based inclusive positions as the standard prints them."""

    def __init__(self, number, text):
        self.number = number
        self.text = text

    def field(self, start, end):
        return self.text[start - 1 : end]

    def digits(self, start, end, what):
        value = self.field(start, end)
        if not (value.isascii() and value.isdigit()):
            raise _error(
                self.number,
                _(
                    "%(what)s attendu en chiffres aux positions %(start)s à %(end)s, "
                    "lu « %(value)s »."
                )
                % {"what": what, "start": start, "end": end, "value": value},
            )
        return value

    def amount(self, sign_at, start, end, what):
        sign = self.field(sign_at, sign_at)
        if sign not in ("0", "1"):
            raise _error(
                self.number,
                _("signe de %(what)s inconnu (« %(sign)s » en position %(at)s, 0 ou 1 attendu).")
                % {"what": what, "sign": sign, "at": sign_at},
            )
        value = self.unsigned(start, end, what)
        return -value if sign == "1" else value

    def unsigned(self, start, end, what):
        """An amount in thousandths (15 digits: 12 for euros, 3 decimals), to the cent; more
        than MAX_AMOUNT is refused (a damaged file, and more than the database holds)."""
        amount = (Decimal(int(self.digits(start, end, what))) / 1000).quantize(Decimal("0.01"))
        if amount > MAX_AMOUNT:
            raise _error(self.number, _("montant « %(value)s » illisible.") % {"value": amount})
        return amount

    def date(self, start, end, what, *, optional=False):
        value = self.field(start, end)
        if optional and value.strip("0 ") == "":
            return None
        try:
            return datetime.datetime.strptime(value, "%d%m%y").date()
        except ValueError:
            raise _error(
                self.number,
                _("%(what)s invalide aux positions %(start)s à %(end)s : « %(value)s » (JJMMAA).")
                % {"what": what, "start": start, "end": end, "value": value},
            ) from None


def _account(record):
    """(IBAN or account as written, currency) from a record 1's positions 6-42."""
    structure = record.field(2, 2)
    zone = record.field(6, 42)
    if structure == "0":  # Belgian account number, 12 digits
        number, currency = zone[:12], zone[14:17]
        try:  # schwifty computes the 2 national check digits: they must be the file's
            iban = IBAN.generate("BE", bank_code=number[:3], account_code=number[3:10]).compact
        except (SchwiftyException, ValueError):
            iban = ""
        if not iban.endswith(number):
            iban = number
        return iban, currency
    if structure in ("1", "2", "3"):  # 1 foreign number, 2 Belgian IBAN, 3 foreign IBAN
        return zone[:34].split(" ")[0].strip(), zone[34:37]
    raise _error(
        record.number,
        _("structure de compte inconnue « %(value)s » en position 2 (0 à 3 attendu).")
        % {"value": structure},
    )


def _split(text):
    """Records (number, text) of the 0…9 blocks of a file: one block per statement."""
    blocks, current = [], None
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            raise _error(number, _("ligne vide au milieu du fichier."))
        if len(line) != RECORD_LENGTH:
            raise _error(
                number,
                _(
                    "%(length)s caractères au lieu de 128 : le fichier est tronqué ou a été "
                    "modifié (téléchargez-le à nouveau depuis la banque en ligne)."
                )
                % {"length": len(line)},
            )
        record = _Record(number, line)
        kind = line[0]
        if kind == "0":
            if current is not None:
                raise _error(
                    number, _("nouvel en-tête (0) avant la fin (9) de l'extrait précédent.")
                )
            current = [record]
            continue
        if current is None:
            raise _error(
                number, _("enregistrement « %(kind)s » avant l'en-tête (0).") % {"kind": kind}
            )
        current.append(record)
        if kind == "9":
            blocks.append(current)
            current = None
    if current is not None:
        raise _error(
            len(lines), _("le fichier s'arrête avant l'enregistrement de fin (9) : il est tronqué.")
        )
    if not blocks:
        raise _error(1, _("aucun extrait dans le fichier."))
    return blocks


class _Movement:
    def __init__(self, record):
        self.record = record
        self.sequence = record.field(3, 6)
        self.detail = record.field(7, 10)
        self.reference = record.field(11, 31).strip()
        self.amount = record.amount(32, 33, 47, _("montant"))
        self.value_date = record.date(48, 53, _("date valeur"), optional=True)
        self.booking_date = record.date(116, 121, _("date de comptabilisation"))
        self.globalisation = record.field(125, 125).strip() or "0"
        communication = record.field(63, 115)
        self.structured = ""
        self.free_parts = []
        if record.field(62, 62) == "1":
            if communication[:3] in ("101", "102"):
                self.structured = ogm.normalise(communication[3:15])
        else:
            self.free_parts.append(communication)
        self.bic = ""
        self.iban = ""
        self.name = ""

    @property
    def is_global(self):
        return self.globalisation != "0"

    def add(self, record):
        article = record.field(2, 2)
        if record.field(3, 6) != self.sequence:
            raise _error(
                record.number,
                _(
                    "numéro de mouvement %(found)s, %(expected)s attendu "
                    "(celui de l'enregistrement 2.1 précédent)."
                )
                % {"found": record.field(3, 6), "expected": self.sequence},
            )
        if article == "2":
            if not self.structured:
                self.free_parts.append(record.field(11, 63))
            self.bic = record.field(99, 109).strip()
        elif article == "3":
            account = record.field(11, 44).strip()
            self.iban = account.split(" ")[0] if account else ""
            self.name = " ".join(record.field(48, 82).split())
            if not self.structured:
                self.free_parts.append(record.field(83, 125))
        else:
            raise _error(
                record.number, _("article « 2.%(article)s » inconnu.") % {"article": article}
            )

    def line(self, currency, line_number):
        free = " ".join("".join(self.free_parts).split())
        reference = self.reference if self.detail == "0000" else f"{self.reference}/{self.detail}"
        return StatementLine(
            bank_reference=reference,
            booking_date=self.booking_date,
            value_date=self.value_date,
            amount=self.amount,
            currency=currency,
            structured_communication=self.structured,
            free_communication=free,
            counterparty_iban=self.iban,
            counterparty_bic=self.bic,
            counterparty_name=self.name,
            line_number=line_number,
        )


def _statement(records):
    header = records[0]
    if header.field(128, 128) != "2":
        raise _error(
            header.number,
            _("version CODA « %(version)s » en position 128 : seule la version 2 est lue.")
            % {"version": header.field(128, 128)},
        )
    created = header.date(6, 11, _("date de création"))
    if len(records) < 3 or records[1].text[0] != "1":
        raise _error(
            header.number + 1, _("l'ancien solde (enregistrement 1) doit suivre l'en-tête.")
        )
    old = records[1]
    account_iban, currency = _account(old)
    number = old.digits(3, 5, _("numéro d'extrait"))
    opening = old.amount(43, 44, 58, _("ancien solde"))
    old.date(59, 64, _("date de l'ancien solde"))

    movements, closing, closing_date, trailer = [], None, None, records[-1]
    for record in records[2:-1]:
        kind = record.text[0]
        if closing is not None:
            if kind in ("4",):
                continue
            raise _error(
                record.number,
                _("enregistrement « %(kind)s » après le nouveau solde (8).") % {"kind": kind},
            )
        if kind == "2":
            if record.field(2, 2) == "1":
                movements.append(_Movement(record))
            elif not movements:
                raise _error(
                    record.number,
                    _("suite de mouvement (2.%(article)s) sans mouvement 2.1.")
                    % {"article": record.field(2, 2)},
                )
            else:
                movements[-1].add(record)
        elif kind in ("3", "4"):
            continue
        elif kind == "8":
            closing = record.amount(42, 43, 57, _("nouveau solde"))
            closing_date = record.date(58, 63, _("date du nouveau solde"))
        else:
            raise _error(
                record.number, _("type d'enregistrement « %(kind)s » inconnu.") % {"kind": kind}
            )
    if closing is None:
        raise _error(
            trailer.number, _("le nouveau solde (enregistrement 8) manque avant la fin (9).")
        )

    # A movement of detail 0000 counts once; its details (0001…) only split it.
    mains = [movement for movement in movements if movement.detail == "0000"]
    total = sum((movement.amount for movement in mains), Decimal("0.00"))
    if opening + total != closing:
        raise _error(
            trailer.number,
            _(
                "l'ancien solde (%(opening)s) plus les mouvements (%(total)s) ne donne pas le "
                "nouveau solde (%(closing)s) : des mouvements manquent."
            )
            % {"opening": opening, "total": total, "closing": closing},
        )
    debit = -sum((m.amount for m in mains if m.amount < 0), Decimal("0.00"))
    credit = sum((m.amount for m in mains if m.amount > 0), Decimal("0.00"))
    trailer_debit = trailer.unsigned(23, 37, _("total des débits"))
    trailer_credit = trailer.unsigned(38, 52, _("total des crédits"))
    if (trailer_debit, trailer_credit) != (debit, credit):
        raise _error(
            trailer.number,
            _(
                "les totaux de fin (débits %(t_debit)s, crédits %(t_credit)s) ne correspondent "
                "pas aux mouvements (débits %(debit)s, crédits %(credit)s)."
            )
            % {
                "t_debit": trailer_debit,
                "t_credit": trailer_credit,
                "debit": debit,
                "credit": credit,
            },
        )

    lines = []
    for index, movement in enumerate(movements):
        if movement.is_global:
            following = movements[index + 1 :]
            has_details = any(
                other.sequence == movement.sequence and other.detail != "0000"
                for other in following
            )
            if has_details:
                continue
        lines.append(movement.line(currency.strip() or "EUR", len(lines) + 1))
    return Statement(
        format=CODA,
        account_iban=account_iban,
        number=number,
        date=closing_date or created,
        opening_balance=opening,
        closing_balance=closing,
        lines=lines,
    )


def parse(data):
    return [_statement(block) for block in _split(_decode(data))]
