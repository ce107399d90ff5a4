"""The visitor's language on the website: the switcher of a translated CMS page, the CPAS
mini-site's menu, and the banner offered to a first visitor whose browser reads another
language than French (docs/languages.md)."""

import re

import pytest
from django.conf import settings
from wagtail.models import Locale

from pages.models import HomePage, StandardPage
from pages.sites import current_site

pytestmark = pytest.mark.django_db
COOKIE = settings.LANGUAGE_COOKIE_NAME


def switcher(response):
    html = response.content.decode()
    nav = re.search(r'<nav class="language-switcher"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "no language switcher on the page"
    return {
        lang: href for href, lang in re.findall(r'<a href="([^"]+)" lang="(\w+)"', nav.group(1))
    }


def html_lang(response):
    return re.search(r'<html lang="([\w-]+)"', response.content.decode()).group(1)


def alternates(response):
    pattern = r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">'
    return dict(re.findall(pattern, response.content.decode()))


def translated(page, language, **fields):
    copy = page.copy_for_translation(
        Locale.objects.get_or_create(language_code=language)[0], copy_parents=True
    )
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy


@pytest.fixture
def news(settings):
    """/loisirs/marche/ in French; in Dutch /nl/vrije-tijd/markt/; no German translation."""
    settings.WEBSITE_PAGE_CACHE_SECONDS = 0
    home = HomePage.objects.get()
    section = StandardPage(title="Loisirs", slug="loisirs")
    home.add_child(instance=section)
    section.save_revision().publish()
    article = StandardPage(title="Marché", slug="marche")
    section.add_child(instance=article)
    article.save_revision().publish()
    translated(section, "nl", slug="vrije-tijd", title="Vrije tijd")
    translated(article, "nl", slug="markt", title="Markt")
    return article


def test_switcher_on_a_translation_leads_to_each_language_s_own_page(client, news):
    links = switcher(client.get("/nl/vrije-tijd/markt/"))
    assert links == {
        "fr": "/loisirs/marche/",
        "nl": "/nl/vrije-tijd/markt/",
        # No German page: the French page under /de/ (served with the one-line notice).
        "de": "/de/loisirs/marche/",
        "en": "/en/loisirs/marche/",
    }
    for href in links.values():
        assert client.get(href).status_code == 200, href
    assert switcher(client.get("/loisirs/marche/")) == links
    assert switcher(client.get("/de/loisirs/marche/")) == links


def test_alternates_follow_the_switcher(client, news):
    response = client.get("/nl/vrije-tijd/markt/")
    assert alternates(response) == {
        "fr": "http://testserver/loisirs/marche/",
        "nl": "http://testserver/nl/vrije-tijd/markt/",
        "de": "http://testserver/de/loisirs/marche/",
        "en": "http://testserver/en/loisirs/marche/",
        "x-default": "http://testserver/loisirs/marche/",
    }


def test_the_switcher_s_links_are_computed_once_per_page(client, news, monkeypatch):
    from guichet import i18n

    calls = []
    compute = i18n._language_links
    monkeypatch.setattr(i18n, "_language_links", lambda *a: calls.append(a) or compute(*a))
    client.get("/nl/vrije-tijd/markt/")
    assert len(calls) == 1  # the switcher and the alternates of <head> share them


def test_a_page_s_address_is_told_from_a_stable_one_without_walking_every_pattern(monkeypatch):
    from django.urls import URLPattern, URLResolver

    from guichet.i18n import is_localized

    tried = []
    for cls in (URLPattern, URLResolver):
        resolve = cls.resolve
        monkeypatch.setattr(
            cls,
            "resolve",
            lambda self, path, resolve=resolve: tried.append(path) or resolve(self, path),
        )
    assert is_localized("/loisirs/marche/") and is_localized("/travaux/") and not tried
    assert not is_localized("/travaux/flux.rss")
    assert not is_localized("/guichet/connexion/") and is_localized("/guichet/")
    assert not is_localized("/bureau/") and not is_localized("/api/v1/")
    assert is_localized("/nl/bureau/")  # a prefix: a page (a 404 there, as it should be)


# -- the CPAS mini-site --------------------------------------------------------------------------
def cpas_menu(response):
    html = response.content.decode()
    nav = re.search(r'<nav class="main-nav" aria-label="[^"]*">(.*?)</nav>', html, re.S)
    assert nav, "no CPAS navigation"
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav.group(1))


@pytest.fixture
def cpas_site(settings):
    """The CPAS (/cpas/) with two pages in its menu; in Dutch /nl/ocmw/ and only one of them
    translated (/nl/ocmw/opdrachten/)."""
    from cpas.models import CpasHomePage, CpasPage

    settings.WEBSITE_PAGE_CACHE_SECONDS = 0
    home = CpasHomePage.objects.get()
    missions = CpasPage(title="Nos missions", slug="missions", show_in_menus=True)
    home.add_child(instance=missions)
    missions.save_revision().publish()
    aid = CpasPage(title="Aides", slug="aides", show_in_menus=True)
    home.add_child(instance=aid)
    aid.save_revision().publish()
    translated(home, "nl", slug="ocmw", title="OCMW")
    translated(missions, "nl", slug="opdrachten", title="Onze opdrachten")
    return home


@pytest.mark.parametrize("path", ["/nl/ocmw/opdrachten/", "/nl/cpas/aides/", "/nl/ocmw/"])
def test_the_cpas_menu_follows_the_visitor_s_language(client, cpas_site, path):
    response = client.get(path)
    assert response.status_code == 200
    menu = cpas_menu(response)
    assert [href for href, _title in menu] == [
        "/nl/ocmw/",
        "/nl/ocmw/opdrachten/",
        "/nl/cpas/aides/",  # not translated yet: the French page, in the Dutch site
        "/nl/",
    ]
    assert menu[1][1] == "Onze opdrachten" and menu[2][1] == "Aides"
    for href, _title in menu:
        assert client.get(href).status_code == 200, href


def test_the_cpas_menu_stays_french_in_french(client, cpas_site):
    menu = cpas_menu(client.get("/cpas/missions/"))
    assert [href for href, _title in menu] == ["/cpas/", "/cpas/missions/", "/cpas/aides/", "/"]


# -- a first visitor whose browser reads another language ----------------------------------------
def offer(response):
    """The language offer's (lang, link, dismiss link), or None."""
    html = response.content.decode()
    found = re.search(
        r'<div class="language-offer" lang="(\w+)">.*?<a class="language-offer__link" '
        r'href="([^"]+)" hreflang="\w+">.*?<a class="language-offer__dismiss" href="([^"]+)"',
        html,
        re.S,
    )
    return found.groups() if found else None


@pytest.fixture
def offered():
    """The commune offers its site in Dutch and English (not German)."""
    from pages.models import SiteSettings

    row = SiteSettings.for_site(current_site())
    row.offer_nl = row.offer_en = True
    row.offer_de = False
    row.save()


DUTCH = "nl-BE,nl;q=0.9,fr;q=0.5"


@pytest.mark.parametrize(
    ("path", "link"),
    [
        ("/guichet/", "/nl/guichet/"),
        ("/verifier/?code=ABC&x=1", "/nl/verifier/?code=ABC&x=1"),  # printed: no redirect
        ("/suivi/", "/nl/suivi/"),
        ("/", "/nl/"),
    ],
)
def test_an_unprefixed_page_stays_french_and_offers_the_browser_s_language(
    client, offered, path, link
):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=DUTCH)
    assert response.status_code == 200
    assert html_lang(response) == "fr"
    here = path.replace("?", "%3F").replace("=", "%3D").replace("&", "%26")
    assert offer(response) == ("nl", link.replace("&", "&amp;"), f"/langue/fr/?next={here}")
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
    assert COOKIE not in response.cookies
    assert html_lang(client.get(link)) == "nl"


def test_an_unknown_verification_code_is_answered_in_french_with_the_offer(client, offered):
    response = client.get("/verifier/ABC123/", HTTP_ACCEPT_LANGUAGE=DUTCH)
    assert response.status_code == 404  # no redirect: the printed address answers itself
    assert offer(response)[:2] == ("nl", "/nl/verifier/ABC123/")


def test_the_offer_only_for_a_language_the_site_offers_and_never_twice(client, offered):
    assert offer(client.get("/guichet/", HTTP_ACCEPT_LANGUAGE="fr-BE,nl;q=0.8")) is None
    assert offer(client.get("/guichet/", HTTP_ACCEPT_LANGUAGE="de-DE,de")) is None  # not offered
    assert offer(client.get("/guichet/")) is None
    assert offer(client.get("/guichet/", HTTP_ACCEPT_LANGUAGE="en-GB"))[:2] == (
        "en",
        "/en/guichet/",
    )
    # Prefixed pages are already in a language; stable pages have no offer.
    assert offer(client.get("/nl/guichet/", HTTP_ACCEPT_LANGUAGE="en")) is None
    assert offer(client.get("/bureau/compte/connexion/", HTTP_ACCEPT_LANGUAGE=DUTCH)) is None


def test_dismissing_the_offer_is_remembered(client, offered):
    _lang, _link, dismiss = offer(client.get("/guichet/", HTTP_ACCEPT_LANGUAGE=DUTCH))
    response = client.get(dismiss.replace("&amp;", "&"))
    assert response["Location"] == "/guichet/" and response.cookies[COOKIE].value == "fr"
    assert offer(client.get("/guichet/", HTTP_ACCEPT_LANGUAGE=DUTCH)) is None


def test_following_the_offer_is_remembered(client, offered):
    _lang, link, _dismiss = offer(client.get("/guichet/", HTTP_ACCEPT_LANGUAGE=DUTCH))
    assert client.get(link, HTTP_ACCEPT_LANGUAGE=DUTCH).cookies[COOKIE].value == "nl"
    # Back on a French address (a shared link): French, without the offer.
    response = client.get("/suivi/", HTTP_ACCEPT_LANGUAGE=DUTCH)
    assert response.status_code == 200 and offer(response) is None


def test_the_offer_reaches_a_page_from_the_page_cache(client, offered, news, settings, commit):
    settings.WEBSITE_PAGE_CACHE_SECONDS = 600
    with commit():
        first = client.get("/loisirs/marche/")  # a French visitor: rendered, stored
    assert offer(first) is None and first["X-Page-Cache"] == "miss"
    dutch = client.get("/loisirs/marche/", HTTP_ACCEPT_LANGUAGE=DUTCH)
    assert dutch["X-Page-Cache"] == "hit"
    assert offer(dutch)[:2] == ("nl", "/nl/loisirs/marche/")
    assert int(dutch["Content-Length"]) == len(dutch.content)
    assert offer(client.get("/loisirs/marche/")) is None  # the stored copy has no offer
    # The French address under /nl/ leads on to the Dutch translation's own address.
    response = client.get("/nl/loisirs/marche/?x=1")
    assert (response.status_code, response["Location"]) == (302, "/nl/vrije-tijd/markt/?x=1")
