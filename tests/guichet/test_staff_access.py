"""Who may open which staff surface (pretix-style role × URL × outcome matrix)."""

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD, ROLE_GROUPS, make_staff, verify_session

SURFACES = ["/bureau/", "/cms/", "/admin/"]

# Expected outcome per verified staff role: status code for /bureau/, /cms/, /admin/.
VERIFIED = {
    "etat_civil": (200, 403, 200),
    "population": (200, 403, 200),
    "communication": (403, 200, 403),
    "cpas": (403, 200, 403),
    "manager": (200, 403, 403),
    "administrator": (200, 200, 200),
}


@pytest.mark.django_db
@pytest.mark.parametrize("url", SURFACES)
def test_anonymous_is_sent_to_staff_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/bureau/compte/connexion/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize("url", SURFACES)
def test_signed_in_citizen_is_refused(client, url):
    citizen = User.objects.create_user("citoyen", password=PASSWORD)
    client.force_login(citizen)
    response = client.get(url)
    assert response.status_code == 403
    assert "réservée aux agents" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", SURFACES)
def test_staff_without_device_is_sent_to_enrolment(client, url):
    client.force_login(make_staff("sans-appareil", ROLE_GROUPS["administrator"], device=False))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/bureau/compte/activation/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize("url", SURFACES)
def test_staff_with_unverified_device_is_sent_to_verification(client, url):
    client.force_login(make_staff("non-verifie", ROLE_GROUPS["administrator"]))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/bureau/compte/verification/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize("url", SURFACES)
def test_unconfirmed_device_does_not_count_as_enrolled(client, url):
    user = make_staff("a-moitie", ROLE_GROUPS["administrator"], device=False)
    TOTPDevice.objects.create(user=user, name="pending", confirmed=False)
    client.force_login(user)
    assert client.get(url)["Location"].startswith("/bureau/compte/activation/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "url", "expected"),
    [
        (role, url, statuses[i])
        for role, statuses in VERIFIED.items()
        for i, url in enumerate(SURFACES)
    ],
)
def test_verified_staff_matrix(client, role, url, expected):
    user = make_staff(f"agent-{role}", ROLE_GROUPS[role], superuser=role == "administrator")
    verify_session(client, user)
    response = client.get(url, follow=url == "/cms/" and expected == 200)
    assert response.status_code == expected
    if expected == 403:
        assert "pas accès à cette partie" in response.content.decode()


@pytest.mark.django_db
def test_wagtail_own_login_page_is_behind_the_gate(client):
    response = client.get("/cms/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/bureau/compte/connexion/")


@pytest.mark.django_db
def test_django_admin_login_page_is_behind_the_gate(client):
    response = client.get("/admin/login/")
    assert response["Location"].startswith("/bureau/compte/connexion/")
