"""The counter's pages answer the methods they handle; anything else is 405 with an Allow
header (some used to answer 200 to PUT, DELETE, PATCH or TRACE)."""

import pytest

from guichet.constants import Assurance
from guichet.models import DocumentRequest
from tests.factories import family, make_citizen
from tests.guichet.test_ordering import order, sign_in

pytestmark = pytest.mark.django_db

REFUSED = ["put", "delete", "patch", "trace"]


def allowed(response):
    return {method.strip() for method in response["Allow"].split(",")}


@pytest.fixture
def citizen_client(client):
    parent, *_ = family()
    sign_in(client, make_citizen(parent), level=Assurance.LOW)
    order(client)
    return client


@pytest.mark.parametrize("method", REFUSED)
@pytest.mark.parametrize("url", ["/guichet/", "/accessibilite/"])
def test_public_pages_are_read_only(client, url, method):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert allowed(response) == {"GET", "HEAD"}
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("method", [*REFUSED, "post"])
@pytest.mark.parametrize(
    "page", ["mes-demandes/", "mes-demandes/{ref}/", "mes-demandes/{ref}/confirmation/"]
)
def test_the_citizens_pages_are_read_only(citizen_client, page, method):
    reference = DocumentRequest.objects.get().reference
    url = "/guichet/" + page.format(ref=reference)
    response = getattr(citizen_client, method)(url)
    assert response.status_code == 405
    assert allowed(response) == {"GET", "HEAD"}
    assert citizen_client.get(url).status_code == 200


def test_an_answer_with_errors_shows_the_request_page_again(citizen_client):
    reference = DocumentRequest.objects.get().reference
    response = citizen_client.post(f"/guichet/mes-demandes/{reference}/repondre/", {})
    assert response.status_code == 400
    assert reference in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_the_staff_sign_in_form_takes_only_a_post(client, method):
    response = getattr(client, method)("/bureau/compte/connexion/")
    assert response.status_code == 405
    assert allowed(response) == {"GET", "HEAD", "POST"}


@pytest.mark.parametrize("method", REFUSED)
def test_starting_an_order_is_read_only(client, method):
    """/guichet/<kind>/commander/ only sends the citizen to the first step."""
    response = getattr(client, method)("/guichet/composition-menage/commander/")
    assert response.status_code == 405
    assert allowed(response) == {"GET", "HEAD"}


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", {"GET", "HEAD"}),  # a Wagtail page: read only
        ("/guichet/", {"GET", "HEAD"}),
        ("/bureau/compte/connexion/", {"GET", "HEAD", "POST"}),
    ],
)
def test_a_browser_sending_an_unhandled_method_gets_405_not_the_csrf_403(url, expected, method):
    """With CSRF checks on, as in a browser: the method is refused before the token is."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    response = getattr(browser, method)(url)
    assert response.status_code == 405
    assert allowed(response) == expected


def test_the_api_answers_its_own_method_problems():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).put("/api/v1/kinds/")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
