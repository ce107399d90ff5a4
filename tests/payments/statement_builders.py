"""Valid bank statements written from a list of movements, for tests: CODA (the Belgian
fixed-width file) and CAMT.053 (ISO 20022 XML, versions 02 and 08).

    from tests.payments.statement_builders import Movement, build_coda, build_camt053

    data = build_coda([Movement("5.00", structured_communication="123456789002")])
    data = build_camt053([{"amount": "12.50", "free_communication": "acte de naissance"}])

A movement is a ``Movement`` or a dict of its fields; the amount is positive for money
received, negative for money paid out. A list (or tuple) of movements in place of one is a
batch: one globalised movement with its details in CODA, one entry with several ``TxDtls`` in
CAMT.053. The balances and the totals of the file are computed, so the file is consistent; a
test that wants a broken file alters the bytes afterwards.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape  # noqa: S406 - escaping text we write, no parsing

ACCOUNT_IBAN = "BE71096123456769"
ACCOUNT_BIC = "GKCCBEBB"
HOLDER = "Commune de Val-des-Sources"
STATEMENT_DATE = datetime.date(2026, 12, 4)


@dataclass
class Movement:
    amount: Decimal | str | int
    structured_communication: str = ""  # 12 digits
    free_communication: str = ""
    counterparty_iban: str = "BE68539007547034"
    counterparty_bic: str = "BBRUBEBB"
    counterparty_name: str = "Marie Dupont"
    bank_reference: str = ""  # made up from the position when empty
    booking_date: datetime.date | None = None  # the statement's date when None
    value_date: datetime.date | None = None  # the booking date when None

    def __post_init__(self):
        self.amount = Decimal(str(self.amount)).quantize(Decimal("0.01"))


def _movements(lines):
    """[[Movement, …], …]: each item a group of one (a plain movement) or more (a batch)."""
    groups = []
    for item in lines:
        items = list(item) if isinstance(item, list | tuple) else [item]
        groups.append([m if isinstance(m, Movement) else Movement(**m) for m in items])
    return groups


# --- CODA -------------------------------------------------------------------------------------


def _record(*fields):
    """A 128-character record from (start, end, value) with 1-based inclusive positions."""
    chars = [" "] * 128
    for start, end, value in fields:
        width = end - start + 1
        value = str(value)
        assert len(value) <= width, (start, end, value)
        chars[start - 1 : end] = list(value.ljust(width))
    return "".join(chars)


def _ddmmyy(day):
    return day.strftime("%d%m%y")


def _thousandths(amount):
    return f"{int(abs(amount) * 1000):015d}"


def _sign(amount):
    return "1" if amount < 0 else "0"


def _coda_movement(sequence, detail, movement, *, day, number, kind, globalisation, reference):
    booking = movement.booking_date or day
    value = movement.value_date or booking
    family = "01"
    transaction = "50" if movement.amount > 0 else "01"
    if movement.structured_communication:
        communication_type, communication = "1", "101" + movement.structured_communication
        rest = ""
    else:
        communication_type = "0"
        communication, rest = movement.free_communication[:53], movement.free_communication[53:]
    records = [
        _record(
            (1, 2, "21"),
            (3, 6, f"{sequence:04d}"),
            (7, 10, f"{detail:04d}"),
            (11, 31, reference),
            (32, 32, _sign(movement.amount)),
            (33, 47, _thousandths(movement.amount)),
            (48, 53, _ddmmyy(value)),
            (54, 61, f"{kind}{family}{transaction}000"),
            (62, 62, communication_type),
            (63, 115, communication),
            (116, 121, _ddmmyy(booking)),
            (122, 124, f"{number:03d}"),
            (125, 125, globalisation),
            (126, 126, "1"),
            (128, 128, "0"),
        ),
        _record(
            (1, 2, "22"),
            (3, 6, f"{sequence:04d}"),
            (7, 10, f"{detail:04d}"),
            (11, 63, rest[:53]),
            (99, 109, movement.counterparty_bic),
            (126, 126, "1"),
            (128, 128, "0"),
        ),
        _record(
            (1, 2, "23"),
            (3, 6, f"{sequence:04d}"),
            (7, 10, f"{detail:04d}"),
            (11, 44, movement.counterparty_iban),
            (48, 82, movement.counterparty_name[:35]),
            (83, 125, rest[53:96]),
            (126, 126, "0"),
            (128, 128, "0"),
        ),
    ]
    return records


def build_coda(
    lines,
    *,
    account_iban=ACCOUNT_IBAN,
    holder=HOLDER,
    number=1,
    date=STATEMENT_DATE,
    opening_balance=Decimal("1000.00"),
    encoding="cp1252",
    newline="\r\n",
):
    """A CODA file (version 2) of one statement of ``account_iban`` (a Belgian IBAN)."""
    opening_balance = Decimal(str(opening_balance))
    account = f"{account_iban:<34}EUR"
    records = [
        _record(
            (1, 5, "00000"),
            (6, 11, _ddmmyy(date)),
            (12, 14, "000"),
            (15, 16, "05"),
            (25, 34, "TEST"),
            (35, 60, holder[:26]),
            (61, 71, ACCOUNT_BIC),
            (72, 82, "00000000000"),
            (84, 88, "00000"),
            (128, 128, "2"),
        ),
        _record(
            (1, 2, "12"),
            (3, 5, f"{number:03d}"),
            (6, 42, account),
            (43, 43, _sign(opening_balance)),
            (44, 58, _thousandths(opening_balance)),
            (59, 64, _ddmmyy(date - datetime.timedelta(days=1))),
            (65, 90, holder[:26]),
            (91, 125, "Compte courant"),
            (126, 128, f"{number:03d}"),
        ),
    ]
    debit = credit = Decimal("0.00")
    for sequence, group in enumerate(_movements(lines), start=1):
        reference = (group[0].bank_reference or f"REF{number:03d}{sequence:04d}")[:21]
        total = sum((movement.amount for movement in group), Decimal("0.00"))
        if len(group) == 1:
            records += _coda_movement(
                sequence,
                0,
                group[0],
                day=date,
                number=number,
                kind="0",
                globalisation="0",
                reference=reference,
            )
        else:
            records += _coda_movement(
                sequence,
                0,
                Movement(
                    total,
                    free_communication="LOT",
                    counterparty_iban="",
                    counterparty_bic="",
                    counterparty_name="",
                ),
                day=date,
                number=number,
                kind="1",
                globalisation="1",
                reference=reference,
            )
            for detail, movement in enumerate(group, start=1):
                records += _coda_movement(
                    sequence,
                    detail,
                    movement,
                    day=date,
                    number=number,
                    kind="5",
                    globalisation="0",
                    reference=reference,
                )
        if total < 0:
            debit -= total
        else:
            credit += total
    closing = opening_balance + credit - debit
    records.append(
        _record(
            (1, 1, "8"),
            (2, 4, f"{number:03d}"),
            (5, 41, account),
            (42, 42, _sign(closing)),
            (43, 57, _thousandths(closing)),
            (58, 63, _ddmmyy(date)),
            (128, 128, "0"),
        )
    )
    records.append(
        _record(
            (1, 1, "9"),
            (17, 22, f"{len(records) - 1:06d}"),
            (23, 37, _thousandths(debit)),
            (38, 52, _thousandths(credit)),
            (128, 128, "2"),
        )
    )
    return (newline.join(records) + newline).encode(encoding)


# --- CAMT.053 ---------------------------------------------------------------------------------


def _party_xml(movement, version):
    role, account, agent = (
        ("Dbtr", "DbtrAcct", "DbtrAgt") if movement.amount > 0 else ("Cdtr", "CdtrAcct", "CdtrAgt")
    )
    name = escape(movement.counterparty_name)
    name_xml = f"<Pty><Nm>{name}</Nm></Pty>" if version >= "08" else f"<Nm>{name}</Nm>"
    bic_tag = "BICFI" if version >= "08" else "BIC"
    parts = [f"<RltdPties><{role}>{name_xml}</{role}>"]
    if movement.counterparty_iban:
        parts.append(f"<{account}><Id><IBAN>{movement.counterparty_iban}</IBAN></Id></{account}>")
    parts.append("</RltdPties>")
    if movement.counterparty_bic:
        parts.append(
            f"<RltdAgts><{agent}><FinInstnId><{bic_tag}>{movement.counterparty_bic}</{bic_tag}>"
            f"</FinInstnId></{agent}></RltdAgts>"
        )
    return "".join(parts)


def _remittance_xml(movement):
    if movement.structured_communication:
        return (
            "<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr>"
            f"</Tp><Ref>{movement.structured_communication}</Ref></CdtrRefInf></Strd></RmtInf>"
        )
    if movement.free_communication:
        return f"<RmtInf><Ustrd>{escape(movement.free_communication)}</Ustrd></RmtInf>"
    return ""


def _amount_xml(amount):
    return f'<Amt Ccy="EUR">{abs(amount):.2f}</Amt>'


def _tx_xml(movement, version, *, with_amount):
    amount = ""
    if with_amount:
        amount = (
            _amount_xml(movement.amount)
            if version >= "08"
            else f"<AmtDtls><TxAmt>{_amount_xml(movement.amount)}</TxAmt></AmtDtls>"
        )
    reference = (
        f"<Refs><AcctSvcrRef>{escape(movement.bank_reference)}</AcctSvcrRef></Refs>"
        if movement.bank_reference and with_amount
        else ""
    )
    return (
        f"<TxDtls>{reference}{amount}{_party_xml(movement, version)}"
        f"{_remittance_xml(movement)}</TxDtls>"
    )


def _balance_xml(code, amount, day):
    indicator = "DBIT" if amount < 0 else "CRDT"
    return (
        f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>{_amount_xml(amount)}"
        f"<CdtDbtInd>{indicator}</CdtDbtInd><Dt><Dt>{day.isoformat()}</Dt></Dt></Bal>"
    )


def build_camt053(
    lines,
    *,
    account_iban=ACCOUNT_IBAN,
    number=1,
    date=STATEMENT_DATE,
    opening_balance=Decimal("1000.00"),
    version="08",
    batch_amounts=True,
):
    """A CAMT.053.001.<version> document of one statement. ``batch_amounts=False`` leaves the
    parts of a batch without their own amounts (some banks send them so)."""
    opening_balance = Decimal(str(opening_balance))
    entries = []
    total = Decimal("0.00")
    for position, group in enumerate(_movements(lines), start=1):
        amount = sum((movement.amount for movement in group), Decimal("0.00"))
        total += amount
        first = group[0]
        booking = first.booking_date or date
        value = first.value_date or booking
        reference = (
            first.bank_reference if len(group) == 1 and first.bank_reference else None
        ) or f"ENTRY-{number}-{position}"
        details = "".join(
            _tx_xml(movement, version, with_amount=len(group) > 1 and batch_amounts)
            for movement in group
        )
        entries.append(
            f"<Ntry>{_amount_xml(amount)}"
            f"<CdtDbtInd>{'DBIT' if amount < 0 else 'CRDT'}</CdtDbtInd><Sts>"
            + ("<Cd>BOOK</Cd>" if version >= "08" else "BOOK")
            + f"</Sts><BookgDt><Dt>{booking.isoformat()}</Dt></BookgDt>"
            f"<ValDt><Dt>{value.isoformat()}</Dt></ValDt>"
            f"<AcctSvcrRef>{escape(reference)}</AcctSvcrRef>"
            f"<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly>"
            f"</Domn></BkTxCd><NtryDtls>{details}</NtryDtls></Ntry>"
        )
    closing = opening_balance + total
    created = f"{date.isoformat()}T06:00:00"
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}">'
        f"<BkToCstmrStmt><GrpHdr><MsgId>MSG-{number}</MsgId><CreDtTm>{created}</CreDtTm>"
        f"</GrpHdr><Stmt><Id>STMT-{date.year}-{number:04d}</Id>"
        f"<ElctrncSeqNb>{number}</ElctrncSeqNb><LglSeqNb>{number}</LglSeqNb>"
        f"<CreDtTm>{created}</CreDtTm>"
        f"<Acct><Id><IBAN>{account_iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        + _balance_xml("OPBD", opening_balance, date - datetime.timedelta(days=1))
        + _balance_xml("CLBD", closing, date)
        + "".join(entries)
        + "</Stmt></BkToCstmrStmt></Document>\n"
    )
    return document.encode("utf-8")
