"""Known-good and known-bad Belgian national numbers, and our policy on top of python-stdnum."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from guichet import niss


@pytest.mark.parametrize(
    ("value", "expected", "birth"),
    [
        ("85073003328", "85073003328", datetime.date(1985, 7, 30)),
        ("85.07.30-033.28", "85073003328", datetime.date(1985, 7, 30)),
        ("85 07 30 033 28", "85073003328", datetime.date(1985, 7, 30)),
        ("17073003384", "17073003384", datetime.date(2017, 7, 30)),
        ("88041206197", "88041206197", datetime.date(1988, 4, 12)),
    ],
)
def test_valid_numbers(value, expected, birth):
    assert niss.validate(value) == expected
    assert niss.birth_date(expected) == birth


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("85073003329", "checksum"),
        ("85133000105", "date"),
        ("8507300332", "length"),
        ("", "required"),
        ("85O73003328", "format"),
        (niss.make(datetime.date(1985, 2, 28), 33).replace("850228", "850230", 1), "checksum"),
    ],
)
def test_invalid_numbers_say_why(value, code):
    with pytest.raises(ValidationError) as caught:
        niss.validate(value)
    assert caught.value.code == code


def test_impossible_calendar_day_is_refused_even_with_right_check_digits():
    base = "850230033"  # 30 February 1985, which stdnum accepts
    number = f"{base}{97 - int(base) % 97:02d}"
    with pytest.raises(ValidationError) as caught:
        niss.validate(number)
    assert "30/02 n'existe pas" in caught.value.messages[0]


def test_bis_number_refused_as_national_number_but_accepted_as_ssn():
    base = "854730033"  # month 07 + 40: BIS, sex known
    bis = f"{base}{97 - int(base) % 97:02d}"
    with pytest.raises(ValidationError) as caught:
        niss.validate(bis)
    assert caught.value.code == "bis"
    assert niss.validate(bis, allow_bis=True) == bis


def test_unknown_birth_day_has_no_birth_date():
    base = "850700033"
    number = f"{base}{97 - int(base) % 97:02d}"
    assert niss.validate(number) == number
    assert niss.birth_date(number) is None


def test_display_helpers():
    assert niss.format_niss("85073003328") == "85.07.30-033.28"
    assert niss.mask("85073003328") == "85.07.30-***.**"


@given(
    st.dates(min_value=datetime.date(1901, 1, 1), max_value=datetime.date(2025, 12, 31)),
    st.integers(min_value=1, max_value=997),
)
def test_made_numbers_validate_and_give_back_their_birth_date(birth, serial):
    number = niss.make(birth, serial)
    assert niss.validate(number) == number
    assert niss.birth_date(number) == birth


@given(st.text(max_size=30))
def test_junk_never_crashes(value):
    try:
        niss.validate(value)
    except ValidationError as error:
        assert error.messages
