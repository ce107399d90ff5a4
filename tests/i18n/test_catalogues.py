"""The catalogues of locale/: every French msgid is translated in Dutch, German and English,
never fuzzy, never empty, with the same placeholders; the compiled .mo files match."""

import shutil
import subprocess

import pytest

from tests.i18n.po import LOCALE, NAMED, catalogue, placeholders

TARGETS = ("nl", "de", "en")


@pytest.fixture(scope="module")
def french():
    return catalogue("fr")


@pytest.mark.parametrize("language", TARGETS)
def test_every_french_msgid_is_translated(french, language):
    translated = catalogue(language)
    missing = [key for key in french if key not in translated]
    empty = [key for key, entry in translated.items() if not all(s.strip() for s in entry.msgstr)]
    fuzzy = [key for key, entry in translated.items() if "fuzzy" in entry.flags]
    assert not missing, f"{language}: {len(missing)} msgids without translation, e.g. {missing[:5]}"
    assert not empty, f"{language}: {len(empty)} empty translations, e.g. {empty[:5]}"
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy translations, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("language", TARGETS)
def test_placeholders_are_kept(language):
    wrong = []
    for key, entry in catalogue(language).items():
        if entry.msgid_plural is None:
            if placeholders(entry.msgstr[0]) != placeholders(entry.msgid):
                wrong.append((key, entry.msgstr[0]))
            continue
        # Plural forms: a singular may say "one" instead of %(count)d, but no form invents
        # a placeholder and every named one of the source is used by the last form.
        source = NAMED.findall(entry.msgid) + NAMED.findall(entry.msgid_plural)
        for form in entry.msgstr:
            if not set(NAMED.findall(form)) <= set(source):
                wrong.append((key, form))
        if set(NAMED.findall(entry.msgstr[-1])) != set(NAMED.findall(entry.msgid_plural)):
            wrong.append((key, entry.msgstr[-1]))
    assert not wrong, f"{language}: placeholders differ in {len(wrong)} entries, e.g. {wrong[:3]}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed")
@pytest.mark.parametrize("language", ("fr", *TARGETS))
def test_msgfmt_accepts_the_catalogue(language, tmp_path):
    """gettext's own check (formats, plural forms, headers), and the committed .mo is the
    compilation of the .po (same number of messages)."""
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(  # noqa: S603 - fixed arguments
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "django.mo"), str(po)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    committed = (LOCALE / language / "LC_MESSAGES" / "django.mo").read_bytes()
    compiled = (tmp_path / "django.mo").read_bytes()
    # The number of messages is the .mo header's third 32-bit word.
    assert committed[8:12] == compiled[8:12], f"{language}: django.mo is older than django.po"
