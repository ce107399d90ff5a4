"""A tiny reader of gettext .po files (polib is not a dependency): enough for the checks of
tests/i18n, which compare the catalogues of locale/ with each other."""

import ast
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


def _unquote(text):
    return ast.literal_eval(text)


def read(path):
    """The entries of a .po file (the header and obsolete #~ entries left out)."""
    entries, entry, target = [], Entry(), None

    def close():
        nonlocal entry, target
        if entry.msgid:
            entries.append(entry)
        entry, target = Entry(), None

    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            close()
        elif line.startswith("#,"):
            if entry.msgid or entry.msgstr:
                close()
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            if entry.msgid or entry.msgstr:
                close()
            entry.msgctxt, target = _unquote(line[8:]), "msgctxt"
        elif line.startswith("msgid_plural "):
            entry.msgid_plural, target = _unquote(line[13:]), "msgid_plural"
        elif line.startswith("msgid "):
            if entry.msgid or entry.msgstr:
                close()
            entry.msgid, target = _unquote(line[6:]), "msgid"
        elif line.startswith("msgstr["):
            index, text = line[7:].split("]", 1)
            entry.msgstr.append(_unquote(text.strip()))
            target = ("msgstr", int(index))
        elif line.startswith("msgstr "):
            entry.msgstr = [_unquote(line[7:])]
            target = ("msgstr", 0)
        elif line.startswith('"'):
            text = _unquote(line)
            if target == "msgctxt":
                entry.msgctxt += text
            elif target == "msgid":
                entry.msgid += text
            elif target == "msgid_plural":
                entry.msgid_plural += text
            elif isinstance(target, tuple):
                entry.msgstr[target[1]] += text
    close()
    return entries


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
