"""Four languages in Chromium: a citizen switches to Dutch in the middle of an order, keeps
what they typed and finishes in Dutch; every language passes axe."""

import pytest
from playwright.sync_api import expect

from guichet.models import DocumentRequest
from tests.e2e.conftest import axe_violations
from tests.factories import family, make_citizen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_citizen(settings):
    settings.DEMO_MODE = True
    parent, _partner, _child = family()
    citizen = make_citizen(parent)
    citizen.is_demo = True
    citizen.save()
    return citizen


def test_switching_to_dutch_mid_order_keeps_the_answers(live_server, page, demo_citizen):
    page.goto(live_server.url + "/guichet/demo/")
    page.get_by_role("button", name="Se connecter en tant que Sophie Lambert").click()
    page.goto(live_server.url + "/guichet/composition-menage/commander/")
    expect(page.get_by_label("Moi-même")).to_be_checked()
    page.get_by_role("button", name="Continuer").click()

    # Step 2: a purpose chosen but not sent yet, then "Nederlands" in the header.
    purpose = page.get_by_label("À quoi servira ce document ?")
    purpose.select_option(label="Mutuelle (assurance soins de santé) — gratuit")
    chosen = purpose.input_value()
    switcher = page.get_by_role("navigation", name="Langue")
    expect(switcher.get_by_role("link", name="Français")).to_have_attribute("aria-current", "true")
    switcher.get_by_role("link", name="Nederlands").click()

    expect(page).to_have_url(live_server.url + "/nl/guichet/composition-menage/commander/details/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    purpose = page.get_by_label("Waarvoor dient dit document?")
    expect(purpose).to_have_value(chosen)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Doorgaan").click()

    page.get_by_role("button", name="Doorgaan").click()  # 1 copy, download
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    # The first step's answer is in the draft: still "myself" after the switch.
    expect(page.get_by_text("Mezelf").first).to_be_visible()
    page.get_by_role("button", name="De aanvraag versturen").click()

    expect(page.get_by_role("heading", name="Uw document is klaar")).to_be_visible()
    assert "/nl/guichet/mes-demandes/" in page.url
    assert DocumentRequest.objects.get().language == "nl"


@pytest.mark.parametrize("prefix", ["", "/nl", "/de", "/en"])
def test_each_language_passes_axe(live_server, page, prefix):
    language = prefix.strip("/") or "fr"
    page.goto(live_server.url + prefix + "/guichet/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    current = page.locator(".language-switcher a[aria-current='true']")
    expect(current).to_have_attribute("hreflang", language)
    # Keyboard: the switcher comes right after the skip link.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('hreflang')") == "fr"
    assert axe_violations(page) == []
    page.goto(live_server.url + prefix + "/suivi/")
    assert axe_violations(page) == []
