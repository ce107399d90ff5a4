"""The anonymous page cache never shows stale content after a publish, and never serves
a page to someone it was not rendered for."""

import pytest

from pages.models import HomePage, WorksIndexPage

pytestmark = pytest.mark.django_db


def test_second_anonymous_visit_is_served_from_the_cache(client, commit):
    with commit():
        assert client.get("/travaux/")["X-Page-Cache"] == "miss"
    assert client.get("/travaux/")["X-Page-Cache"] == "hit"


def test_publishing_is_visible_at_once(client, commit):
    with commit():
        client.get("/travaux/")
    page = WorksIndexPage.objects.get()
    page.title = "Chantiers de la commune"
    page.save_revision().publish()
    response = client.get("/travaux/")
    assert response["X-Page-Cache"] == "miss"
    assert "Chantiers de la commune" in response.content.decode()


def test_a_saved_draft_does_not_leak(client):
    page = WorksIndexPage.objects.get()
    page.title = "Brouillon secret"
    page.save_revision()
    assert "Brouillon secret" not in client.get("/travaux/").content.decode()


def test_visitors_with_a_session_bypass_the_cache(client, commit):
    with commit():
        client.get("/")
    client.cookies["sessionid"] = "quelconque"
    assert "X-Page-Cache" not in client.get("/")


def test_query_strings_are_cached_separately(client, commit, make_notice):
    make_notice("egout", nature="sewers")
    with commit():
        client.get("/travaux/?nature=fibre")
    body = client.get("/travaux/").content.decode()
    assert "Chantier egout" in body


def test_form_pages_are_never_cached(client, demo_site, commit):
    with commit():
        client.get("/cpas/rendez-vous/")
    response = client.get("/cpas/rendez-vous/")
    assert response.get("X-Page-Cache") != "hit"
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_restricted_pages_are_never_cached(client, commit):
    from wagtail.models import PageViewRestriction

    home = HomePage.objects.get()
    page = WorksIndexPage.objects.get()
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    with commit():
        client.get(page.url)
    assert client.get(page.url).get("X-Page-Cache") != "hit"
    assert home  # the home page itself stays public


def test_cache_can_be_switched_off(client, settings, commit):
    settings.WEBSITE_PAGE_CACHE_SECONDS = 0
    with commit():
        client.get("/")
    assert "X-Page-Cache" not in client.get("/")
