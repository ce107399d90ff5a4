from unittest import mock

import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_healthz_reports_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reports_unreachable_database_with_503(client):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "error", "cache": "ok"}


@pytest.mark.django_db
def test_healthz_reports_broken_cache_with_503(client):
    with mock.patch("django.core.cache.cache.set", side_effect=ConnectionError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error"}


@pytest.mark.django_db
def test_healthz_accepts_get_only(client):
    assert client.post("/healthz").status_code == 405


@pytest.fixture
def redis_down(settings):
    """The production cache configuration, pointed at a port where no Redis listens."""
    import environ

    from config.settings import redis_tolerant

    settings.CACHES = {
        "default": redis_tolerant(environ.Env.cache_url_config("redis://127.0.0.1:1/0"))
    }


@pytest.mark.django_db
def test_site_keeps_serving_while_redis_is_down(client, redis_down, caplog):
    from guichet.models import DocumentRequest
    from tests.factories import family, make_citizen
    from tests.guichet.test_ordering import order, sign_in

    assert client.get("/").status_code == 200
    assert client.get("/guichet/").status_code == 200
    assert client.post("/suivi/", {"code": "ABCD-EFGH-JK"}).status_code == 404  # unknown code
    parent, *_ = family()
    sign_in(client, make_citizen(parent), level="low")
    _check, response = order(client)  # rate limit not counted, order accepted
    assert response.status_code == 302
    assert DocumentRequest.objects.count() == 1
    assert "rate limit not counted, cache unavailable" in caplog.text
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["checks"] == {"database": "ok", "cache": "error"}
