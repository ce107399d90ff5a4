"""Content of one commune stays that commune's: the page cache's token, works alerts and the
agenda's e-mails follow the page's own commune, whichever host the editor works on."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from guichet import communes
from pages import alerts, cache, sites
from pages.models import AlertSubscription, WorksIndexPage, WorksNoticePage
from tests.communes.conftest import B_HOST


@pytest.fixture(autouse=True)
def _own_content_token(settings, tmp_path):
    settings.WEBSITE_CONTENT_TOKEN_FILE = tmp_path / "content-token"


def _works_index(commune):
    with communes.activated(commune):
        return sites.in_current_site(WorksIndexPage.objects.all()).get()


def _notice(commune, slug, streets="rue de la Gare"):
    today = timezone.localdate()
    notice = WorksNoticePage(
        title=f"Chantier {slug}",
        slug=slug,
        nature="road",
        streets=streets,
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=10),
        location="50.4669, 4.8675",
    )
    _works_index(commune).add_child(instance=notice)
    return notice


def _subscriber(commune, email):
    with communes.activated(commune):
        pending = alerts.subscribe(email=email, streets=["rue de la Gare"])
        alerts.confirm(alerts.confirmation_token(pending))
    return pending


def _token(commune):
    with communes.activated(commune):
        return cache.content_token()


def test_a_page_belongs_to_the_commune_whose_tree_holds_it(commune_a, commune_b):
    assert sites.commune_of_page(_works_index(commune_a)).pk == commune_a.pk
    assert sites.commune_of_page(_works_index(commune_b)).pk == commune_b.pk
    from wagtail.models import Page

    assert sites.commune_of_page(Page.get_first_root_node()) is None


def test_publishing_in_one_commune_keeps_the_other_communes_cached_pages(
    commune_a, commune_b, commit
):
    before_a, before_b = _token(commune_a), _token(commune_b)
    with commit():
        _notice(commune_b, "pont").save_revision().publish()
    assert _token(commune_b) != before_b
    assert _token(commune_a) == before_a

    # an image may be shown by every site: every commune's pages are rendered afresh
    before_a, before_b = _token(commune_a), _token(commune_b)
    with commit():
        get_image_model().objects.create(title="Logo", file=get_test_image_file())
    assert _token(commune_a) != before_a
    assert _token(commune_b) != before_b


def test_a_cached_page_of_a_commune_survives_publishing_in_another(
    client, commune_a, commune_b, commit, settings
):
    settings.WEBSITE_PAGE_CACHE_SECONDS = 300
    with commit():  # stored once the request's transaction commits
        assert client.get("/travaux/").headers["X-Page-Cache"] == "miss"
    assert client.get("/travaux/").headers["X-Page-Cache"] == "hit"
    with commit():
        _notice(commune_b, "pont").save_revision().publish()
    assert client.get("/travaux/").headers["X-Page-Cache"] == "hit"
    assert client.get("/travaux/", headers={"host": B_HOST}).status_code == 200
    with commit():
        _notice(commune_a, "egouts").save_revision().publish()
    assert client.get("/travaux/").headers["X-Page-Cache"] == "miss"


def test_works_alerts_go_to_the_notice_commune_whatever_the_host(commune_a, commune_b, commit):
    with commit():
        _subscriber(commune_a, "lea@example.be")
        _subscriber(commune_b, "jonas@example.be")
    mail.outbox.clear()
    # an intercommunale superuser publishes Mont-Clair's notice while working on
    # Val-des-Sources' /cms/: Mont-Clair's subscriber is told, with Mont-Clair's address
    with commit(), communes.activated(commune_a):
        _notice(commune_b, "pont").save_revision().publish()
    assert [message.to for message in mail.outbox] == [["jonas@example.be"]]
    assert B_HOST in mail.outbox[0].body
    assert "Mont-Clair" in mail.outbox[0].body
    assert AlertSubscription.objects.count() == 2


def test_a_notice_outside_every_commune_alerts_nobody(commune_a, commune_b, commit):
    with commit():
        _subscriber(commune_a, "lea@example.be")
    mail.outbox.clear()
    from wagtail.models import Page

    today = timezone.localdate()
    outside = WorksNoticePage(
        title="Chantier hors site",
        slug="hors-site",
        nature="road",
        streets="rue de la Gare",
        start_date=today,
        end_date=today + datetime.timedelta(days=3),
        location="50.4669, 4.8675",
    )
    Page.get_first_root_node().add_child(instance=outside)
    with commit():
        outside.save_revision().publish()
    assert mail.outbox == []
