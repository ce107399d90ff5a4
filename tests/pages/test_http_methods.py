"""Website pages answer the methods they handle; anything else is 405 with an Allow header
(they used to render the page for PUT, DELETE or PATCH as for GET)."""

import pytest

from cpas.models import CpasAppointmentPage
from pages.models import HomePage, ProcedurePage, WorksIndexPage
from tests.shared_data import once_per_module

pytestmark = pytest.mark.django_db


def _seed_website():
    from pages.demo import seed_website

    seed_website()


# The demo website, seeded once for the module's 33 tests: they only ask for pages.
_website_once = once_per_module(_seed_website)


@pytest.fixture
def demo_site(_website_once, db):
    return HomePage.objects.get()


REFUSED = ["put", "delete", "patch", "trace"]


def allowed(response):
    return {method.strip() for method in response["Allow"].split(",")}


@pytest.fixture
def page_urls(demo_site):
    return {
        "home": "/",
        "procedure": ProcedurePage.objects.live().first().url,
        "works": WorksIndexPage.objects.get().url,
    }


@pytest.mark.parametrize("method", REFUSED)
@pytest.mark.parametrize("page", ["home", "procedure", "works"])
def test_wagtail_pages_refuse_other_methods(client, page_urls, page, method):
    response = getattr(client, method)(page_urls[page])
    assert response.status_code == 405
    assert allowed(response) == {"GET", "HEAD"}


def test_wagtail_pages_refuse_a_post_unless_they_are_forms(client, page_urls):
    response = client.post(page_urls["procedure"], {"x": "y"})
    assert response.status_code == 405
    assert client.get(page_urls["procedure"]).status_code == 200
    assert client.head(page_urls["procedure"]).status_code == 200


@pytest.mark.parametrize("method", REFUSED)
def test_a_form_page_takes_a_post_and_refuses_the_rest(client, demo_site, method):
    url = CpasAppointmentPage.objects.get().url
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert allowed(response) == {"GET", "HEAD", "POST"}
    assert client.post(url, {}).status_code == 200  # the form again, with its errors


@pytest.mark.parametrize("method", REFUSED)
@pytest.mark.parametrize(
    "url", ["/travaux/flux.rss", "/travaux/flux.atom", "/recherche/", "/hors-ligne/"]
)
def test_website_views_are_read_only(client, demo_site, url, method):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert allowed(response) == {"GET", "HEAD"}
    assert client.head(url).status_code == 200
