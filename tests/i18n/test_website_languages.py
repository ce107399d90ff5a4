"""The visitor's language on the website: the switcher of a translated CMS page, the CPAS
mini-site's menu, and the banner offered to a first visitor whose browser reads another
language than French (docs/languages.md)."""

import re

import pytest
from django.conf import settings
from wagtail.models import Locale

from pages.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db
COOKIE = settings.LANGUAGE_COOKIE_NAME


def switcher(response):
    html = response.content.decode()
    nav = re.search(r'<nav class="language-switcher"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "no language switcher on the page"
    return {
        lang: href for href, lang in re.findall(r'<a href="([^"]+)" lang="(\w+)"', nav.group(1))
    }


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
