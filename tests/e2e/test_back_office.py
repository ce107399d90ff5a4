"""The back office in a browser, as a clerk and as a manager, at 1366 px and at 390 px:
where each lands, axe-core on every staff page, the statistics chart drawn, typed dates
choosing the period."""

import datetime

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from guichet import services
from guichet.constants import State
from population.roles import POPULATION
from tests.conftest import PASSWORD, ROLE_GROUPS, make_staff, totp_code
from tests.e2e.conftest import axe_violations
from tests.factories import DocumentRequestFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOUSEHOLD = "composition-menage"
WIDTHS = [1366, 390]


@pytest.fixture
def office():
    """Requests in every open state over the last weeks, one with a history."""
    clerk = make_staff("marc", POPULATION)
    clerk.first_name, clerk.last_name = "Marc", "Dubois"
    clerk.save()
    manager = make_staff("paul", ROLE_GROUPS["manager"])
    now = timezone.now()
    for days in range(0, 20, 2):
        DocumentRequestFactory(kind=HOUSEHOLD, submitted_at=now - datetime.timedelta(days=days))
        DocumentRequestFactory(
            kind=HOUSEHOLD,
            issued=True,
            submitted_at=now - datetime.timedelta(days=days, hours=5),
        )
    DocumentRequestFactory(kind=HOUSEHOLD, cancelled=True)
    waiting = DocumentRequestFactory(
        kind=HOUSEHOLD,
        submitted_at=now - datetime.timedelta(days=12),
        review_reason="Demande pour une autre personne : procuration à vérifier",
        subject_first_name="Lucie",
        subject_last_name="Martin",
        subject_type="third_party",
        relationship="mandatary",
    )
    waiting = services.request_start_review(
        document_request=waiting, by=clerk, expected_state=State.SUBMITTED
    )
    services.register_consulted(
        document_request=waiting, by=clerk, source=HOUSEHOLD, why="Contrôle"
    )
    waiting = services.request_ask_citizen(
        document_request=waiting,
        by=clerk,
        message="Pouvez-vous joindre la procuration signée ?",
        expected_state=State.IN_REVIEW,
    )
    return {"clerk": clerk, "manager": manager, "waiting": waiting}


def sign_in(browser, live_server, user, width):
    context = browser.new_context(locale="fr-BE", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/bureau/compte/connexion/")
    page.get_by_label("Identifiant").fill(user.username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Code de vérification").fill(totp_code(TOTPDevice.objects.get(user=user)))
    page.get_by_role("button", name="Vérifier").click()
    return context, page


def check(page, url):
    page.goto(url)
    violations = axe_violations(page)
    assert violations == [], (url, violations)


def test_a_clerk_works_from_the_dashboard(live_server, browser, office):
    context, page = sign_in(browser, live_server, office["clerk"], 1366)
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    expect(page.locator(".staff-user")).to_contain_text("Marc Dubois")
    expect(page.get_by_role("contentinfo")).to_have_count(0)  # no public footer
    reference = office["waiting"].reference
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in [
            "/bureau/",
            "/bureau/demandes/",
            "/bureau/demandes/?state=awaiting_citizen",
            f"/bureau/demandes/{reference}/",
            f"/bureau/demandes/{reference}/registre/",
        ]:
            check(page, live_server.url + path)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + "/bureau/demandes/")
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("En attente du citoyen")
    expect(row).to_contain_text("en retard")
    expect(row).to_contain_text("procuration à vérifier")
    expect(row).to_contain_text("demandée par DUPONT Camille")
    page.goto(live_server.url + f"/bureau/demandes/{reference}/")
    history = page.locator("ol.timeline")
    expect(history).to_contain_text("Prise en charge par Marc Dubois")
    expect(history).to_contain_text("Registre consulté par Marc Dubois (Composition de ménage)")
    expect(history).to_contain_text("Question posée au citoyen par Marc Dubois")
    expect(page.get_by_text("connexion forte (eID / itsme)")).to_be_visible()
    context.close()


def test_the_queue_table_is_reachable_with_the_keyboard_on_a_phone(live_server, browser, office):
    context, page = sign_in(browser, live_server, office["clerk"], 390)
    page.goto(live_server.url + "/bureau/demandes/")
    region = page.get_by_role("region", name="Demandes correspondant aux filtres")
    region.focus()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "region"
    assert page.evaluate(
        "(() => { const r = document.activeElement; return r.scrollWidth > r.clientWidth; })()"
    )
    context.close()


def test_a_manager_lands_on_the_statistics_and_the_chart_draws(live_server, browser, office):
    context, page = sign_in(browser, live_server, office["manager"], 1366)
    expect(page.get_by_role("heading", name="Statistiques", exact=True)).to_be_visible()
    expect(page.get_by_label("Période", exact=True)).to_have_value("30j")
    expect(page.get_by_text("annulées")).to_be_visible()

    bars = page.evaluate(
        """() => [...document.querySelectorAll('.chart rect')].map(r => r.getBBox().width)"""
    )
    assert bars and all(width > 0 for width in bars), bars
    outside = page.evaluate(
        """() => {
            const svg = document.querySelector('.chart svg');
            const box = svg.viewBox.baseVal;
            return [...svg.querySelectorAll('text')].map(t => {
                const b = t.getBBox();
                return {text: t.textContent, x: b.x, y: b.y, right: b.x + b.width,
                        bottom: b.y + b.height, inside: b.x >= box.x && b.y >= box.y
                        && b.x + b.width <= box.x + box.width
                        && b.y + b.height <= box.y + box.height};
            }).filter(t => !t.inside);
        }"""
    )
    assert outside == []

    page.get_by_label("Du", exact=True).fill("2026-01-01")
    expect(page.get_by_label("Période", exact=True)).to_have_value("custom")
    page.get_by_label("Période", exact=True).select_option("7j")
    expect(page.get_by_label("Du", exact=True)).to_have_value("")

    reference = office["waiting"].reference
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in [
            "/bureau/statistiques/",
            "/bureau/",
            "/bureau/demandes/",
            f"/bureau/demandes/{reference}/",
        ]:
            check(page, live_server.url + path)
    page.goto(live_server.url + "/bureau/")
    expect(page.get_by_role("button", name="Prendre la suivante")).to_have_count(0)
    expect(page.get_by_text("Mes demandes en cours")).to_have_count(0)
    context.close()
