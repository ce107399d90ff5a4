"""French plurals: 0 and 1 take the singular ("0 demande"), from 2 on the plural.

The rule comes from the committed catalogue in locale/fr/ (`make messages`): without it,
gettext falls back to the English rule and prints "0 demandes". These tests read the real
django.po and django.mo, so they fail when the catalogue is missing, stale or incomplete.
"""

import ast
import gettext
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

from guichet.constants import State
from tests.factories import DocumentRequestFactory
from tests.guichet.test_bureau import as_role

MESSAGES = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"
PO = MESSAGES / "django.po"
MO = MESSAGES / "django.mo"

# Where `make messages` looks for strings, and what it skips (keep in step with the Makefile).
SKIPPED_DIRS = {".venv", "node_modules", "var", "static", "tests", "bench", "locale"}
PLURAL_CALLS = {"ngettext", "ngettext_lazy", "npgettext", "npgettext_lazy"}


def parse_po(path):
    """The entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr (a list), flags.

    Just enough of the format for the file `make messages` writes (no obsolete entries)."""
    entries, entry, field = [], None, None

    def close():
        if entry is not None:
            entries.append(entry)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#~"):
            raise AssertionError(f"{path.name}:{number}: obsolete entry left in the catalogue")
        if line.startswith("#"):
            if entry is not None and field is not None:  # a comment starts the next entry
                close()
                entry, field = None, None
            if line.startswith("#,"):
                entry = entry or {"flags": set(), "msgstr": []}
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            value = ast.literal_eval(line)
            if field == "msgstr":
                entry["msgstr"][-1] += value
            else:
                entry[field] += value
            continue
        value = ast.literal_eval(rest)
        if keyword in ("msgctxt", "msgid") and entry is not None and field is not None:
            close()
            entry, field = None, None
        entry = entry or {"flags": set(), "msgstr": []}
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            entry[keyword], field = value, keyword
        elif re.fullmatch(r"msgstr(\[\d+\])?", keyword):
            entry["msgstr"].append(value)
            field = "msgstr"
        else:
            raise AssertionError(f"{path.name}:{number}: unexpected line {raw!r}")
    close()
    return entries


@pytest.fixture(scope="module")
def po_entries():
    entries = parse_po(PO)
    assert entries and entries[0]["msgid"] == "", "the catalogue starts with its header"
    return entries


@pytest.fixture(scope="module")
def plural_entries(po_entries):
    plurals = [e for e in po_entries if "msgid_plural" in e]
    assert plurals, "the catalogue has no plural entry at all"
    return plurals


def test_header_declares_french_and_its_plural_rule(po_entries):
    header = po_entries[0]
    assert "fuzzy" not in header["flags"], "a fuzzy header is ignored by msgfmt"
    fields = dict(line.split(": ", 1) for line in header["msgstr"][0].splitlines() if ": " in line)
    assert fields["Language"] == "fr"
    assert fields["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"


def test_no_entry_is_fuzzy(po_entries):
    # msgfmt leaves fuzzy entries out of the .mo: a fuzzy plural falls back to the English rule.
    assert [e["msgid"] for e in po_entries if "fuzzy" in e["flags"]] == []


def test_every_plural_entry_translates_to_its_source(plural_entries):
    for entry in plural_entries:
        assert entry["msgstr"] == [entry["msgid"], entry["msgid_plural"]], entry["msgid"]


def test_compiled_catalogue_is_up_to_date_with_the_po(po_entries):
    with MO.open("rb") as fp:
        translations = gettext.GNUTranslations(fp)
    assert translations.info()["plural-forms"] == "nplurals=2; plural=(n > 1);"
    assert [translations.plural(n) for n in (0, 1, 2, 3)] == [0, 0, 1, 1]
    compiled = dict(translations._catalog)
    del compiled[""]  # the header, compiled without its POT-Creation-Date
    expected = {}
    for entry in po_entries[1:]:
        key = entry["msgid"]
        if "msgctxt" in entry:
            key = f"{entry['msgctxt']}\x04{key}"
        if "msgid_plural" in entry:
            expected.update({(key, i): text for i, text in enumerate(entry["msgstr"])})
        elif entry["msgstr"][0]:  # msgfmt leaves untranslated entries out
            expected[key] = entry["msgstr"][0]
    assert compiled == expected, "django.mo is stale: run `make messages` and commit both files"


def source_plurals():
    """(context, singular, plural) of every plural string in the project's templates and code,
    found the way `makemessages` finds them (Django's templatize for templates)."""
    found = set()
    base = Path(settings.BASE_DIR)
    files = []
    for folder, dirs, names in os.walk(base):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".")]
        files += [Path(folder, n) for n in names if Path(n).suffix in {".html", ".txt", ".py"}]
    call = re.compile(r" (ngettext|npgettext)\((.*?),\s?count\) ")
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            for node in ast.walk(ast.parse(text)):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name not in PLURAL_CALLS:
                    continue
                size = 3 if name.startswith("np") else 2
                args = node.args[:size]
                if len(args) == size and all(isinstance(a, ast.Constant) for a in args):
                    values = [a.value for a in args]
                    found.add(tuple(values) if size == 3 else (None, *values))
        elif "plural" in text:
            for match in call.finditer(templatize(text, origin=str(path))):
                values = ast.literal_eval(f"({match.group(2)},)")
                found.add(values if match.group(1) == "npgettext" else (None, *values))
    return found


def test_catalogue_holds_every_plural_string_of_the_project(plural_entries):
    in_source = source_plurals()
    assert (None, "%(n)s demande", "%(n)s demandes") in in_source  # the scan itself works
    in_catalogue = {(e.get("msgctxt"), e["msgid"], e["msgid_plural"]) for e in plural_entries}
    assert sorted(in_source - in_catalogue, key=str) == [], "run `make messages`"
    assert sorted(in_catalogue - in_source, key=str) == [], "stale entries: run `make messages`"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0 clé révoquée."),
        (1, "1 clé révoquée."),
        (2, "2 clés révoquées."),
        (12, "12 clés révoquées."),
    ],
)
def test_ngettext_follows_the_french_rule(n, expected):
    with translation.override("fr"):
        text = translation.ngettext("%(n)d clé révoquée.", "%(n)d clés révoquées.", n)
    assert text % {"n": n} == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("n", "expected"), [(0, "0 demande"), (1, "1 demande"), (2, "2 demandes")])
def test_queue_counts_requests_in_french(client, n, expected):
    as_role(client, "population")
    DocumentRequestFactory.create_batch(n, state=State.SUBMITTED)
    body = client.get("/bureau/demandes/").content.decode()
    assert f'<p role="status">{expected}</p>' in body
