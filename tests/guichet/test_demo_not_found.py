"""The demo (DEBUG and DEMO_MODE on, as `make run` serves it) answers an unknown address with
the site's own page in French, never Django's technical 404 page; and `make run` tells the
documents where the demo is served (SITE_URL), for their QR code and verification link."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    settings.DEMO_MODE = True


@pytest.mark.parametrize(
    "path",
    [
        "/pas-une-page.txt",  # matches no URL pattern at all
        "/une-page-qui-n-existe-pas/",  # the website's pages answer 404
    ],
)
def test_an_unknown_address_in_demo_mode_shows_the_sites_own_page(client, demo, path):
    response = client.get(path)
    assert response.status_code == 404
    body = response.content.decode()
    assert 'class="site-header"' in body  # the site's layout, in French
    assert "URLconf" not in body and "DEBUG = True" not in body


def test_the_unknown_page_is_the_404_handlers(client, demo):
    body = client.get("/pas-une-page.txt").content.decode()
    assert "<h1>Page introuvable</h1>" in body


def test_an_api_problem_keeps_its_own_404(client, demo):
    response = client.get("/api/v1/guichet/demandes/2026-999999/")
    assert response.status_code in (401, 403, 404)
    assert "Page introuvable" not in response.content.decode()


def test_make_run_serves_the_demo_at_the_site_url_it_announces():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert re.search(r"SITE_URL=http://127\.0\.0\.1:8000 .*runserver 127\.0\.0\.1:8000", run)
