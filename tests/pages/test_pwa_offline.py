"""The service worker keeps the works list, the agenda and the contact page readable offline,
and nothing else of the site's pages (docs/website.md, "PWA")."""

import json
import re
import shutil
import subprocess

import pytest

from pages.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(home):
    page = StandardPage(title="Contact et horaires", slug="contact")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def _kept(worker):
    return json.loads(re.search(r"var PAGES = (\[.*?\]);", worker).group(1))


def test_worker_keeps_works_agenda_and_contact_only(client, contact):
    worker = client.get("/sw.js").content.decode()
    assert _kept(worker) == ["/agenda/", "/contact/", "/travaux/"]
    for private in ("/bureau/", "/cms/", "/api/", "/guichet/", "/admin/"):
        assert f'"{private}' not in worker
    # Only the anonymous page is stored: fetched without cookies, or the page cache's copy.
    assert 'credentials: "omit"' in worker and "X-Page-Cache" in worker
    # Addresses with a query string (filters) are never stored.
    assert "!url.search" in worker


def test_a_restricted_or_unpublished_contact_page_is_not_kept(client, contact):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=contact, restriction_type=PageViewRestriction.LOGIN)
    assert "/contact/" not in _kept(client.get("/sw.js").content.decode())


def test_a_new_page_list_gives_a_new_worker_version(client, home):
    before = re.search(r"var CACHE = \"([^\"]+)\"", client.get("/sw.js").content.decode())
    page = StandardPage(title="Contact", slug="contact")
    home.add_child(instance=page)
    page.save_revision().publish()
    after = re.search(r"var CACHE = \"([^\"]+)\"", client.get("/sw.js").content.decode())
    assert before.group(1) != after.group(1)


def test_offline_page_lists_what_can_be_read(client, contact):
    body = client.get("/hors-ligne/").content.decode()
    assert "Consultables hors connexion" in body
    assert '<a href="/contact/">Contact et horaires</a>' in body
    assert 'href="/travaux/"' in body and 'href="/agenda/"' in body


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to parse the worker")
def test_worker_is_valid_javascript(client, contact, tmp_path):
    script = tmp_path / "sw.js"
    script.write_bytes(client.get("/sw.js").content)
    subprocess.run(["node", "--check", str(script)], check=True)  # noqa: S603, S607
