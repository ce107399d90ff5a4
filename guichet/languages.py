"""The languages documents are issued in (the law on the use of languages in administrative
matters), apart from the languages of the interface.

A commune issues its certificates in its administrative language(s): French in the
French-speaking region, French or Dutch in Brussels, German as well in the German-speaking
communes. Each commune's are in its row (guichet.models.Commune.administrative_languages;
the first commune's came from the ADMINISTRATIVE_LANGUAGES setting); English is never one.
With two languages, the citizen chooses when ordering; with one, every document is in it.
"""

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from guichet import communes

# The languages a document can be written in at all, in their own name and in the reader's.
DOCUMENT_LANGUAGES = {
    "fr": _("français"),
    "nl": _("néerlandais"),
    "de": _("allemand"),
}
DEFAULT = "fr"


def administrative_languages(commune=None):
    """The administrative languages of `commune` (default: the current one), in its order;
    never English, never a language the documents have no wording for; French when none is
    left."""
    commune = commune or communes.current_or_home()
    chosen = []
    for code in commune.language_codes:
        code = str(code).strip().lower()
        if code in DOCUMENT_LANGUAGES and code not in chosen:
            chosen.append(code)
    return chosen or [DEFAULT]


def citizen_chooses(commune=None):
    """True when the commune has two (or more) administrative languages."""
    return len(administrative_languages(commune)) > 1


def document_language(chosen=None, interface_language=None, commune=None):
    """The language a document is (or will be) written in: `chosen` (the citizen's choice,
    the one stored on a request) while it is one of the commune's administrative languages;
    else the interface's language (`interface_language`, the active one by default) when it
    is one; else the commune's first. The one fallback rule: ordering, storing, issuing and
    the API all ask here."""
    languages = administrative_languages(commune)
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
