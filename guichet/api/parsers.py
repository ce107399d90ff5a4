"""The API's JSON parser: DRF's, with the limits a public endpoint needs.

- Nesting deeper than MAX_DEPTH is refused before decoding: Python's decoder recurses once
  per level and a few thousand "[" exhaust the stack (RecursionError, a server error).
- A string holding a lone surrogate ("\\ud800" is valid JSON but not valid Unicode) is
  refused: it could not be written back in a UTF-8 response, an error message quoting it
  included, nor stored.
- A string holding NUL ("\\u0000") is refused: PostgreSQL cannot store it in text, and no
  field of this API needs it (as for the web's forms, guichet.nul_bytes).
- The body's size is bounded by Django's DATA_UPLOAD_MAX_MEMORY_SIZE when DRF reads it; the
  exception handler (guichet.api.problems) answers 413.
"""

import io
import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers

from guichet.api.problems import Problem

# No request of this API nests more than a few levels; 32 leaves room and stays far from
# the interpreter's recursion limit.
MAX_DEPTH = 32

# A JSON string, matched without backtracking (possessive quantifiers), so that brackets
# inside strings are not counted as nesting.
_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def nesting_depth_exceeds(text, limit):
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _strings(data):
    """Every string of a decoded document, keys included (depth already bounded)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from _strings(item)


def _is_valid_unicode(text):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def nul_character():
    return Problem(
        _("Le corps de la requête contient un caractère nul, qui n'est accepté nulle part."),
        "The request body contains a NUL character, which is accepted nowhere.",
        status_code=400,
    )


def too_deep():
    return Problem(
        _("Le corps de la requête imbrique trop de niveaux (%(limit)d au plus).")
        % {"limit": MAX_DEPTH},
        f"The request body is nested too deeply (at most {MAX_DEPTH} levels).",
        status_code=400,
    )


def invalid_unicode():
    return Problem(
        _(
            "Le corps de la requête contient un caractère Unicode invalide "
            "(une moitié de paire de substitution isolée)."
        ),
        "The request body contains an invalid Unicode character (a lone surrogate).",
        status_code=400,
    )


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read()
        encoding = (parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise parsers.ParseError() from error
        if nesting_depth_exceeds(text, MAX_DEPTH):
            raise too_deep()
        try:
            data = super().parse(io.BytesIO(raw), media_type, parser_context)
        except RecursionError as error:
            raise too_deep() from error
        strings = list(_strings(data))
        if not all(_is_valid_unicode(value) for value in strings):
            raise invalid_unicode()
        if any("\x00" in value for value in strings):
            raise nul_character()
        return data
