"""Dates and times as written in running text, in the active language.

Django's formats write "1 décembre 2026" and "13:06"; French typography wants "1er décembre
2026" and "13 h 06". The spaces are ordinary ones, not the typographer's non-breaking spaces:
text copied or extracted from a document (and searched) must read as typed.
"""

import datetime

from django.utils import formats
from django.utils.translation import get_language


def _french():
    return (get_language() or "").split("-")[0] == "fr"


def long_date(value):
    """ "1er décembre 2026" (French), else the language's own long date; "" for no date."""
    if not isinstance(value, datetime.date):
        return ""
    if not _french():
        return formats.date_format(value, "DATE_FORMAT")
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {formats.date_format(value, 'F Y')}"


def clock(value):
    """ "13 h 06" (French: hours without a leading zero, minutes always), else the language's
    own time format; "" for no time."""
    if not isinstance(value, datetime.time | datetime.datetime):
        return ""
    if not _french():
        return formats.time_format(value, "TIME_FORMAT")
    return f"{value.hour} h {value.minute:02d}"
