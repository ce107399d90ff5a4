"""Citizen sign-in: the federal login (OIDC, provider mocked over HTTP), demo citizens, sign-out.

The OIDC tests drive mozilla-django-oidc's real flow: the start view puts state and nonce in
the session, the callback exchanges the code at the (mocked) token endpoint, verifies the
RS256 ID token against the (mocked) JWKS endpoint, then fetches the (mocked) userinfo.
"""

import datetime
import logging
import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest
from django.test import RequestFactory

from guichet.citizens.session import (
    ASSURANCE_SESSION_KEY,
    assurance_level,
    citizen_profile,
    set_assurance,
)
from guichet.constants import Assurance
from guichet.models.citizen import CitizenProfile
from guichet.niss import make, mask

LOGIN = "/guichet/connexion/"
DEMO = "/guichet/demo/"
LOGOUT = "/guichet/deconnexion/"
OIDC_START = "/guichet/connexion/oidc/authenticate/"
OIDC_CALLBACK = "/guichet/connexion/oidc/callback/"
CITIZEN_HOME = "/guichet/mes-demandes/"

BACKEND = "guichet.citizens.auth.CitizenOIDCBackend"
CLIENT_ID = "commune-val-des-sources"
AUTHORIZE = "https://idp.example/authorize"
TOKEN = "https://idp.example/token"
USERINFO = "https://idp.example/userinfo"
JWKS = "https://idp.example/jwks"
LEVEL500 = "urn:be:fedict:iam:fas:Level500"
LEVEL400 = "urn:be:fedict:iam:fas:Level400"

BIRTH = datetime.date(1985, 3, 14)
NISS = make(BIRTH, 123)
OTHER_NISS = make(datetime.date(1992, 11, 2), 45)


# --- The identity provider, over mocked HTTP ------------------------------------------------


@pytest.fixture(scope="module")
def signing_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeResponse:
    def __init__(self, payload, status_code=200, url=""):
        self.payload = payload
        self.status_code = status_code
        self.url = url
        self.text = str(payload)
        self.headers = {"content-type": "application/json"}

    def json(self):
        return self.payload

    def raise_for_status(self):
        if self.status_code >= 400:
            raise requests.HTTPError(f"{self.status_code}", response=self)


class Provider:
    """What the federal login answers; tests change the claims before signing in."""

    def __init__(self, key):
        self.key = key
        self.id_token_claims = {"acr": LEVEL500}
        self.userinfo = {
            "egovNRN": NISS,
            "givenName": "Amélie",
            "surname": "Dupont",
            "email": "amelie.dupont@example.test",
            "birthdate": BIRTH.isoformat(),
        }
        self.token_status = 200
        self.token_requests = []

    def id_token(self, nonce):
        now = int(time.time())
        claims = {
            "iss": "https://idp.example",
            "sub": "subject-1",
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **self.id_token_claims,
        }
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": "idp-key"})

    def post(self, url, data=None, **kwargs):
        assert url == TOKEN
        self.token_requests.append(data)
        if self.token_status != 200:
            return FakeResponse({"error": "server_error"}, self.token_status, url)
        return FakeResponse({"access_token": "access-1", "id_token": self.id_token(self.nonce)})

    def get(self, url, headers=None, **kwargs):
        if url == JWKS:
            jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
            return FakeResponse({"keys": [{**jwk, "kid": "idp-key", "alg": "RS256"}]})
        assert url == USERINFO
        assert headers == {"Authorization": "Bearer access-1"}
        return FakeResponse({"sub": "subject-1", **self.userinfo})

    def sign_in(self, client, next_url=None):
        """Start at our start view, 'authenticate' at the provider, come back to the callback."""
        start = client.get(OIDC_START, {"next": next_url} if next_url else {})
        assert start.status_code == 302
        location = urlsplit(start["Location"])
        assert f"{location.scheme}://{location.netloc}{location.path}" == AUTHORIZE
        params = parse_qs(location.query)
        assert params["redirect_uri"] == [f"http://testserver{OIDC_CALLBACK}"]
        self.nonce = params["nonce"][0]
        return client.get(OIDC_CALLBACK, {"code": "code-1", "state": params["state"][0]})


@pytest.fixture
def provider(settings, monkeypatch, signing_key):
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = AUTHORIZE
    settings.OIDC_OP_TOKEN_ENDPOINT = TOKEN
    settings.OIDC_OP_USER_ENDPOINT = USERINFO
    settings.OIDC_OP_JWKS_ENDPOINT = JWKS
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    fake = Provider(signing_key)
    monkeypatch.setattr(requests, "post", fake.post)
    monkeypatch.setattr(requests, "get", fake.get)
    return fake


def signed_in_user(client):
    """The user the client's session resolves to (as the next request would see it), or None."""
    request = HttpRequest()
    request.session = client.session
    user = get_user(request)
    return user if user.is_authenticated else None


def make_citizen(first, last, niss, *, is_demo=True, **user_fields):
    user = User.objects.create_user(
        f"citizen-{niss[-4:]}-{last.lower()}", first_name=first, last_name=last, **user_fields
    )
    return CitizenProfile.objects.create(
        user=user, niss=niss, birth_date=datetime.date(1970, 1, 1), is_demo=is_demo
    )


# --- Federal login --------------------------------------------------------------------------


@pytest.mark.django_db
def test_federal_sign_in_creates_the_citizen_with_a_strong_session(client, provider):
    response = provider.sign_in(client)

    assert response.status_code == 302
    assert response["Location"] == CITIZEN_HOME
    user = signed_in_user(client)
    assert user is not None
    assert (user.first_name, user.last_name) == ("Amélie", "Dupont")
    assert user.email == "amelie.dupont@example.test"
    assert not user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    assert user.citizen.niss == NISS
    assert user.citizen.birth_date == BIRTH
    assert not user.citizen.is_demo
    assert client.session[ASSURANCE_SESSION_KEY] == Assurance.HIGH
    assert provider.token_requests[0]["code"] == "code-1"
    assert provider.token_requests[0]["redirect_uri"] == f"http://testserver{OIDC_CALLBACK}"


@pytest.mark.django_db
def test_the_username_reveals_nothing_of_the_national_number(client, provider):
    provider.sign_in(client)
    username = signed_in_user(client).username
    assert username.startswith("citizen-")
    assert NISS not in username
    assert NISS[:6] not in username and NISS[-5:] not in username


@pytest.mark.parametrize(
    ("acr", "level"),
    [
        (LEVEL500, Assurance.HIGH),
        ("urn:be:fedict:iam:fas:Level450", Assurance.HIGH),
        (LEVEL400, Assurance.SUBSTANTIAL),
        ("urn:be:fedict:iam:fas:Level100", Assurance.LOW),
        (None, Assurance.LOW),
    ],
)
@pytest.mark.django_db
def test_the_acr_claim_sets_the_assurance_level(client, provider, acr, level):
    provider.id_token_claims = {"acr": acr} if acr else {}
    provider.sign_in(client)
    assert signed_in_user(client) is not None
    assert client.session[ASSURANCE_SESSION_KEY] == level


@pytest.mark.django_db
def test_acr_lists_come_from_settings(client, provider, settings):
    settings.OIDC_ACR_HIGH = ["urn:example:loa:4"]
    provider.id_token_claims = {"acr": "urn:example:loa:4"}
    provider.sign_in(client)
    assert client.session[ASSURANCE_SESSION_KEY] == Assurance.HIGH


@pytest.mark.django_db
def test_itsme_claim_names_are_understood(client, provider):
    provider.userinfo = {
        "http://itsme.services/v2/claim/BENationalNumber": NISS,
        "given_name": "Amélie",
        "family_name": "Dupont",
    }
    provider.sign_in(client)
    user = signed_in_user(client)
    assert user.citizen.niss == NISS
    assert user.last_name == "Dupont"
    assert user.citizen.birth_date == BIRTH  # told by the national number


@pytest.mark.parametrize(
    "niss_claim",
    [
        NISS[:-2] + f"{(int(NISS[-2:]) + 1) % 100:02d}",  # wrong check digits
        "1234",
        "",
        None,
    ],
)
@pytest.mark.django_db
def test_a_missing_or_invalid_national_number_is_refused(client, provider, niss_claim):
    if niss_claim is None:
        del provider.userinfo["egovNRN"]
    else:
        provider.userinfo["egovNRN"] = niss_claim
    response = provider.sign_in(client)

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert signed_in_user(client) is None
    assert not User.objects.exists()
    page = client.get(LOGIN).content.decode()
    assert "La connexion n&#x27;a pas abouti" in page


@pytest.mark.django_db
def test_a_birth_date_that_contradicts_the_national_number_is_refused(client, provider):
    provider.userinfo["birthdate"] = "1985-03-15"
    provider.sign_in(client)
    assert signed_in_user(client) is None
    assert not CitizenProfile.objects.exists()


@pytest.mark.django_db
def test_an_unreadable_birth_date_is_refused(client, provider):
    provider.userinfo["birthdate"] = "le 14 mars"
    provider.sign_in(client)
    assert signed_in_user(client) is None


@pytest.mark.django_db
def test_the_second_sign_in_reuses_the_account_and_refreshes_the_names(client, provider):
    provider.sign_in(client)
    first = signed_in_user(client)
    client.post(LOGOUT)

    provider.userinfo["surname"] = "Dupont-Martin"
    provider.userinfo["egovNRN"] = f"{NISS[:2]}.{NISS[2:4]}.{NISS[4:6]}-{NISS[6:9]}.{NISS[9:]}"
    provider.sign_in(client)

    again = signed_in_user(client)
    assert again.pk == first.pk
    assert again.last_name == "Dupont-Martin"
    assert User.objects.count() == 1
    assert CitizenProfile.objects.get().niss == NISS


@pytest.mark.django_db
def test_next_is_carried_through_the_provider(client, provider):
    response = provider.sign_in(client, next_url="/guichet/demandes/nouvelle/")
    assert response["Location"] == "/guichet/demandes/nouvelle/"


@pytest.mark.django_db
def test_an_unsafe_next_is_dropped(client, provider):
    response = provider.sign_in(client, next_url="https://evil.example/")
    assert response["Location"] == CITIZEN_HOME


@pytest.mark.django_db
def test_an_id_token_for_another_client_is_refused(client, provider):
    provider.id_token_claims = {"acr": LEVEL500, "aud": "another-client"}
    provider.sign_in(client)
    assert signed_in_user(client) is None


@pytest.mark.django_db
def test_userinfo_about_another_subject_is_refused(client, provider):
    provider.userinfo["sub"] = "subject-2"
    provider.sign_in(client)
    assert signed_in_user(client) is None


@pytest.mark.django_db
def test_a_staff_account_cannot_be_opened_by_a_citizen_sign_in(client, provider):
    staff = User.objects.create_user("claire", is_staff=True)
    CitizenProfile.objects.create(user=staff, niss=NISS)
    provider.sign_in(client)
    assert signed_in_user(client) is None
    staff.refresh_from_db()
    assert staff.is_staff


@pytest.mark.django_db
def test_a_deactivated_citizen_cannot_sign_in(client, provider):
    provider.sign_in(client)
    User.objects.update(is_active=False)
    assert signed_in_user(client) is None  # the open session no longer counts
    provider.sign_in(client)
    assert signed_in_user(client) is None


@pytest.mark.django_db
def test_an_unreachable_provider_gives_the_failure_page_not_an_error(client, provider):
    provider.token_status = 503
    response = provider.sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert signed_in_user(client) is None


@pytest.mark.django_db
def test_switching_from_another_account_keeps_the_new_assurance_level(client, provider):
    """auth.login() flushes the session when another account was signed in."""
    other = make_citizen("Bernard", "Lenoir", OTHER_NISS)
    client.post(DEMO, {"profile": other.pk})
    provider.id_token_claims = {"acr": LEVEL400}
    provider.sign_in(client)
    assert signed_in_user(client).citizen.niss == NISS
    assert client.session[ASSURANCE_SESSION_KEY] == Assurance.SUBSTANTIAL


@pytest.mark.django_db
def test_the_national_number_never_reaches_the_logs(client, provider, caplog):
    caplog.set_level(logging.DEBUG)
    provider.sign_in(client)
    client.post(LOGOUT)
    provider.userinfo["birthdate"] = "2000-01-01"
    provider.sign_in(client)
    assert "refused" in caplog.text
    assert NISS not in caplog.text


@pytest.mark.django_db
def test_federal_login_views_are_closed_when_not_configured(client, settings):
    settings.OIDC_ENABLED = False
    assert client.get(OIDC_START).status_code == 404
    assert client.get(OIDC_CALLBACK, {"code": "x", "state": "y"}).status_code == 404


# --- The sign-in page -------------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_in_page_offers_the_federal_login_and_carries_next(client, provider, settings):
    settings.DEMO_MODE = False
    body = client.get(LOGIN, {"next": "/guichet/demandes/nouvelle/"}).content.decode()
    assert f'href="{OIDC_START}?next=/guichet/demandes/nouvelle/"' in body
    assert DEMO not in body


@pytest.mark.django_db
def test_sign_in_page_links_to_the_demo_in_demo_mode(client, settings):
    settings.DEMO_MODE = True
    settings.OIDC_ENABLED = False
    body = client.get(LOGIN, {"next": "https://evil.example/"}).content.decode()
    assert f'href="{DEMO}"' in body
    assert OIDC_START not in body
    assert "evil.example" not in body


@pytest.mark.django_db
def test_sign_in_page_says_when_online_sign_in_is_not_configured(client, settings):
    settings.DEMO_MODE = False
    settings.OIDC_ENABLED = False
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "La connexion en ligne n'est pas encore disponible" in response.content.decode()


# --- Demo citizens ----------------------------------------------------------------------------


@pytest.fixture
def demo_mode(settings):
    settings.DEMO_MODE = True


@pytest.mark.django_db
def test_demo_page_does_not_exist_outside_demo_mode(client, settings):
    settings.DEMO_MODE = False
    profile = make_citizen("Amélie", "Dupont", NISS)
    assert client.get(DEMO).status_code == 404
    assert client.post(DEMO, {"profile": profile.pk}).status_code == 404
    assert signed_in_user(client) is None


@pytest.mark.django_db
def test_demo_page_lists_only_demo_citizens_with_a_masked_number(client, demo_mode):
    make_citizen("Amélie", "Dupont", NISS)
    make_citizen("Réel", "Vandamme", OTHER_NISS, is_demo=False)
    make_citizen("Zoé", "Agent", make(datetime.date(1990, 1, 1), 7), is_staff=True)

    body = client.get(DEMO).content.decode()

    assert "Amélie Dupont" in body
    assert mask(NISS) in body
    assert NISS not in body
    assert "Vandamme" not in body and OTHER_NISS[:6] not in body
    assert "Zoé" not in body
    assert "Se connecter en tant que Amélie Dupont" in body


@pytest.mark.django_db
def test_demo_page_lists_citizens_by_name_in_few_queries(
    client, demo_mode, django_assert_max_num_queries
):
    for serial, last in enumerate(["Martin", "Dupont", "Lambert", "Claes", "Peeters"], start=1):
        make_citizen("Jean", last, make(datetime.date(1980, 5, serial), serial))
    client.get(DEMO)  # the site's menu and settings are cached: count the steady state
    with django_assert_max_num_queries(3):
        body = client.get(DEMO).content.decode()
    positions = [body.index(f"Jean {last}</h2>") for last in ["Claes", "Dupont", "Lambert"]]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_demo_page_explains_how_to_fill_an_empty_register(client, demo_mode):
    body = client.get(DEMO).content.decode()
    assert "manage.py seed_demo" in body


@pytest.mark.django_db
def test_choosing_a_demo_citizen_signs_in_strongly(client, demo_mode):
    profile = make_citizen("Amélie", "Dupont", NISS)
    client.get(DEMO)
    before = client.session.session_key

    response = client.post(DEMO, {"profile": profile.pk})

    assert response.status_code == 302
    assert response["Location"] == CITIZEN_HOME
    assert signed_in_user(client) == profile.user
    assert client.session[ASSURANCE_SESSION_KEY] == Assurance.HIGH
    assert client.session.session_key != before


@pytest.mark.django_db
def test_demo_sign_in_honours_a_safe_next_and_ignores_an_unsafe_one(client, demo_mode):
    profile = make_citizen("Amélie", "Dupont", NISS)
    response = client.post(DEMO, {"profile": profile.pk, "next": "/guichet/demandes/nouvelle/"})
    assert response["Location"] == "/guichet/demandes/nouvelle/"
    response = client.post(DEMO, {"profile": profile.pk, "next": "https://evil.example/"})
    assert response["Location"] == CITIZEN_HOME


@pytest.mark.parametrize("kind", ["not_demo", "staff", "unknown", "junk", "missing"])
@pytest.mark.django_db
def test_demo_sign_in_refuses_anything_but_a_demo_citizen(client, demo_mode, kind):
    real = make_citizen("Réel", "Vandamme", OTHER_NISS, is_demo=False)
    staff = make_citizen("Zoé", "Agent", NISS, is_staff=True)
    data = {
        "not_demo": {"profile": real.pk},
        "staff": {"profile": staff.pk},
        "unknown": {"profile": staff.pk + 100},
        "junk": {"profile": "1 OR 1=1"},
        "missing": {},
    }[kind]
    assert client.post(DEMO, data).status_code == 404
    assert signed_in_user(client) is None


# --- Sign-out ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_out_is_post_only(client, demo_mode):
    profile = make_citizen("Amélie", "Dupont", NISS)
    client.post(DEMO, {"profile": profile.pk})
    assert client.get(LOGOUT).status_code == 405
    assert signed_in_user(client) == profile.user


@pytest.mark.django_db
def test_sign_out_ends_the_session_and_says_so(client, demo_mode):
    profile = make_citizen("Amélie", "Dupont", NISS)
    client.post(DEMO, {"profile": profile.pk})
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user(client) is None
    assert ASSURANCE_SESSION_KEY not in client.session
    body = client.get(LOGIN).content.decode()
    assert "Vous êtes déconnecté" in body


# --- Session helpers --------------------------------------------------------------------------


def request_for(user):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.user = user
    return request


@pytest.mark.parametrize("level", [Assurance.HIGH, Assurance.SUBSTANTIAL, Assurance.LOW])
@pytest.mark.django_db
def test_the_level_set_at_sign_in_is_read_back(level):
    request = request_for(User.objects.create_user("citizen-x"))
    set_assurance(request, level)
    assert assurance_level(request) == level


@pytest.mark.django_db
def test_an_unknown_or_missing_level_reads_as_low():
    request = request_for(User.objects.create_user("citizen-x"))
    assert assurance_level(request) == Assurance.LOW
    request.session[ASSURANCE_SESSION_KEY] = "maximum"
    assert assurance_level(request) == Assurance.LOW


def test_an_anonymous_visitor_is_never_strong():
    request = request_for(AnonymousUser())
    request.session[ASSURANCE_SESSION_KEY] = Assurance.HIGH
    assert assurance_level(request) == Assurance.LOW


def test_set_assurance_refuses_an_unknown_level():
    with pytest.raises(ValueError):
        set_assurance(request_for(AnonymousUser()), "maximum")


@pytest.mark.django_db
def test_citizen_profile_is_the_signed_in_citizens_own():
    profile = make_citizen("Amélie", "Dupont", NISS)
    staff = make_citizen("Zoé", "Agent", OTHER_NISS, is_staff=True)
    assert citizen_profile(request_for(profile.user)) == profile
    assert citizen_profile(request_for(staff.user)) is None
    assert citizen_profile(request_for(User.objects.create_user("sans-profil"))) is None
    assert citizen_profile(request_for(AnonymousUser())) is None
