"""Staff sign-in: password, then TOTP (enrolled at first sign-in) or a backup code."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD, ROLE_GROUPS, make_staff, totp_code

LOGIN = "/bureau/compte/connexion/"
VERIFY = "/bureau/compte/verification/"
ENROL = "/bureau/compte/activation/"


def sign_in(client, username, password=PASSWORD, next_url="/bureau/"):
    return client.post(
        f"{LOGIN}?next={next_url}", {"username": username, "password": password, "next": next_url}
    )


@pytest.mark.django_db
def test_password_then_totp_opens_the_back_office(client):
    user = make_staff("claire", ROLE_GROUPS["etat_civil"])
    response = sign_in(client, "claire")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fbureau%2F"
    assert client.get("/bureau/").status_code == 302  # password alone is not enough

    device = TOTPDevice.objects.get(user=user)
    response = client.post(VERIFY, {"code": totp_code(device), "next": "/bureau/"})
    assert response.status_code == 302
    assert response["Location"] == "/bureau/"
    assert client.get("/bureau/").status_code == 200


@pytest.mark.django_db
def test_wrong_password_says_so_and_keeps_the_username(client):
    make_staff("claire", ROLE_GROUPS["etat_civil"])
    response = sign_in(client, "claire", "mauvais")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Identifiant ou mot de passe incorrect" in body
    assert 'value="claire"' in body
    assert "Il y a un problème" in body


@pytest.mark.django_db
def test_wrong_code_is_refused_with_a_message(client):
    make_staff("claire", ROLE_GROUPS["etat_civil"])
    sign_in(client, "claire")
    response = client.post(VERIFY, {"code": "000000", "next": "/bureau/"})
    assert response.status_code == 400
    assert "Ce code n&#x27;est pas valable" in response.content.decode()
    assert client.get("/bureau/").status_code == 302


@pytest.mark.django_db
def test_repeated_wrong_codes_are_throttled(client):
    make_staff("claire", ROLE_GROUPS["etat_civil"])
    sign_in(client, "claire")
    client.post(VERIFY, {"code": "000000"})
    response = client.post(VERIFY, {"code": "000001"})
    assert "Trop de codes incorrects" in response.content.decode()


@pytest.mark.django_db
def test_code_field_rejects_junk_with_a_clear_message(client):
    make_staff("claire", ROLE_GROUPS["etat_civil"])
    sign_in(client, "claire")
    response = client.post(VERIFY, {"code": "<script>"})
    assert response.status_code == 400
    assert "ne contient que des chiffres" in response.content.decode()


@pytest.mark.django_db
def test_backup_code_works_exactly_once(client):
    user = make_staff("claire", ROLE_GROUPS["etat_civil"])
    from guichet.staff.otp import replace_backup_codes

    codes = replace_backup_codes(user=user)
    assert len(codes) == 10
    sign_in(client, "claire")
    assert client.post(VERIFY, {"code": codes[0], "next": "/bureau/"})["Location"] == "/bureau/"
    client.post("/bureau/compte/deconnexion/")

    client.cookies.clear()
    sign_in(client, "claire")
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 400
    assert StaticToken.objects.filter(device__user=user).count() == 9


@pytest.mark.django_db
def test_first_sign_in_enrols_a_device_and_shows_backup_codes_once(client):
    user = make_staff("julie", ROLE_GROUPS["population"], device=False)
    response = sign_in(client, "julie")
    assert response["Location"] == f"{ENROL}?next=%2Fbureau%2F"

    page = client.get(response["Location"])
    body = page.content.decode()
    assert '<svg role="img"' in body and "Code QR d'activation" in body
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', body).group(1)
    assert len(secret.replace(" ", "")) == 32

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(ENROL, {"code": "123456"})
    assert wrong.status_code == 400
    assert "Ce code ne correspond pas" in wrong.content.decode()
    # django-otp then refuses for a moment, even a right code, and says so.
    throttled = client.post(ENROL, {"code": totp_code(device)})
    assert "Trop de codes incorrects" in throttled.content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=3)):
        device.refresh_from_db()
        response = client.post(ENROL, {"code": totp_code(device), "next": "/bureau/"})
    assert response.status_code == 302
    codes_page = client.get(response["Location"])
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes_page.content.decode())
    assert len(codes) == 10
    assert client.get("/bureau/").status_code == 200

    # Shown once only: a reload does not show the codes again.
    again = client.get("/bureau/compte/codes-de-secours/?next=/bureau/")
    assert again.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


@pytest.mark.django_db
def test_password_alone_cannot_enrol_a_second_device(client):
    make_staff("claire", ROLE_GROUPS["etat_civil"])
    sign_in(client, "claire")
    response = client.get(ENROL)
    assert response["Location"].startswith(VERIFY)
    response = client.post(ENROL, {"code": "123456"})
    assert response["Location"].startswith(VERIFY)


@pytest.mark.django_db
def test_next_parameter_cannot_send_staff_to_another_site(client):
    user = make_staff("claire", ROLE_GROUPS["etat_civil"])
    sign_in(client, "claire", next_url="https://evil.example/")
    response = client.post(
        VERIFY,
        {"code": totp_code(TOTPDevice.objects.get(user=user)), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/bureau/"


@pytest.mark.django_db
def test_sign_out_ends_the_verified_session(client):
    user = make_staff("claire", ROLE_GROUPS["etat_civil"])
    sign_in(client, "claire")
    client.post(VERIFY, {"code": totp_code(TOTPDevice.objects.get(user=user))})
    assert client.get("/bureau/").status_code == 200
    response = client.post("/bureau/compte/deconnexion/")
    assert response["Location"] == LOGIN
    assert client.get("/bureau/").status_code == 302


@pytest.mark.django_db
def test_lockout_after_repeated_failures_then_unlock_after_cool_off(client, settings):
    make_staff("claire", ROLE_GROUPS["etat_civil"])
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert sign_in(client, "claire", "mauvais").status_code == 200
    locked = sign_in(client, "claire", "mauvais")
    assert locked.status_code == 429
    assert "Compte temporairement bloqué" in locked.content.decode()
    assert "15 minutes" in locked.content.decode()
    # Even the right password is refused while locked.
    assert sign_in(client, "claire").status_code == 429

    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(seconds=5)):
        response = sign_in(client, "claire")
        assert response.status_code == 302
        assert response["Location"].startswith(VERIFY)


@pytest.mark.django_db
def test_password_reset_sends_a_working_link(client):
    make_staff("claire", ROLE_GROUPS["etat_civil"])
    response = client.post("/bureau/compte/mot-de-passe/", {"email": "claire@example.test"})
    assert response["Location"] == "/bureau/compte/mot-de-passe/envoye/"
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/bureau/compte/mot-de-passe/\S+/)", mail.outbox[0].body)
    page = client.get(link.group(1), follow=True)
    assert "Choisir un nouveau mot de passe" in page.content.decode()
    new = "un-tout-nouveau-secret-77"
    response = client.post(page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response["Location"] == "/bureau/compte/mot-de-passe/termine/"
    assert sign_in(client, "claire", new)["Location"].startswith(VERIFY)


@pytest.mark.django_db
def test_password_reset_for_unknown_address_reveals_nothing(client):
    response = client.post("/bureau/compte/mot-de-passe/", {"email": "personne@example.test"})
    assert response["Location"] == "/bureau/compte/mot-de-passe/envoye/"
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("length", [151, 256, 5000])
def test_a_username_longer_than_django_allows_is_a_form_error(client, length):
    """django-axes records failed sign-ins with their username in a 255-character column:
    a longer one used to end in a server error on PostgreSQL."""
    make_staff("claire", ROLE_GROUPS["etat_civil"])
    response = sign_in(client, "a" * length)
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        f"L&#x27;identifiant compte au plus 150 caractères (celui-ci en compte {length})." in body
    )
    assert 'maxlength="150"' in body
    assert client.get("/bureau/").status_code == 302
