"""The agenda and the associations directory in a real browser: an association proposes an
event, the communication approves it in /cms/ (real staff sign-in), it appears in /agenda/
and in the iCalendar feed; axe-core on the public pages at 390 and 1366 px."""

import os
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect

from pages.roles import COMMUNICATION
from tests.conftest import make_staff
from tests.e2e.conftest import axe_violations
from tests.e2e.test_website import _sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("AGENDA_SHOTS_DIR", "")


@pytest.fixture
def demo_site(settings):
    settings.WEBSITE_MAP_TILE_URL = ""
    from pages.demo import seed_website

    seed_website()


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_public_pages_pass_axe_at_both_widths(live_server, browser, demo_site):
    from pages.models import Association, EventPage

    event = EventPage.objects.live().get(title="Concert de printemps de la chorale")
    association = Association.objects.get(name="Les Amis du Moulin")
    for width, height in ((390, 844), (1366, 900)):
        context = browser.new_context(locale="fr-BE", viewport={"width": width, "height": height})
        page = context.new_page()
        for name, path in (
            ("agenda", "/agenda/"),
            ("agenda-filtre", "/agenda/?category=market"),
            ("archives", "/agenda/archives/"),
            ("evenement", event.url),
            ("associations", "/associations/?children=on"),
            ("association", association.get_absolute_url()),
            ("proposer", "/agenda/proposer/"),
            ("mise-a-jour", "/associations/mettre-a-jour/"),
            ("donnees-ouvertes", "/donnees-ouvertes/"),
        ):
            page.goto(live_server.url + path)
            assert axe_violations(page) == [], (width, path)
            _shot(page, f"{name}-{width}")
        context.close()


def test_association_proposes_communication_approves_it_is_published(
    live_server, browser, page, demo_site
):
    from pages.models import EventPage

    page.goto(live_server.url + "/agenda/")
    page.get_by_role("link", name="Proposer un événement").click()
    page.get_by_label("Titre de l'événement").fill("Atelier vélo")
    page.get_by_label("Catégorie").select_option("citizenship")
    page.locator("#id_description").fill("Outils et pièces fournis.")
    page.get_by_label("Résumé").fill("Apprenez à réparer votre vélo.")
    page.get_by_label("Date de début").fill("2030-06-15")
    page.get_by_label("Heure de début").fill("14:00")
    page.get_by_label("Heure de fin").fill("17:00")
    page.get_by_label("Lieu", exact=True).fill("Repair Café")
    page.get_by_label("Adresse", exact=True).fill("Rue de la Source 6, 5999 Val-des-Sources")
    page.get_by_label("Organisateur").fill("Repair Café")
    page.get_by_role("button", name="Envoyer la proposition").click()
    # Forgotten price: the error summary, and what was typed is still there.
    expect(page.get_by_role("heading", name="Il y a un problème")).to_be_visible()
    expect(page.get_by_label("Titre de l'événement")).to_have_value("Atelier vélo")
    assert axe_violations(page) == []
    _shot(page, "proposer-erreur-390")
    page.get_by_label("Entrée gratuite").check()
    page.get_by_label("Accessible en fauteuil roulant (PMR)").check()
    page.get_by_label("Votre nom").fill("Alice Martin")
    page.get_by_label("Votre adresse e-mail").fill("alice@example.test")
    page.get_by_role("button", name="Envoyer la proposition").click()
    expect(
        page.get_by_role("heading", name="Merci, votre proposition est bien reçue")
    ).to_be_visible()
    event = EventPage.objects.get(title="Atelier vélo")
    assert not event.live

    make_staff("sophie", COMMUNICATION)
    context, desk = _sign_in(browser, live_server, "sophie")
    desk.goto(f"{live_server.url}/cms/pages/{event.pk}/edit/")
    expect(desk.locator("#id_title")).to_have_value("Atelier vélo")
    _shot(desk, "cms-relecture-1366")
    desk.locator("footer [data-w-dropdown-target='toggle']").first.click()
    _shot(desk, "cms-relecture-menu-1366")
    desk.get_by_role("button", name="Approuver et Publier", exact=True).click()
    # Back on the agenda's page listing in /cms/, the event is live.
    expect(desk.get_by_role("link", name="Atelier vélo").first).to_be_visible()
    for _attempt in range(40):
        event.refresh_from_db()
        if event.live:
            break
        desk.wait_for_timeout(500)
    assert event.live
    context.close()

    page.goto(live_server.url + "/agenda/?start=2030-06-01&end=2030-06-30")
    expect(page.get_by_role("link", name="Atelier vélo")).to_be_visible()
    response = page.request.get(live_server.url + "/agenda/agenda.ics")
    calendar = icalendar.Calendar.from_ical(response.body())
    assert "Atelier vélo" in {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
