"""The languages documents are issued in (the law on the use of languages in administrative
matters), apart from the languages of the interface.

A commune issues its certificates in its administrative language(s): French in the
French-speaking region, French or Dutch in Brussels, German as well in the German-speaking
communes. `settings.ADMINISTRATIVE_LANGUAGES` holds them (the only place that says so, so
that a Commune model can take it over); English is never one, whatever the setting says.
With two languages, the citizen chooses when ordering; with one, every document is in it.
"""

from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# The languages a document can be written in at all, in their own name and in the reader's.
DOCUMENT_LANGUAGES = {
    "fr": _("français"),
    "nl": _("néerlandais"),
    "de": _("allemand"),
}
DEFAULT = "fr"


def administrative_languages():
    """The commune's administrative languages, in the order of the setting; never English,
    never a language the documents have no wording for; French when none is left."""
    chosen = []
    for code in getattr(settings, "ADMINISTRATIVE_LANGUAGES", [DEFAULT]):
        code = str(code).strip().lower()
        if code in DOCUMENT_LANGUAGES and code not in chosen:
            chosen.append(code)
    return chosen or [DEFAULT]


def citizen_chooses():
    """True when the commune has two (or more) administrative languages."""
    return len(administrative_languages()) > 1


def document_language(chosen=None, interface_language=None):
    """The language a document is (or will be) written in: `chosen` (the citizen's choice,
    the one stored on a request) while it is one of the commune's administrative languages;
    else the interface's language (`interface_language`, the active one by default) when it
    is one; else the commune's first. The one fallback rule: ordering, storing, issuing and
    the API all ask here."""
    languages = administrative_languages()
    if chosen in languages:
        return chosen
    wanted = (interface_language or translation.get_language() or "").split("-")[0]
    return wanted if wanted in languages else languages[0]


# Each language's name in itself, beside the reader's name for it in the choice.
AUTONYMS = {"fr": "français", "nl": "Nederlands", "de": "Deutsch"}


def language_choices():
    """("nl", "Néerlandais (Nederlands)")…: a reader finds their own language by its name."""
    choices = []
    for code in administrative_languages():
        name = capfirst(str(DOCUMENT_LANGUAGES[code]))
        autonym = AUTONYMS[code]
        if autonym.lower() != name.lower():
            name = f"{name} ({autonym})"
        choices.append((code, name))
    return choices


def language_name(code):
    """The language's name in the reader's language ("français", "Französisch"…)."""
    return DOCUMENT_LANGUAGES.get(code, code)
