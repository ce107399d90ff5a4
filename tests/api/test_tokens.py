"""Integration keys: made by administrators in /admin/, shown once, stored as a hash."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from etatcivil.roles import ETAT_CIVIL
from guichet import roles
from guichet.models import ApiToken
from guichet.models.api_token import hash_key
from population.roles import POPULATION
from tests.api.conftest import bearer, make_token, service_account
from tests.conftest import make_staff, verify_session

pytestmark = pytest.mark.django_db
STATS = "/api/v1/statistics/"


def test_administrator_creates_a_key_and_sees_it_once(client):
    admin = make_staff("admin", roles.ADMINISTRATORS)  # the group's rights, not a superuser
    verify_session(client, admin)
    response = client.post(
        "/admin/guichet/apitoken/add/",
        {
            "name": "Portail open data",
            "scope": "statistics",
            "service": "",
            "user": "",
            "expires_at_0": "",
            "expires_at_1": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(m) for m in get_messages(response.wsgi_request)] or [response.content.decode()]
    key = re.search(r"egt_[0-9a-f]{8}_[A-Za-z0-9_-]+", " ".join(shown)).group(0)
    token = ApiToken.objects.get()
    assert token.created_by == admin
    assert token.key_hash == hash_key(key) and key not in token.key_hash
    assert key.split("_")[1] == token.prefix
    assert client.get(STATS, **bearer(key)).status_code == 200
    # Never shown again: not on the key's page.
    page = client.get(f"/admin/guichet/apitoken/{token.pk}/change/").content.decode()
    assert key not in page


def test_clerks_cannot_see_or_make_keys(client):
    verify_session(client, make_staff("clerk", POPULATION))  # may open /admin/
    assert client.get("/admin/guichet/apitoken/").status_code == 403
    assert client.get("/admin/guichet/apitoken/add/").status_code == 403


def test_only_the_hash_is_stored():
    token, key = make_token(ApiToken.Scope.STATISTICS)
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in str(stored.values())


@pytest.mark.parametrize(
    "change", ["revoked", "expired", "inactive_user", "wrong_secret", "malformed"]
)
def test_unusable_keys_are_refused(client, change):
    user = service_account(POPULATION, "svc")
    token, key = make_token(ApiToken.Scope.SERVICE, service=POPULATION, user=user)
    if change == "revoked":
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    elif change == "expired":
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
    elif change == "inactive_user":
        user.is_active = False
        user.save()
    elif change == "wrong_secret":
        key = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
    else:
        key = "egt_nothex!!_x"
    response = client.get("/api/v1/staff/requests/", **bearer(key))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="e-guichet"'
    assert response.json()["detail_en"] == "Unknown, revoked or expired API key."


def test_last_use_is_recorded(client):
    token, key = make_token(ApiToken.Scope.STATISTICS)
    assert token.last_used_at is None
    client.get(STATS, **bearer(key))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_service_key_needs_a_service_and_an_account_of_that_service():
    clerk = make_staff("etat-civil", ETAT_CIVIL, device=False)
    token = ApiToken(name="x", scope=ApiToken.Scope.SERVICE)
    token.set_new_key()
    with pytest.raises(ValidationError) as refused:
        token.full_clean()
    assert set(refused.value.message_dict) == {"service", "user"}
    token.service, token.user = POPULATION, clerk
    with pytest.raises(ValidationError) as refused:
        token.full_clean()
    assert "ajoutez-le au groupe" in refused.value.message_dict["user"][0]
    token.service = ETAT_CIVIL
    token.full_clean()


def test_revoke_action_in_the_admin(client):
    verify_session(client, make_staff("admin", roles.ADMINISTRATORS, superuser=True))
    token, key = make_token(ApiToken.Scope.STATISTICS)
    client.post("/admin/guichet/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(STATS, **bearer(key)).status_code == 401


def test_the_account_list_offers_service_accounts_never_citizens(client):
    from tests.factories import PersonFactory, make_citizen

    verify_session(client, make_staff("admin", roles.ADMINISTRATORS))
    account = service_account(POPULATION, "intranet-population")
    citizen = make_citizen(PersonFactory())
    page = client.get("/admin/guichet/apitoken/add/").content.decode()
    assert account.username in page and citizen.user.username not in page
    response = client.post(
        "/admin/guichet/apitoken/add/",
        {
            "name": "Intranet",
            "scope": "service",
            "service": POPULATION,
            "user": account.pk,
            "expires_at_0": "",
            "expires_at_1": "",
        },
    )
    assert response.status_code == 302
    assert ApiToken.objects.get().user == account
