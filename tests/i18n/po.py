"""The catalogues of locale/ as entries keyed by (msgctxt, msgid), for the checks of
tests/i18n (polib is not a dependency)."""

import re
from dataclasses import dataclass, field
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent.parent / "locale"
# %(name)s, %s, %d... (not %%), and {name} / {0} (str.format and the tests' {count}).
NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]")
POSITIONAL = re.compile(r"(?<!%)%(?!\()[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]")
BRACES = re.compile(r"(?<!\{)\{(\w*)\}(?!\})")


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: list = field(default_factory=list)
    flags: set = field(default_factory=set)

    @property
    def key(self):
        return (self.msgctxt, self.msgid)


def read(path):
    """The entries of a .po file, the header left out (the reader of the French plural
    tests, tests/guichet/test_french_plurals.py)."""
    from tests.guichet.test_french_plurals import parse_po

    return [
        Entry(
            msgctxt=raw.get("msgctxt"),
            msgid=raw["msgid"],
            msgid_plural=raw.get("msgid_plural"),
            msgstr=list(raw["msgstr"]),
            flags=set(raw["flags"]),
        )
        for raw in parse_po(Path(path))
        if raw.get("msgid")
    ]


def catalogue(language, base=LOCALE):
    return {entry.key: entry for entry in read(base / language / "LC_MESSAGES" / "django.po")}


def placeholders(text):
    """What a translation must keep: named and {braced} placeholders, and how many
    positional ones."""
    return (
        frozenset(NAMED.findall(text)),
        len(POSITIONAL.findall(text.replace("%%", ""))),
        frozenset(BRACES.findall(text)),
    )
