"""A NUL character (\\x00) in the path, the query string or a form field never reaches a view,
so never the database (PostgreSQL refuses it with a server error): the path is not found
(404), a query or form value is a bad request (the site's 400 page). Runs on SQLite and on
PostgreSQL (DATABASE_URL), where these requests used to end in a server error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guichet.constants import Assurance
from tests.factories import family, make_citizen
from tests.guichet.test_ordering import sign_in

pytestmark = pytest.mark.django_db

BAD_REQUEST_PAGE = "Demande incorrecte"


def template_names(response):
    return [template.name for template in response.templates]


@pytest.fixture
def citizen_client(client):
    parent, *_ = family()
    sign_in(client, make_citizen(parent), level=Assurance.LOW)
    return client


@pytest.mark.parametrize(
    "path",
    ["/verifier/%00/", "/verifier/AB%00CD/", "/guichet/mes-demandes/%00/", "/%00/", "/suivi/%00"],
)
def test_nul_in_the_path_is_not_found(citizen_client, path):
    response = citizen_client.get(path)
    assert response.status_code == 404
    assert "404.html" in template_names(response)
    assert "guichet/verification_unknown.html" not in template_names(response)


@pytest.mark.parametrize(
    "url",
    [
        "/recherche/?q=a%00b",
        "/recherche/?q=ok&page=%00",
        "/suivi/?code=%00",
        "/verifier/?code=AB%00",
        "/guichet/mes-demandes/?%00=1",
    ],
)
def test_nul_in_a_query_value_is_a_bad_request(citizen_client, url):
    response = citizen_client.get(url)
    assert response.status_code == 400
    assert BAD_REQUEST_PAGE in response.content.decode()


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/suivi/", {"code": "ABCD\x00EFGH"}),
        ("/verifier/", {"code": "\x00"}),
        ("/guichet/composition-menage/commander/pour-qui/", {"subject_type": "self\x00"}),
    ],
)
def test_nul_in_a_form_field_is_a_bad_request(citizen_client, url, data):
    response = citizen_client.post(url, data)
    assert response.status_code == 400
    assert BAD_REQUEST_PAGE in response.content.decode()


def test_nul_in_a_multipart_form_field_is_a_bad_request(citizen_client):
    response = citizen_client.post(
        "/verifier/ABCD-EFGH-2345/",
        {"note": "a\x00b", "pdf": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n")},
    )
    assert response.status_code == 400
    assert BAD_REQUEST_PAGE in response.content.decode()


def test_ordinary_requests_pass(citizen_client):
    assert citizen_client.get("/recherche/?q=acte%20de%20naissance").status_code == 200
    assert citizen_client.get("/guichet/mes-demandes/").status_code == 200
    assert citizen_client.post("/suivi/", {"code": "ABCD-EFGH"}).status_code < 500


@pytest.mark.parametrize(
    ("url", "status"),
    [("/api/v1/kinds/?q=%00", 400), ("/api/v1/kinds/%00/", 404), ("/api/v1/%00", 404)],
)
def test_the_api_answers_a_problem(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    assert problem["detail"] == (
        "La requête contient un caractère nul, qui n'est accepté nulle part."
    )


def test_a_form_sent_to_the_api_is_still_an_unsupported_media_type(client):
    response = client.post("/api/v1/verification/", {"code": "ABCD\x00"})
    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"
