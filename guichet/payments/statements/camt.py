"""CAMT.053, the ISO 20022 bank-to-customer statement (XML), versions 001.02 to 001.13.

Read with defusedxml: a document type declaration (hence any entity) is refused before
anything else is parsed. Per ``Stmt``:

- account ``Acct/Id/IBAN``, number ``LglSeqNb`` (else ``ElctrncSeqNb``, else ``Id``), date of
  the closing balance (else ``CreDtTm``);
- balances ``Bal`` of type ``OPBD``/``PRCD`` (opening) and ``CLBD`` (closing), signed by their
  ``CdtDbtInd``;
- each ``Ntry``: ``Amt``/``@Ccy``, ``CdtDbtInd``, ``BookgDt``, ``ValDt`` (``Dt`` or ``DtTm``),
  ``AcctSvcrRef``; each of its ``NtryDtls/TxDtls`` becomes a line (an entry grouping several
  transfers gives several lines, each with its own amount when ``AmtDtls`` or ``Amt`` says it),
  an entry without details one line. From a ``TxDtls``: ``RmtInf/Strd/CdtrRefInf/Ref`` (the
  structured communication, Belgian or RF), ``RmtInf/Ustrd``, the counterparty in
  ``RltdPties`` (``Dbtr`` for a credit, ``Cdtr`` for a debit; ``Nm`` directly or under
  ``Pty`` from version 08) with its ``…Acct/Id/IBAN`` and its bank's BIC in ``RltdAgts``.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import ParseError  # noqa: S405 - the parsing itself is defusedxml

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

from guichet.payments import ogm
from guichet.payments.statements import (
    CAMT053,
    MAX_AMOUNT,
    Statement,
    StatementError,
    StatementLine,
)

_NAMESPACE = re.compile(r"^\{urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.(\d\d)\}Document$")
SUPPORTED_VERSIONS = {f"{version:02d}" for version in range(2, 14)}


def _error(where, message):
    return StatementError(
        _("CAMT.053, élément %(where)s : %(message)s") % {"where": where, "message": message}
    )


class _Reader:
    """Finds children by local path ("Ntry/Amt") in the document's namespace."""

    def __init__(self, namespace):
        self.ns = namespace

    def _path(self, path):
        return "/".join(
            f"{{{self.ns}}}{part}" if part not in (".", "..") else part for part in path.split("/")
        )

    def find(self, element, path):
        return element.find(self._path(path)) if element is not None else None

    def findall(self, element, path):
        return element.findall(self._path(path)) if element is not None else []

    def text(self, element, path):
        found = self.find(element, path)
        return (found.text or "").strip() if found is not None else ""

    def first_text(self, element, *paths):
        for path in paths:
            value = self.text(element, path)
            if value:
                return value
        return ""


def _date(value, where):
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        raise _error(
            where, _("date « %(value)s » illisible (AAAA-MM-JJ attendu).") % {"value": value}
        ) from None


def _amount(reader, element, where, *, required=True):
    """The amount of an ``Amt`` element and its currency, or (None, "") when absent."""
    if element is None:
        if required:
            raise _error(where, _("montant manquant."))
        return None, ""
    try:
        value = Decimal((element.text or "").strip())
    except InvalidOperation:
        raise _error(
            where, _("montant « %(value)s » illisible.") % {"value": element.text}
        ) from None
    if not value.is_finite() or value < 0 or value > MAX_AMOUNT:
        raise _error(where, _("montant « %(value)s » illisible.") % {"value": element.text})
    return value.quantize(Decimal("0.01")), element.get("Ccy", "")


def _sign(reader, element, where):
    indicator = reader.text(element, "CdtDbtInd")
    if indicator not in ("CRDT", "DBIT"):
        raise _error(
            where,
            _("CdtDbtInd « %(value)s » inconnu (CRDT ou DBIT attendu).") % {"value": indicator},
        )
    return 1 if indicator == "CRDT" else -1


def _balances(reader, statement, where):
    found = {}
    for balance in reader.findall(statement, "Bal"):
        code = reader.first_text(balance, "Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry")
        amount, _currency = _amount(reader, reader.find(balance, "Amt"), f"{where}/Bal/Amt")
        sign = _sign(reader, balance, f"{where}/Bal")
        day = reader.first_text(balance, "Dt/Dt", "Dt/DtTm")
        found.setdefault(code, (sign * amount, _date(day, f"{where}/Bal/Dt") if day else None))
    opening = found.get("OPBD") or found.get("PRCD")
    closing = found.get("CLBD")
    if opening is None or closing is None:
        raise _error(
            f"{where}/Bal",
            _("le solde d'ouverture (OPBD) ou de clôture (CLBD) manque."),
        )
    return opening[0], closing[0], closing[1]


def _party(reader, details, credit):
    role, account, agent = (
        ("Dbtr", "DbtrAcct", "DbtrAgt") if credit else ("Cdtr", "CdtrAcct", "CdtrAgt")
    )
    name = reader.first_text(details, f"RltdPties/{role}/Nm", f"RltdPties/{role}/Pty/Nm")
    iban = reader.text(details, f"RltdPties/{account}/Id/IBAN").replace(" ", "")
    bic = reader.first_text(
        details, f"RltdAgts/{agent}/FinInstnId/BIC", f"RltdAgts/{agent}/FinInstnId/BICFI"
    )
    return " ".join(name.split()), iban, bic


def _communications(reader, details):
    structured = ""
    for reference in reader.findall(details, "RmtInf/Strd/CdtrRefInf/Ref"):
        structured = structured or ogm.normalise(reference.text or "")
    free = " ".join(
        " ".join((part.text or "") for part in reader.findall(details, "RmtInf/Ustrd")).split()
    )
    if not structured and not free:
        # An RF reference or another structured one we do not issue: kept as text.
        free = " ".join(
            (reference.text or "").strip()
            for reference in reader.findall(details, "RmtInf/Strd/CdtrRefInf/Ref")
        ).strip()
    return structured, free


def _transaction_amount(reader, details, where):
    """(amount, currency) of one transaction of a batch, or None when it does not say."""
    found = reader.find(details, "AmtDtls/TxAmt/Amt")
    if found is None:
        found = reader.find(details, "Amt")
    if found is None:
        return None
    return _amount(reader, found, f"{where}/Amt")


def _entry_lines(reader, entry, where, first_number):
    amount, currency = _amount(reader, reader.find(entry, "Amt"), f"{where}/Amt")
    sign = _sign(reader, entry, where)
    booking = reader.first_text(entry, "BookgDt/Dt", "BookgDt/DtTm")
    if not booking:
        raise _error(f"{where}/BookgDt", _("date de comptabilisation manquante."))
    booking_date = _date(booking, f"{where}/BookgDt")
    value = reader.first_text(entry, "ValDt/Dt", "ValDt/DtTm")
    value_date = _date(value, f"{where}/ValDt") if value else None
    entry_reference = reader.first_text(entry, "AcctSvcrRef", "NtryRef")
    transactions = reader.findall(entry, "NtryDtls/TxDtls")
    credit = sign > 0
    line = {
        "booking_date": booking_date,
        "value_date": value_date,
        "counterparty_iban": "",
        "counterparty_bic": "",
        "counterparty_name": "",
    }
    amounts = [
        _transaction_amount(reader, details, f"{where}/NtryDtls/TxDtls[{index}]")
        for index, details in enumerate(transactions, start=1)
    ]
    if len(transactions) > 1 and None in amounts:
        # A batch whose parts carry no amount of their own: one line for the entry, every
        # communication in its text (matching then sees several communications).
        parts = [_communications(reader, details) for details in transactions]
        texts = [ogm.display(structured) if structured else free for structured, free in parts]
        return [
            StatementLine(
                **line,
                bank_reference=entry_reference,
                amount=sign * amount,
                currency=currency,
                structured_communication="",
                free_communication=" ".join(text for text in texts if text),
                line_number=first_number,
            )
        ]
    lines = []
    for index, details in enumerate(transactions or [None], start=1):
        own = amounts[index - 1] if len(transactions) > 1 else None
        reference = reader.first_text(details, "Refs/AcctSvcrRef") if details is not None else ""
        if not reference:
            reference = entry_reference if len(transactions) <= 1 else f"{entry_reference}/{index}"
        if details is not None:
            structured, free = _communications(reader, details)
            name, iban, bic = _party(reader, details, credit)
        else:
            structured, free, name, iban, bic = "", "", "", "", ""
        lines.append(
            StatementLine(
                **{
                    **line,
                    "counterparty_iban": iban,
                    "counterparty_bic": bic,
                    "counterparty_name": name,
                },
                bank_reference=reference,
                amount=sign * (own[0] if own else amount),
                currency=(own[1] if own else "") or currency,
                structured_communication=structured,
                free_communication=free,
                line_number=first_number + len(lines),
            )
        )
    if len(lines) > 1:
        total = sum((line.amount for line in lines), Decimal("0.00"))
        if total != sign * amount:
            raise _error(
                f"{where}/NtryDtls",
                _("les opérations du lot totalisent %(total)s, l'écriture annonce %(amount)s.")
                % {"total": total, "amount": sign * amount},
            )
    return lines


def _statement(reader, statement, index):
    where = f"Stmt[{index}]"
    iban = reader.text(statement, "Acct/Id/IBAN").replace(" ", "")
    if not iban:
        raise _error(f"{where}/Acct/Id/IBAN", _("le compte (IBAN) manque."))
    number = reader.first_text(statement, "LglSeqNb", "ElctrncSeqNb", "Id")
    opening, closing, closing_date = _balances(reader, statement, where)
    created = reader.text(statement, "CreDtTm")
    day = closing_date or (_date(created, f"{where}/CreDtTm") if created else None)
    if day is None:
        raise _error(f"{where}/CreDtTm", _("la date de l'extrait manque."))
    lines = []
    for position, entry in enumerate(reader.findall(statement, "Ntry"), start=1):
        lines.extend(_entry_lines(reader, entry, f"{where}/Ntry[{position}]", len(lines) + 1))
    movements = sum((line.amount for line in lines), Decimal("0.00"))
    if opening + movements != closing:
        raise _error(
            f"{where}/Bal",
            _(
                "le solde d'ouverture (%(opening)s) plus les écritures (%(total)s) ne donne pas "
                "le solde de clôture (%(closing)s) : des écritures manquent."
            )
            % {"opening": opening, "total": movements, "closing": closing},
        )
    return Statement(
        format=CAMT053,
        account_iban=iban,
        number=number,
        date=day,
        opening_balance=opening,
        closing_balance=closing,
        lines=lines,
    )


def parse(data):
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise StatementError(
            _("Le fichier XML contient une déclaration de type de document (DOCTYPE) : refusé.")
        ) from None
    except LookupError:  # an encoding Python does not know, declared in <?xml … ?>
        raise StatementError(
            _("Le fichier XML déclare un encodage inconnu : ce n'est pas un extrait CAMT.053.")
        ) from None
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise StatementError(
            _(
                "Le fichier XML est illisible (ligne %(line)s, colonne %(column)s) : "
                "il est tronqué ou n'est pas un extrait CAMT.053."
            )
            % {"line": line, "column": column}
        ) from None
    match = _NAMESPACE.match(root.tag)
    if not match or match.group(1) not in SUPPORTED_VERSIONS:
        raise StatementError(
            _(
                "Le fichier XML n'est pas un extrait CAMT.053 (élément racine « %(tag)s ») : "
                "demandez à la banque l'extrait de compte au format CAMT.053."
            )
            % {"tag": root.tag}
        )
    namespace = root.tag[1 : root.tag.index("}")]
    reader = _Reader(namespace)
    statements = reader.findall(root, "BkToCstmrStmt/Stmt")
    if not statements:
        raise _error("BkToCstmrStmt/Stmt", _("aucun extrait dans le fichier."))
    return [_statement(reader, statement, index) for index, statement in enumerate(statements, 1)]
