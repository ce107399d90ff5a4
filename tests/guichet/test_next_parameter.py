"""Every sign-in step follows `next` only when it is a path on this site; anything else
("NaN", "0", a long string, another host) lands on the step's default page, never on a
server error, and never costs the visitor a sign-in or a one-time code."""

import pytest
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from guichet.redirects import safe_next
from tests.conftest import ROLE_GROUPS, make_staff, totp_code
from tests.guichet import test_citizen_sign_in as citizen_sign_in
from tests.guichet.test_citizen_sign_in import (
    CITIZEN_HOME,
    DEMO,
    NISS,
    make_citizen,
    signed_in_user,
)
from tests.guichet.test_staff_sign_in import ENROL, LOGIN, VERIFY

# The mocked identity provider of the federal login tests.
provider = citizen_sign_in.provider
signing_key = citizen_sign_in.signing_key

UNSAFE_NEXT = [
    "NaN",
    "None",
    "0",
    "ü" * 3000,
    "/" + "ü" * 3000,
    "//evil.example",
    "/\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    " /bureau/",
]
# A request carrying NUL is refused before any view (guichet.nul_bytes); the helper refuses
# it on its own as well.
UNSAFE_FOR_THE_HELPER = [*UNSAFE_NEXT, "/bureau/\x00", "/bureau/\n"]


@pytest.mark.parametrize("candidate", UNSAFE_FOR_THE_HELPER)
def test_the_helper_refuses_anything_but_a_local_path(rf, candidate):
    assert safe_next(rf.get("/"), candidate, "/défaut/") == "/défaut/"


@pytest.mark.parametrize("candidate", ["/bureau/", "/guichet/mes-demandes/?page=2#haut"])
def test_the_helper_keeps_a_local_path(rf, candidate):
    assert safe_next(rf.get("/"), candidate, "/défaut/") == candidate


def test_the_helper_refuses_a_missing_value():
    assert safe_next(RequestFactory().get("/"), None, "/défaut/") == "/défaut/"


@pytest.mark.django_db
@pytest.mark.parametrize("candidate", UNSAFE_NEXT)
def test_staff_password_step_drops_an_unsafe_next(client, candidate):
    make_staff("claire", ROLE_GROUPS["etat_civil"])
    page = client.get(LOGIN, {"next": candidate})
    assert page.status_code == 200
    response = client.post(
        LOGIN, {"username": "claire", "password": "un-mot-de-passe-solide-42", "next": candidate}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fbureau%2F"


@pytest.mark.django_db
@pytest.mark.parametrize("candidate", UNSAFE_NEXT)
def test_a_valid_code_with_an_unsafe_next_verifies_the_session(client, candidate):
    user = make_staff("claire", ROLE_GROUPS["etat_civil"])
    client.force_login(user)
    page = client.get(VERIFY, {"next": candidate})
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user)
    response = client.post(VERIFY, {"code": totp_code(device), "next": candidate})
    assert response.status_code == 302
    assert response["Location"] == "/bureau/"
    assert client.get("/bureau/").status_code == 200
    # Already verified: the step sends on to the default page as well.
    assert client.get(VERIFY, {"next": candidate})["Location"] == "/bureau/"


@pytest.mark.django_db
@pytest.mark.parametrize("candidate", ["NaN", "0", "//evil.example"])
def test_enrolment_with_an_unsafe_next_goes_on_to_the_backup_codes(client, candidate):
    user = make_staff("julie", ROLE_GROUPS["population"], device=False)
    client.force_login(user)
    assert client.get(ENROL, {"next": candidate}).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(ENROL, {"code": totp_code(device), "next": candidate})
    assert response.status_code == 302
    assert response["Location"] == "/bureau/compte/codes-de-secours/?next=%2Fbureau%2F"
    codes = client.get(response["Location"], {"next": candidate})
    assert codes.status_code == 200
    assert client.get("/bureau/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("candidate", UNSAFE_NEXT)
def test_demo_sign_in_with_an_unsafe_next_lands_in_the_citizen_space(client, settings, candidate):
    settings.DEMO_MODE = True
    profile = make_citizen("Amélie", "Dupont", NISS)
    assert client.get(DEMO, {"next": candidate}).status_code == 200
    response = client.post(DEMO, {"profile": profile.pk, "next": candidate})
    assert response.status_code == 302
    assert response["Location"] == CITIZEN_HOME
    assert signed_in_user(client) == profile.user


@pytest.mark.django_db
@pytest.mark.parametrize("candidate", UNSAFE_NEXT)
def test_federal_sign_in_with_an_unsafe_next_lands_in_the_citizen_space(
    client,
    provider,
    candidate,
):
    response = provider.sign_in(client, next_url=candidate)
    assert response.status_code == 302
    assert response["Location"] == CITIZEN_HOME
