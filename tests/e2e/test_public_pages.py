import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_page_loads_without_serious_accessibility_violations(live_server, page):
    response = page.goto(live_server.url + "/")
    assert response.status == 200
    expect(page.locator("h1").first).to_be_visible()
    assert axe_violations(page) == []


def test_skip_link_moves_focus_to_the_main_content(live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Aller au contenu principal" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_staff_sign_in_page_is_accessible(live_server, page):
    page.goto(live_server.url + "/bureau/compte/connexion/")
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_text("Il y a un problème")).to_be_visible()
    assert axe_violations(page) == []
