"""Belgian structured communications ("communication structurée", OGM/VCS).

Twelve digits shown as ``+++123/4567/89002+++``: ten digits of our own, then the first ten
modulo 97 on two digits (97 when the remainder is 0). Banks refuse a transfer whose check
digits are wrong, so a citizen who mistypes one digit is stopped by their bank, not by us.
"""

import re

_DIGITS = re.compile(r"\D")


def check_digits(ten_digits):
    remainder = int(ten_digits) % 97
    return f"{remainder or 97:02d}"


def make(number):
    """The 12 digits for a number below 10**10 (e.g. a payment's sequence number)."""
    if not 0 <= number < 10**10:
        raise ValueError("a structured communication carries at most ten digits")
    ten = f"{number:010d}"
    return ten + check_digits(ten)


def normalise(text):
    """The 12 digits of a communication as typed or read from a statement ("+++123/...+++",
    "***123/...***", spaces), or "" when it is not a valid structured communication."""
    digits = _DIGITS.sub("", text or "")
    if len(digits) != 12 or digits[10:] != check_digits(digits[:10]):
        return ""
    return digits


def display(digits):
    """``+++123/4567/89002+++`` for the 12 digits."""
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"
