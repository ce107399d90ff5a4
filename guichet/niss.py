"""The Belgian national number (NISS), the project's one entry point.

python-stdnum checks the format and the mod-97 check digits (and tells the century); on top
of it our policy rejects impossible calendar days when the month is known, which stdnum
accepts (30 February).
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.be import nn, ssn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength


def compact(value):
    """Digits only: accepts spaces, dots and dashes as typed from a card."""
    return nn.compact(str(value or ""))


def validate(value, *, allow_bis=False):
    """Return the 11-digit number or raise ValidationError with a French message."""
    number = compact(value)
    if not number:
        raise ValidationError(_("Saisissez le numéro de registre national."), code="required")
    if not number.isdigit():
        raise ValidationError(
            _("Le numéro de registre national ne contient que des chiffres (11 chiffres)."),
            code="format",
        )
    if len(number) != 11:
        raise ValidationError(
            _("Le numéro de registre national compte 11 chiffres ; vous en avez saisi %(n)s."),
            code="length",
            params={"n": len(number)},
        )
    module = ssn if allow_bis else nn
    try:
        module.validate(number)
    except InvalidChecksum:
        raise ValidationError(
            _(
                "Ce numéro de registre national n'est pas valable : vérifiez les deux derniers "
                "chiffres."
            ),
            code="checksum",
        ) from None
    except (InvalidComponent, InvalidFormat, InvalidLength):
        if not allow_bis and _is_bis(number):
            raise ValidationError(
                _("Ceci est un numéro BIS, pas un numéro de registre national."), code="bis"
            ) from None
        raise ValidationError(
            _(
                "Ce numéro de registre national n'est pas valable : la date de naissance qu'il "
                "contient est impossible."
            ),
            code="date",
        ) from None
    _check_calendar_day(number)
    return number


def _is_bis(number):
    try:
        ssn.validate(number)
    except Exception:  # noqa: BLE001 - any failure means "not a valid BIS number"
        return False
    return 20 < int(number[2:4]) <= 52


def _century_year(number):
    """The full birth year, told by which checksum rule matches (19xx or 20xx)."""
    if int(number[-2:]) == 97 - int(number[:9]) % 97:
        return 1900 + int(number[:2])
    return 2000 + int(number[:2])


def _check_calendar_day(number):
    month, day = int(number[2:4]), int(number[4:6])
    if 1 <= month <= 12 and day != 0:
        try:
            datetime.date(_century_year(number), month, day)
        except ValueError:
            raise ValidationError(
                _(
                    "Ce numéro de registre national n'est pas valable : le %(day)02d/%(month)02d "
                    "n'existe pas."
                ),
                code="date",
                params={"day": day, "month": month},
            ) from None


def birth_date(number):
    """The birth date in the number, or None when it is partly or wholly unknown."""
    number = compact(number)
    month, day = int(number[2:4]), int(number[4:6])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    try:
        return datetime.date(_century_year(number), month, day)
    except ValueError:
        return None


def is_valid(value, *, allow_bis=False):
    try:
        validate(value, allow_bis=allow_bis)
    except ValidationError:
        return False
    return True


def format_niss(number):
    """YY.MM.DD-SSS.CC"""
    n = compact(number)
    return f"{n[0:2]}.{n[2:4]}.{n[4:6]}-{n[6:9]}.{n[9:11]}" if len(n) == 11 else n


def mask(number):
    """YY.MM.DD-***.** — how the number is shown wherever the full number is not needed."""
    n = compact(number)
    return f"{n[0:2]}.{n[2:4]}.{n[4:6]}-***.**" if len(n) == 11 else "***"


def make(birth, serial):
    """A valid number for a birth date and daily serial (demo data and tests)."""
    base = f"{birth:%y%m%d}{serial:03d}"
    seed = int(("2" + base) if birth.year >= 2000 else base)
    return f"{base}{97 - seed % 97:02d}"
