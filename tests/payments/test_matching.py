"""Structured communications and the matching of statement lines, with examples a finance
clerk would recognise and properties checked by hypothesis."""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from guichet.payments import matching, ogm
from guichet.payments.matching import Expected, classify, classify_line, find_communications
from guichet.payments.statements import StatementLine

PAID = ogm.make(1234567890)  # 123456789002
OTHER = ogm.make(42)  # 000000004242


def line(amount="5.00", structured="", free=""):
    return StatementLine(
        bank_reference="REF1",
        booking_date=datetime.date(2026, 12, 4),
        value_date=None,
        amount=Decimal(amount),
        currency="EUR",
        structured_communication=structured,
        free_communication=free,
        counterparty_iban="BE68539007547034",
        counterparty_bic="",
        counterparty_name="Marie Dupont",
        line_number=1,
    )


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


# --- find_communications --------------------------------------------------------------------


@pytest.mark.parametrize(
    "free",
    [
        "+++123/4567/89002+++",
        "***123/4567/89002***",
        "+++ 123/4567/89002 +++",
        "Acte de naissance 123/4567/89002 Dupont",
        "123 4567 89002",
        "123.4567.89002",
        "communication:123456789002",
        "123456789002 et encore 123/4567/89002",  # the same one twice: one communication
    ],
)
def test_a_communication_typed_in_the_free_text_is_found(free):
    assert find_communications(line(free=free)) == [PAID]


@pytest.mark.parametrize(
    "free",
    [
        "",
        "Acte de naissance pour Marie",
        "123456789003",  # wrong check digits
        "1234567890021",  # 13 digits
        "BE68 5390 0754 7034",  # an account number
        "9123456789002",  # inside a longer number
        "0470/12.34.56",  # a phone number
        "123/4567/89002/1",
    ],
)
def test_no_communication_where_there_is_none(free):
    assert find_communications(line(free=free)) == []


def test_the_structured_field_wins_over_the_free_text():
    found = find_communications(line(structured=PAID, free=ogm.display(OTHER)))
    assert found == [PAID]


def test_several_communications_in_one_transfer():
    free = f"{ogm.display(PAID)} et {ogm.display(OTHER)}"
    assert find_communications(line(free=free)) == [PAID, OTHER]


# --- classify -------------------------------------------------------------------------------


def test_an_exact_payment_is_matched():
    result = classify(line("5.00", structured=PAID), Expected(PAID, Decimal("5.00")))
    assert result.status == matching.MATCHED
    assert result.settles and not result.needs_attention
    assert result.communication == PAID
    assert result.difference == 0
    assert result.explanation == (
        "Paiement complet : 5,00 € pour la communication +++123/4567/89002+++."
    )


def test_a_communication_typed_in_the_free_text_still_matches():
    result = classify(line("5", free="Acte 123/4567/89002"), Expected(PAID, Decimal("5")))
    assert result.status == matching.MATCHED


def test_less_than_due_is_partial():
    result = classify(line("3.00", structured=PAID), Expected(PAID, Decimal("5.00")))
    assert result.status == matching.PARTIAL
    assert result.difference == Decimal("-2.00")
    assert "3,00 € reçus sur 5,00 € dus, il manque 2,00 €" in result.explanation


def test_more_than_due_is_overpaid():
    result = classify(line("10.00", structured=PAID), Expected(PAID, Decimal("5.00")))
    assert result.status == matching.OVERPAID
    assert result.difference == Decimal("5.00")
    assert "5,00 € à rembourser" in result.explanation


def test_a_second_payment_of_a_paid_request():
    result = classify(line("5.00", structured=PAID), Expected(PAID, Decimal("5.00"), True))
    assert result.status == matching.ALREADY_PAID
    assert not result.settles
    assert "déjà payée" in result.explanation


def test_an_unknown_communication():
    result = classify(line("5.00", structured=OTHER), None)
    assert result.status == matching.UNKNOWN_COMMUNICATION
    assert "+++000/0000/04242+++ ne correspond à aucun paiement attendu" in result.explanation


def test_no_communication():
    result = classify(line("5.00", free="pour l'acte de Marie"), None)
    assert result.status == matching.NO_COMMUNICATION
    assert "à rapprocher à la main" in result.explanation


def test_one_transfer_for_two_requests_is_left_to_a_clerk():
    free = f"{ogm.display(PAID)} {ogm.display(OTHER)}"
    result = classify(line("10.00", free=free), Expected(PAID, Decimal("5.00")))
    assert result.status == matching.SEVERAL_COMMUNICATIONS
    assert result.communications == (PAID, OTHER)
    assert "+++123/4567/89002+++, +++000/0000/04242+++" in result.explanation


def test_money_paid_out_is_a_debit():
    result = classify(line("-5.00", structured=PAID), Expected(PAID, Decimal("5.00")))
    assert result.status == matching.DEBIT
    assert not result.needs_attention


def test_the_expected_payment_must_be_the_lines():
    with pytest.raises(ValueError):
        classify(line("5.00", structured=PAID), Expected(OTHER, Decimal("5.00")))


def test_classify_line_looks_the_communication_up():
    payments = {PAID: Expected(PAID, Decimal("5.00"))}
    assert classify_line(line("5", structured=PAID), payments.get).status == matching.MATCHED
    assert classify_line(line("5", structured=OTHER), payments.get).status == (
        matching.UNKNOWN_COMMUNICATION
    )


# --- Properties -----------------------------------------------------------------------------

numbers = st.integers(min_value=0, max_value=10**10 - 1)
cents = st.integers(min_value=1, max_value=10**8).map(lambda c: Decimal(c).scaleb(-2))


@given(numbers)
def test_ogm_round_trip(number):
    digits = ogm.make(number)
    assert len(digits) == 12 and digits[:10] == f"{number:010d}"
    assert ogm.normalise(digits) == digits
    assert ogm.normalise(ogm.display(digits)) == digits
    assert ogm.display(digits) == f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


@given(numbers, st.integers(min_value=0, max_value=11), st.integers(min_value=1, max_value=9))
def test_ogm_catches_every_single_digit_typo(number, position, shift):
    digits = ogm.make(number)
    typo = digits[:position] + str((int(digits[position]) + shift) % 10) + digits[position + 1 :]
    assert ogm.normalise(typo) == ""


@given(
    numbers, st.text(alphabet="abcdefghij éè,:;-", max_size=20), st.sampled_from(["+++", "***", ""])
)
def test_a_communication_is_found_wherever_it_is_typed(number, text, wrap):
    digits = ogm.make(number)
    shown = ogm.display(digits)[3:-3]
    free = f"{text} {wrap}{shown}{wrap} {text}"
    assert find_communications(line(free=free)) == [digits]


@given(numbers, cents, cents, st.booleans())
def test_matching_invariants(number, received, due, already_paid):
    digits = ogm.make(number)
    result = classify(line(str(received), structured=digits), Expected(digits, due, already_paid))
    assert result.status in matching.STATUSES
    assert result.explanation
    assert result.communication == digits
    assert result.received - result.due == result.difference
    if already_paid:
        assert result.status == matching.ALREADY_PAID
    elif received == due:
        assert result.status == matching.MATCHED and result.settles
    elif received < due:
        assert result.status == matching.PARTIAL and result.difference < 0
    else:
        assert result.status == matching.OVERPAID and result.difference > 0
    # Only an exact, unpaid, credited payment settles on its own.
    assert result.settles == (not already_paid and received == due)


@given(numbers, cents)
def test_a_debit_never_settles(number, amount):
    digits = ogm.make(number)
    result = classify(line(str(-amount), structured=digits), Expected(digits, amount))
    assert result.status == matching.DEBIT and not result.settles


@given(numbers, cents)
def test_statuses_do_not_depend_on_the_language(number, amount):
    digits = ogm.make(number)
    sample = replace(line(str(amount)), structured_communication=digits)
    with translation.override("en"):
        english = classify(sample, Expected(digits, amount))
    assert english.status == classify(sample, Expected(digits, amount)).status == matching.MATCHED
