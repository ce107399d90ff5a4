"""Every main page, public, citizen and staff, renders in each language with its `lang` and
without a French sentence of the interface left in it.

How: the French msgids of the catalogue (12 characters or more, no placeholder, translated
differently in the language) that the French rendering of a page shows must not appear in
the same page rendered in Dutch, German or English. Content typed in the CMS is not in the
catalogue and is not checked here (its translation is the CMS's)."""

import html
import re

import pytest

from guichet.constants import Assurance
from tests.factories import DocumentRequestFactory, family, make_citizen
from tests.guichet.test_bureau import as_role
from tests.guichet.test_ordering import sign_in
from tests.i18n.po import catalogue

pytestmark = pytest.mark.django_db
LANGUAGES = ("nl", "de", "en")

PUBLIC = [
    "/",
    "/guichet/",
    "/suivi/",
    "/verifier/",
    "/accessibilite/",
    "/recherche/?q=naissance",
    "/guichet/connexion/",
    "/guichet/demo/",
    "/page-qui-n-existe-pas/",
]
CITIZEN = [
    "/guichet/mes-demandes/",
    "/guichet/mes-demandes/{reference}/",
    "/guichet/composition-menage/commander/pour-qui/",
]
STAFF = [
    "/bureau/",
    "/bureau/demandes/",
    "/bureau/demandes/{reference}/",
    "/bureau/envois/",
]


def sentences(language):
    """French msgid → its translation, for the msgids worth looking for."""
    french = catalogue("fr")
    translated = catalogue(language)
    found = {}
    for key, entry in french.items():
        text = entry.msgid
        other = translated.get(key)
        if (
            len(text) >= 12
            and entry.msgid_plural is None
            and "%" not in text
            and "{" not in text
            and other is not None
            and other.msgstr[0].strip()
            and other.msgstr[0] != text
        ):
            found[text] = other.msgstr[0]
    return found


def cms_text():
    """Everything typed in the CMS (page titles and fields, site settings, alerts): content,
    translated in the CMS, not by the catalogues."""
    from django.apps import apps
    from wagtail.models import Page

    chunks = []
    for page in Page.objects.live().specific():
        for field in page._meta.concrete_fields:
            value = getattr(page, field.attname, None)
            if value is not None and not isinstance(value, int | bool):
                chunks.append(str(getattr(value, "raw_data", value)))
    for label in ("pages.SiteSettings", "pages.Alert"):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        for row in model.objects.all():
            chunks += [str(getattr(row, f.attname)) for f in row._meta.concrete_fields]
    return html.unescape(" ".join(chunks))


def visible_text(response):
    """What a person reads or hears: the text and the labelling attributes, unescaped."""
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    labels = re.findall(r'\b(?:aria-label|alt|title|placeholder)="([^"]*)"', page)
    text = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(" ".join([text, *labels])))


STABLE = ("/guichet/connexion/", "/guichet/demo/", "/bureau/")


def prefixed(path, language):
    """The page's address in `language` (stable addresses take the language elsewhere)."""
    return path if path.startswith(STABLE) else f"/{language}{path}"


def check(client, paths, language, *, switch=None):
    content = cms_text()
    wanted = {text: other for text, other in sentences(language).items() if text not in content}
    leftovers = {}
    seen = 0
    for path in paths:
        client.cookies.pop("langue", None)
        if switch:
            switch("fr")
        french = client.get(path, follow=True)
        assert french.status_code in (200, 404), path
        french_text = visible_text(french)
        shown = [text for text in wanted if text in french_text]
        seen += len(shown)
        if switch:
            switch(language)
        client.cookies["langue"] = language
        other = client.get(prefixed(path, language), follow=True)
        assert other.status_code == french.status_code, path
        assert f'<html lang="{language}"' in other.content.decode(), path
        other_text = visible_text(other)
        left = [text for text in shown if text in other_text]
        if left:
            leftovers[path] = left
    assert seen >= 5 * len(paths), "the French pages show too few catalogue sentences"
    assert not leftovers, f"French left in the {language} pages: {leftovers}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages(client, language):
    check(client, PUBLIC, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_citizen_pages(client, language):
    parent, *_ = family()
    citizen = make_citizen(parent)
    sign_in(client, citizen, level=Assurance.HIGH)
    request = DocumentRequestFactory(
        applicant=citizen.user, applicant_niss=citizen.niss, awaiting_citizen=True
    )
    paths = [path.format(reference=request.reference) for path in CITIZEN]
    check(client, paths, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_pages(client, language):
    request = DocumentRequestFactory(in_review=True)
    user = as_role(client, "population")

    def switch(code):
        session = client.session
        session["staff_language"] = code
        session.save()

    paths = [path.format(reference=request.reference) for path in STAFF]
    check(client, paths, language, switch=switch)
    assert user.is_staff
