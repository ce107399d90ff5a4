"""A citizen sees only their own requests and documents: everything else answers 404."""

import pytest

from guichet.constants import Assurance
from guichet.models import DocumentRequest
from tests.factories import PersonFactory, family, make_citizen
from tests.guichet.test_ordering import order, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued_request_of_someone_else(client):
    parent, *_ = family()
    sign_in(client, make_citizen(parent))
    order(client)
    client.logout()
    return DocumentRequest.objects.get()


@pytest.mark.parametrize(
    "path",
    [
        "/guichet/mes-demandes/{ref}/",
        "/guichet/mes-demandes/{ref}/confirmation/",
        "/guichet/mes-demandes/{ref}/document.pdf",
    ],
)
def test_other_citizen_gets_404(client, issued_request_of_someone_else, path):
    intruder = make_citizen(PersonFactory(first_names="Intrus"))
    sign_in(client, intruder)
    response = client.get(path.format(ref=issued_request_of_someone_else.reference))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path", ["/guichet/mes-demandes/{ref}/annuler/", "/guichet/mes-demandes/{ref}/repondre/"]
)
def test_other_citizen_cannot_act_on_it(client, issued_request_of_someone_else, path):
    sign_in(client, make_citizen(PersonFactory(first_names="Intrus")))
    response = client.post(
        path.format(ref=issued_request_of_someone_else.reference), {"message": "x"}
    )
    assert response.status_code == 404


def test_unknown_reference_is_also_404(client):
    sign_in(client, make_citizen(PersonFactory()))
    assert client.get("/guichet/mes-demandes/2026-999999/").status_code == 404


def test_list_shows_only_own_requests(client, issued_request_of_someone_else):
    sign_in(client, make_citizen(PersonFactory(first_names="Intrus")))
    body = client.get("/guichet/mes-demandes/").content.decode()
    assert issued_request_of_someone_else.reference not in body
    assert "aucune demande" in body


def test_anonymous_is_sent_to_sign_in(client, issued_request_of_someone_else):
    response = client.get(f"/guichet/mes-demandes/{issued_request_of_someone_else.reference}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/guichet/connexion/")


def test_staff_account_cannot_order(client, staff_factory):
    client.force_login(staff_factory("agent"))
    response = client.get("/guichet/composition-menage/commander/pour-qui/")
    assert response.status_code == 403


def test_verification_page_shows_initials_only(client, issued_request_of_someone_else):
    document = issued_request_of_someone_else.document
    body = client.get(f"/verifier/{document.verification_code}/").content.decode()
    assert document.holder_initials in body
    assert issued_request_of_someone_else.subject_last_name not in body
    assert issued_request_of_someone_else.subject_niss not in body
    assert issued_request_of_someone_else.reference not in body


def test_own_request_is_visible(client):
    parent, *_ = family()
    citizen = make_citizen(parent)
    sign_in(client, citizen, level=Assurance.LOW)
    order(client)
    request = DocumentRequest.objects.get()
    response = client.get(f"/guichet/mes-demandes/{request.reference}/")
    assert response.status_code == 200
    assert "Reçue" in response.content.decode()
