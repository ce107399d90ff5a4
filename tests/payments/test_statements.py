"""Bank statements read back: files written by the builders, then broken ones; every bad file
gets a message that says what is wrong and where."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from guichet.payments import ogm
from guichet.payments.statements import (
    CAMT053,
    CODA,
    MAX_STATEMENT_BYTES,
    StatementError,
    parse,
    parse_statements,
)
from tests.payments.statement_builders import Movement, build_camt053, build_coda

PAID = ogm.make(1234567890)  # 123456789002
OTHER = ogm.make(42)

LINES = [
    Movement("5.00", structured_communication=PAID, bank_reference="B6L04ABC123"),
    Movement(
        "-12.34",
        free_communication="Frais de tenue de compte novembre 2026 " * 3,
        counterparty_iban="BE32068012345602",
        counterparty_bic="GKCCBEBB",
        counterparty_name="Belfius Banque",
    ),
    Movement(
        "20",
        free_communication=f"Acte de naissance {ogm.display(OTHER)}",
        counterparty_name="Élodie Noël-Lefèvre",
        value_date=datetime.date(2026, 12, 3),
    ),
]

BUILDERS = {
    "coda": lambda lines, **kw: build_coda(lines, **kw),
    "camt02": lambda lines, **kw: build_camt053(lines, version="02", **kw),
    "camt08": lambda lines, **kw: build_camt053(lines, version="08", **kw),
}


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


@pytest.mark.parametrize("builder", BUILDERS)
def test_a_statement_reads_back_line_by_line(builder):
    data = BUILDERS[builder](LINES, number=42, opening_balance="1500.00")
    statement = parse(data, "extrait.txt")
    assert statement.format == (CODA if builder == "coda" else CAMT053)
    assert statement.account_iban == "BE71096123456769"
    assert statement.number.lstrip("0") == "42"
    assert statement.date == datetime.date(2026, 12, 4)
    assert statement.opening_balance == Decimal("1500.00")
    assert statement.closing_balance == Decimal("1512.66")
    assert statement.total_credit == Decimal("25.00")
    assert statement.total_debit == Decimal("-12.34")

    paid, fees, free = statement.lines
    assert [line.line_number for line in statement.lines] == [1, 2, 3]
    assert paid.amount == Decimal("5.00") and paid.is_credit
    assert paid.currency == "EUR"
    assert paid.structured_communication == "123456789002"
    assert paid.free_communication == ""
    assert paid.counterparty_iban == "BE68539007547034"
    assert paid.counterparty_bic == "BBRUBEBB"
    assert paid.counterparty_name == "Marie Dupont"
    assert paid.booking_date == datetime.date(2026, 12, 4)
    assert paid.bank_reference == "B6L04ABC123"

    assert fees.amount == Decimal("-12.34") and not fees.is_credit
    assert fees.free_communication == " ".join(
        ("Frais de tenue de compte novembre 2026 " * 3).split()
    )
    assert fees.counterparty_name == "Belfius Banque"
    assert fees.counterparty_iban == "BE32068012345602"

    assert free.structured_communication == ""
    assert free.free_communication == "Acte de naissance +++000/0000/04242+++"
    assert free.counterparty_name == "Élodie Noël-Lefèvre"
    assert free.value_date == datetime.date(2026, 12, 3)
    assert len({line.bank_reference for line in statement.lines}) == 3


@pytest.mark.parametrize("builder", BUILDERS)
def test_a_batch_gives_one_line_per_transfer(builder):
    batch = (
        Movement("3", structured_communication=PAID),
        Movement("4.50", structured_communication=OTHER, counterparty_name="Jean Martin"),
    )
    statement = parse(BUILDERS[builder]([LINES[0], batch]))
    assert [line.amount for line in statement.lines] == [Decimal("5"), Decimal("3"), Decimal("4.5")]
    assert [line.structured_communication for line in statement.lines] == [PAID, PAID, OTHER]
    assert statement.lines[2].counterparty_name == "Jean Martin"
    assert len({line.bank_reference for line in statement.lines}) == 3


def test_a_batch_without_amounts_per_transfer_is_one_line_with_every_communication():
    batch = (
        Movement("3", structured_communication=PAID),
        Movement("4.50", free_communication="merci"),
    )
    (line,) = parse(build_camt053([batch], batch_amounts=False)).lines
    assert line.amount == Decimal("7.50")
    assert line.structured_communication == ""
    assert line.free_communication == "+++123/4567/89002+++ merci"


def test_an_empty_statement_is_fine():
    statement = parse(build_coda([], opening_balance="-20.00"))
    assert statement.lines == []
    assert statement.opening_balance == statement.closing_balance == Decimal("-20.00")


def test_coda_in_latin1_with_unix_line_ends():
    data = build_coda(LINES, encoding="latin-1", newline="\n")
    assert parse(data).lines[2].counterparty_name == "Élodie Noël-Lefèvre"


def test_coda_with_an_old_belgian_account_number():
    data = build_coda(LINES).decode("cp1252").splitlines()
    # Structure 0: the 12-digit Belgian number, then the currency at positions 19-21.
    data[1] = data[1][0] + "0" + data[1][2:5] + "091012345604 EUR" + " " * 21 + data[1][42:]
    statement = parse("\r\n".join(data).encode("cp1252"))
    assert statement.account_iban == "BE10091012345604"


def test_a_coda_file_of_two_statements():
    data = build_coda(LINES[:1], number=1) + build_coda(LINES[1:], number=2)
    statements = parse_statements(data, "deux.cod")
    assert [s.number for s in statements] == ["001", "002"]
    with pytest.raises(StatementError, match="2 extraits"):
        parse(data)


# --- Files that cannot be read --------------------------------------------------------------


def _coda_lines():
    return build_coda(LINES).decode("cp1252").split("\r\n")[:-1]


def _coda(lines):
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def _refused(data, *fragments):
    with pytest.raises(StatementError) as caught:
        parse(data, "extrait.cod")
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_an_unknown_file_says_which_formats_are_read():
    _refused(
        b"Date;Montant\n2026-12-04;5,00\n", "« extrait.cod »", "ni un extrait CODA", "CAMT.053"
    )
    _refused(b"", "vide")


def test_a_too_large_file_is_refused_before_reading():
    _refused(b"0" * (MAX_STATEMENT_BYTES + 1), "10 Mo")


def test_coda_line_of_the_wrong_length():
    lines = _coda_lines()
    lines[4] = lines[4][:120]
    _refused(_coda(lines), "CODA, ligne 5", "120 caractères au lieu de 128")


def test_coda_truncated_before_the_trailer():
    _refused(_coda(_coda_lines()[:-2]), "tronqué")


def test_coda_movement_missing_breaks_the_balance():
    lines = _coda_lines()
    del lines[2:5]  # the first movement (2.1, 2.2, 2.3)
    _refused(_coda(lines), "ne donne pas le nouveau solde", "des mouvements manquent")


def test_coda_trailer_totals_must_match_the_movements():
    lines = _coda_lines()
    lines[-1] = lines[-1][:22] + "000000000099000" + lines[-1][37:]
    _refused(_coda(lines), "ligne 13", "totaux de fin", "débits 99.00")


def test_coda_amount_that_is_not_digits():
    lines = _coda_lines()
    lines[2] = lines[2][:40] + "12,5000" + lines[2][47:]
    _refused(_coda(lines), "CODA, ligne 3", "montant", "positions 33 à 47")


def test_coda_impossible_date():
    lines = _coda_lines()
    lines[2] = lines[2][:115] + "311326" + lines[2][121:]
    _refused(_coda(lines), "ligne 3", "date de comptabilisation", "311326")


def test_coda_unknown_record_and_version():
    lines = _coda_lines()
    lines[5] = "7" + lines[5][1:]
    _refused(_coda(lines), "ligne 6", "« 7 » inconnu")
    lines = _coda_lines()
    lines[0] = lines[0][:127] + "1"
    _refused(_coda(lines), "ligne 1", "seule la version 2")


def test_camt_unknown_namespace():
    data = build_camt053(LINES).replace(b"camt.053.001.08", b"camt.052.001.08")
    _refused(data, "n'est pas un extrait CAMT.053", "camt.052.001.08")


def test_camt_truncated():
    data = build_camt053(LINES)
    _refused(data[: len(data) // 2], "XML est illisible", "tronqué")


def test_camt_doctype_is_refused():
    data = build_camt053(LINES).replace(
        b'<?xml version="1.0" encoding="UTF-8"?>\n',
        b'<?xml version="1.0"?>\n<!DOCTYPE Document [<!ENTITY x "boum">]>\n',
    )
    _refused(data, "DOCTYPE")


def test_camt_external_entity_is_refused():
    data = (
        build_camt053(LINES)
        .replace(
            b'<?xml version="1.0" encoding="UTF-8"?>\n',
            b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n',
        )
        .replace(b"<Ustrd>", b"<Ustrd>&e;")
    )
    _refused(data, "DOCTYPE")


def test_camt_balance_that_does_not_add_up():
    data = build_camt053(LINES).replace(
        b'<Amt Ccy="EUR">5.00</Amt>', b'<Amt Ccy="EUR">6.00</Amt>', 1
    )
    _refused(data, "Stmt[1]/Bal", "des écritures manquent")


def test_camt_bad_credit_debit_indicator_names_the_entry():
    data = build_camt053(LINES).replace(
        b"<CdtDbtInd>DBIT</CdtDbtInd><Sts>", b"<CdtDbtInd>X</CdtDbtInd><Sts>"
    )
    _refused(data, "Stmt[1]/Ntry[2]", "CdtDbtInd « X »")


def test_camt_bad_amount_and_date():
    data = build_camt053(LINES).replace(
        b'<Amt Ccy="EUR">5.00</Amt>', b'<Amt Ccy="EUR">5,00</Amt>', 1
    )
    _refused(data, "montant « 5,00 »")
    data = build_camt053(LINES).replace(b"<BookgDt><Dt>2026-12-04", b"<BookgDt><Dt>2026-13-04", 1)
    _refused(data, "Stmt[1]/Ntry[1]/BookgDt", "2026-13-04")


# --- Whatever the bytes, a StatementError or a statement (never another exception) ----------

SAMPLES = [build_coda(LINES), build_camt053(LINES, version="02"), build_camt053(LINES)]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(SAMPLES),
    st.lists(st.tuples(st.integers(min_value=0), st.binary(max_size=3)), max_size=4),
    st.integers(min_value=0),
)
def test_altered_files_never_crash(sample, changes, cut):
    data = bytearray(sample)
    for position, replacement in changes:
        at = position % len(data)
        data[at : at + len(replacement)] = replacement
    data = bytes(data[: len(data) - cut % 40])
    try:
        parse(data, "x")
    except StatementError as error:
        assert str(error)


@given(st.binary(max_size=300))
def test_random_bytes_never_crash(data):
    with pytest.raises(StatementError):
        parse(data, "x")


def test_odd_characters_and_encodings():
    lines = _coda_lines()
    lines[2] = lines[2][:40] + "²" + lines[2][41:]  # a digit for str.isdigit, not for int()
    _refused(("\r\n".join(lines) + "\r\n").encode("utf-8"), "ligne 3", "montant")
    data = build_camt053(LINES).replace(b'encoding="UTF-8"', b'encoding="klingon"')
    _refused(data, "encodage inconnu")
    utf16 = build_camt053(LINES).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    assert parse(utf16.encode("utf-16")).lines[0].structured_communication == PAID
