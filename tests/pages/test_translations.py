"""Translated content: a page translated with wagtail-localize is served in the visitor's
language; a page not translated yet is served in French with a one-line notice in the
visitor's language (never a 404), on the municipal site and the CPAS mini-site; lists and
search show the visitor's language; alerts and quick-access buttons are translatable."""

import datetime

import pytest
from django.utils import timezone, translation
from wagtail.models import Locale

from pages import languages
from pages.models import Alert, HomePage, ProcedureIndexPage, SiteSettings, StandardPage
from pages.sites import current_site
from pages.translation import translate as translate_in_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def translate(commit):
    """wagtail-localize publishes a translation when the transaction commits."""

    def _translate(instance, language, strings, publish=True):
        with commit():
            translate_in_code(instance, language, strings, publish=publish)
        found = instance.get_translation(Locale.objects.get(language_code=language))
        return found.specific if hasattr(found, "specific") else found

    return _translate


@pytest.fixture
def dutch_home(home, translate):
    return translate(home, "nl", {"Accueil": "Onthaal"})


def test_the_four_content_locales_exist():
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"fr", "nl", "de", "en"}


def test_a_translated_page_is_served_in_dutch(client, home, dutch_home, translate):
    page = StandardPage(title="Stationnement au centre", slug="stationnement")
    home.add_child(instance=page)
    page.save_revision().publish()

    dutch = translate(
        page, "nl", {"Stationnement au centre": "Parkeren in het centrum"}, publish=True
    )
    assert dutch.locale.language_code == "nl" and dutch.live
    assert dutch.url == "/nl/stationnement/"

    response = client.get("/nl/stationnement/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Parkeren in het centrum" in body
    assert "data-untranslated" not in body
    # The French page is still French at its own address.
    french = client.get("/stationnement/").content.decode()
    assert "Stationnement au centre" in french and "Parkeren" not in french


def test_an_untranslated_page_shows_the_french_version_with_a_notice_in_dutch(
    client, home, dutch_home
):
    page = StandardPage(title="Marché hebdomadaire", slug="marche")
    home.add_child(instance=page)
    page.save_revision().publish()

    response = client.get("/nl/marche/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Marché hebdomadaire" in body
    assert 'data-untranslated="nl"' in body
    # The notice names the visitor's language in that language (Django's names).
    assert "nederlands" in body.lower()
    # The French content is marked as French for screen readers.
    assert '<main id="contenu" class="container main" tabindex="-1" lang="fr">' in body
    # French visitors see no notice.
    assert "data-untranslated" not in client.get("/marche/").content.decode()


def test_without_any_dutch_page_the_french_site_is_served_with_the_notice(client, home):
    body = client.get("/nl/").content.decode()
    assert 'data-untranslated="nl"' in body


def test_an_unknown_address_is_still_a_404(client, dutch_home):
    assert client.get("/nl/nulle-part/").status_code == 404


def test_the_cpas_mini_site_falls_back_too(client, dutch_home):
    response = client.get("/nl/cpas/")
    assert response.status_code == 200
    assert 'data-untranslated="nl"' in response.content.decode()


def test_publishing_a_translation_goes_through_the_moderation_workflow(home, dutch_home, translate):
    """The workflow is attached to the French home page; the Dutch tree gets it too
    (wagtail-localize's translations live under the Dutch home)."""
    page = StandardPage(title="Bibliothèque", slug="bibliotheque")
    home.add_child(instance=page)
    page.save_revision().publish()
    dutch = translate(page, "nl", {"Bibliothèque": "Bibliotheek"}, publish=False)
    assert not dutch.live
    assert dutch.get_workflow() is not None


def test_procedure_pages_can_be_translated(home, translate):
    """Two procedure pages for one document in one language are refused, but a translation
    shares the document of its source."""
    index = ProcedureIndexPage.objects.get()
    procedure = index.get_children().first().specific
    dutch = translate(procedure, "nl", {procedure.title: "Gezinssamenstelling"})
    assert dutch.kind == procedure.kind
    dutch.full_clean()


def test_lists_show_the_visitors_language_and_french_where_untranslated(
    home, dutch_home, translate
):
    from pages.models import NewsIndexPage, NewsPage

    news_index = NewsIndexPage.objects.get()
    for slug, title in (("kermesse", "Kermesse"), ("brocante", "Brocante")):
        news = NewsPage(title=title, slug=slug, intro="…", date=timezone.localdate())
        news_index.add_child(instance=news)
        news.save_revision().publish()
    translate(NewsPage.objects.get(slug="kermesse"), "nl", {"Kermesse": "Kermis"})

    from pages.selectors import latest_news

    with translation.override("nl"):
        titles = [page.title for page in latest_news(limit=6)]
    assert sorted(titles) == ["Brocante", "Kermis"]
    with translation.override("fr"):
        titles = [page.title for page in latest_news(limit=6)]
    assert sorted(titles) == ["Brocante", "Kermesse"]


def test_search_shows_the_visitors_language(client, home, dutch_home, translate):
    page = StandardPage(title="Piscine communale", slug="piscine")
    home.add_child(instance=page)
    page.save_revision().publish()
    translate(page, "nl", {"Piscine communale": "Gemeentelijk zwembad piscine"})

    french = client.get("/recherche/", {"q": "piscine"}).content.decode()
    dutch = client.get("/nl/recherche/", {"q": "piscine"}).content.decode()
    assert "Piscine communale" in french and "Gemeentelijk zwembad" not in french
    assert "Gemeentelijk zwembad" in dutch and "Piscine communale" not in dutch


def test_alerts_are_translatable(client, home, dutch_home, translate):
    alert = Alert.objects.create(
        message="Administration fermée le 11 novembre.",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(days=2),
    )
    translate(alert, "nl", {alert.message: "Administratie gesloten op 11 november."})
    assert "Administratie gesloten" in client.get("/nl/").content.decode()
    french = client.get("/").content.decode()
    assert "Administration fermée le 11 novembre." in french
    assert "Administratie gesloten" not in french


def test_quick_access_labels_are_translated_with_the_home_page(home, translate):
    from pages.models import QuickAccessButton

    home.quick_access_buttons.add(
        QuickAccessButton(label="Horaires", icon="clock", link_url="https://example.test/")
    )
    home.save_revision().publish()
    dutch = translate(home, "nl", {"Horaires": "Openingsuren"})
    assert [b.label for b in dutch.quick_access_buttons.all()] == ["Openingsuren"]
    assert [b.label for b in HomePage.objects.get(pk=home.pk).quick_access_buttons.all()] == [
        "Horaires"
    ]


def test_a_commune_chooses_its_content_languages(home):
    assert languages.content_languages() == ["fr"]
    row = SiteSettings.for_site(current_site())
    row.offer_nl = True
    row.offer_en = True
    row.save()
    assert languages.content_languages() == ["fr", "nl", "en"]


def test_links_keep_the_visitor_in_their_language(client, home, dutch_home):
    """A French page listed to a Dutch visitor links to its address under /nl/ (shown in
    French with the notice), not to the French site."""
    from pages.models import NewsIndexPage, NewsPage

    news = NewsPage(title="Brocante", slug="brocante", intro="…", date=timezone.localdate())
    NewsIndexPage.objects.get().add_child(instance=news)
    news.save_revision().publish()
    body = client.get("/nl/").content.decode()
    assert 'href="/nl/actualites/brocante/"' in body
    assert 'href="/actualites/brocante/"' in client.get("/").content.decode()


def _on_postgresql():
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.skipif(
    not _on_postgresql(),
    reason="Dutch stemming needs PostgreSQL's text search configurations (SQLite FTS5 "
    "does not stem)",
)
def test_dutch_pages_are_stemmed_as_dutch(client, home, dutch_home, translate):
    page = StandardPage(title="Sportcentrum", slug="sport")
    home.add_child(instance=page)
    page.save_revision().publish()
    translate(page, "nl", {"Sportcentrum": "De gemeentelijke zwembaden"})
    body = client.get("/nl/recherche/", {"q": "zwembad"}).content.decode()
    assert "De gemeentelijke zwembaden" in body
