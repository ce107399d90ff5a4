"""One client address behind the shipped nginx, for every limit: the site's rate limits, the
staff lockout (django-axes) and the API throttles."""

import pytest
from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.test import RequestFactory

from guichet.network import client_ip

pytestmark = pytest.mark.django_db

NGINX = "127.0.0.1"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _behind_nginx(client_address, **extra):
    # nginx appends the address it saw ($proxy_add_x_forwarded_for) and connects from itself.
    return {"HTTP_X_FORWARDED_FOR": client_address, "REMOTE_ADDR": NGINX, **extra}


def test_twelve_citizens_behind_the_proxy_each_get_their_own_budget(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.PUBLIC_LOOKUP_RATE_LIMIT = 2
    for number in range(1, 13):
        meta = _behind_nginx(f"81.2.3.{number}")
        answers = [
            client.post("/verifier/", {"code": "AAAA-BBBB-CCCC"}, **meta).status_code
            for _ in range(3)
        ]
        assert answers == [404, 404, 429], number


def test_a_forged_header_changes_nothing_without_a_trusted_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.PUBLIC_LOOKUP_RATE_LIMIT = 2
    answers = [
        client.post(
            "/verifier/",
            {"code": "AAAA-BBBB-CCCC"},
            HTTP_X_FORWARDED_FOR=f"6.6.6.{attempt}",
            REMOTE_ADDR="81.2.3.4",
        ).status_code
        for attempt in range(3)
    ]
    assert answers == [404, 404, 429]


def test_what_a_client_writes_left_of_the_proxy_is_never_read(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", **_behind_nginx("6.6.6.6, 81.2.3.4"))
    assert client_ip(request) == "81.2.3.4"
    settings.TRUSTED_PROXY_COUNT = 2  # a load balancer before nginx: one more hop to trust
    assert client_ip(request) == "6.6.6.6"


def test_no_header_or_a_short_chain_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    factory = RequestFactory()
    assert client_ip(factory.get("/", REMOTE_ADDR="81.2.3.4")) == "81.2.3.4"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(factory.get("/", **_behind_nginx("81.2.3.4"))) == NGINX


def test_the_staff_lockout_uses_the_same_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().post("/bureau/compte/connexion/", **_behind_nginx("81.2.3.9"))
    assert get_client_ip_address(request) == "81.2.3.9"


def test_the_api_throttles_use_the_same_address(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "anon": "2/min",
        },
    }
    from rest_framework.settings import api_settings

    api_settings.reload()
    try:
        first = [client.get("/api/v1/kinds/", **_behind_nginx("81.2.3.20")) for _ in range(3)]
        other = client.get("/api/v1/kinds/", **_behind_nginx("81.2.3.21"))
    finally:
        api_settings.reload()
    assert [r.status_code for r in first] == [200, 200, 429]
    assert other.status_code == 200


def test_the_window_opens_at_the_first_attempt_not_on_the_clock(client, settings, time_machine):
    """Three attempts in a row are counted in one window even if the clock crosses a minute
    between them (a window aligned on the clock reset there: a flaky 404 instead of 429)."""
    settings.PUBLIC_LOOKUP_RATE_LIMIT = 2
    time_machine.move_to("2026-12-07 10:00:59.5", tick=False)
    client.post("/verifier/", {"code": "AAAA-BBBB-CCCC"})
    client.post("/verifier/", {"code": "AAAA-BBBB-CCCC"})
    time_machine.move_to("2026-12-07 10:01:00.5", tick=False)
    assert client.post("/verifier/", {"code": "AAAA-BBBB-CCCC"}).status_code == 429
