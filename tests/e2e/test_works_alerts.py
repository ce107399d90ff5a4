"""Works alerts in a real browser: a resident subscribes to a street and confirms (the link
read from the e-mail), an editor publishes a notice on that street in /cms/, exactly one
alert arrives, and its List-Unsubscribe one-click POST (RFC 8058) ends the subscription."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from pages.roles import COMMUNICATION
from tests.conftest import make_staff
from tests.e2e.conftest import axe_violations
from tests.e2e.test_website import _publish, _sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(settings):
    settings.WEBSITE_MAP_TILE_URL = ""
    from django.core.cache import cache

    from pages.demo import seed_website

    cache.clear()
    seed_website()


def _url_in(body, part):
    return re.search(rf"https?://\S+?/travaux/alertes/{part}/\S+?/", body).group(0)


def test_subscribe_confirm_publish_alert_and_unsubscribe(live_server, browser, page, demo_site):
    from pages.models import AlertSubscription, WorksIndexPage

    mail.outbox.clear()
    page.goto(live_server.url + "/travaux/alertes/?rue=rue-de-la-gare")
    expect(page.get_by_label("Rue de la Gare")).to_be_checked()
    assert axe_violations(page) == []
    page.get_by_label("Votre adresse e-mail").fill("lea@example.be")
    page.get_by_role("button", name="M'inscrire aux alertes").click()
    expect(page.get_by_role("heading", name="Vérifiez votre boîte e-mail")).to_be_visible()
    assert len(mail.outbox) == 1
    confirm = _url_in(mail.outbox[0].body, "confirmer")
    path = confirm.split("/travaux/", 1)[1]
    page.goto(f"{live_server.url}/travaux/{path}")
    page.get_by_role("button", name="Confirmer mon inscription").click()
    expect(page.get_by_role("heading", name="Inscription confirmée")).to_be_visible()
    assert axe_violations(page) == []
    mail.outbox.clear()

    make_staff("sophie", COMMUNICATION)
    context, desk = _sign_in(browser, live_server, "sophie")
    index = WorksIndexPage.objects.get()
    desk.goto(f"{live_server.url}/cms/pages/add/pages/worksnoticepage/{index.pk}/")
    desk.locator("#id_title").fill("Marquage de la rue de la Gare")
    desk.locator("#id_nature").select_option("road")
    desk.locator("#id_streets").fill("Rue de la Gare")
    today = timezone.localdate()
    desk.locator("#id_start_date").fill((today + datetime.timedelta(days=3)).isoformat())
    desk.locator("#id_end_date").fill((today + datetime.timedelta(days=5)).isoformat())
    desk.locator("#id_location").fill("50.4660, 4.8690")  # also closes the date picker
    impact = desk.get_by_label("Voirie fermée")
    impact.scroll_into_view_if_needed()
    impact.check()
    _publish(desk)
    expect(desk.get_by_role("link", name="Marquage de la rue de la Gare")).to_be_visible()
    context.close()

    assert len(mail.outbox) == 1
    alert = mail.outbox[0]
    assert alert.to == ["lea@example.be"] and "Marquage de la rue de la Gare" in alert.subject
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = alert.extra_headers["List-Unsubscribe"].strip("<>")
    response = page.request.post(
        live_server.url + "/travaux/" + unsubscribe.split("/travaux/", 1)[1],
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 200
    assert not AlertSubscription.objects.exists()
