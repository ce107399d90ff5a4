"""The maps in a real browser: the self-hosted base map loads (its tiles have pixels) on the
works list and a works notice, at phone and desktop widths, without accessibility errors; an
editor places a works notice by clicking on the map and publishes it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pages.roles import COMMUNICATION
from tests.conftest import make_staff
from tests.e2e.conftest import axe_violations, staff_sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(settings):
    # The self-hosted demo base map: the browser reaches no outside server.
    settings.MAP_TILES_URL = ""
    settings.MAP_PMTILES_FILE = str(settings.BASE_DIR / "pages/data/val-des-sources.pmtiles")
    from pages.demo import seed_website

    seed_website()


def _tiles_loaded(page, selector):
    """Waits for the map's tiles; returns how many have pixels. An image whose source is not
    set yet also counts as `complete` (a tile Leaflet has just created on a busy machine), so
    the wait is for every tile to be decoded; a tile that fails keeps the wait from ending and
    the test fails on the timeout."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        """selector => {
            const tiles = document.querySelectorAll(selector + ' img.leaflet-tile');
            return tiles.length > 0
                && Array.from(tiles).every(t => t.complete && t.naturalWidth > 0);
        }""",
        arg=selector,
        timeout=20000,
    )
    widths = page.evaluate(
        "s => Array.from(document.querySelectorAll(s + ' img.leaflet-tile'))"
        ".map(t => t.naturalWidth)",
        selector,
    )
    assert widths and all(width > 0 for width in widths), widths
    return len(widths)


@pytest.mark.parametrize("width", [390, 1366])
def test_works_list_and_notice_show_the_base_map(live_server, browser, demo_site, width):
    context = browser.new_context(locale="fr-BE", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    outside = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )

    page.goto(live_server.url + "/travaux/")
    expect(page.locator("#works-map.leaflet-container")).to_be_visible()
    expect(
        page.get_by_role(
            "region", name="Carte des chantiers ; la liste qui suit donne les mêmes chantiers."
        )
    ).to_be_visible()
    assert _tiles_loaded(page, "#works-map") >= 2
    assert page.locator("#works-map path.leaflet-interactive").count() >= 3
    assert axe_violations(page) == []

    page.get_by_role("link", name="Égouttage de la rue de la Gare").first.click()
    expect(page.locator("#notice-map.leaflet-container")).to_be_visible()
    expect(page.get_by_text("Sur le plan : l'emplacement du chantier")).to_be_visible()
    assert _tiles_loaded(page, "#notice-map") >= 1
    assert page.locator("#notice-map .leaflet-overlay-pane path").count() == 1  # its line
    assert axe_violations(page) == []
    assert outside == []
    context.close()


def test_editor_draws_a_notice_on_the_map_and_publishes_it(live_server, browser, demo_site):
    from pages.models import WorksIndexPage, WorksNoticePage

    user = make_staff("sophie", COMMUNICATION)
    context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
    desk = context.new_page()
    desk.set_default_timeout(20_000)
    staff_sign_in(desk, live_server.url, user)
    index = WorksIndexPage.objects.get()
    desk.goto(f"{live_server.url}/cms/pages/add/pages/worksnoticepage/{index.pk}/")
    desk.locator("#id_title").fill("Trottoirs de la rue des Sources")
    desk.locator("#id_nature").select_option("road")
    streets = desk.locator("#id_streets")
    expect(streets).to_have_attribute("list", "id_streets-streets")
    assert desk.locator("#id_streets-streets option[value='Rue des Sources']").count() == 1
    streets.fill("Rue des Sources")
    today = timezone.localdate()
    desk.locator("#id_start_date").fill(today.isoformat())
    desk.locator("#id_end_date").fill((today + datetime.timedelta(days=30)).isoformat())
    desk.locator("#id_title").click()  # closes the date picker

    widget = desk.locator("[data-location-widget]")
    widget.scroll_into_view_if_needed()
    canvas = widget.locator(".leaflet-container")
    expect(canvas).to_be_visible()
    _tiles_loaded(desk, "[data-location-widget]")
    box = canvas.bounding_box()
    for dx, dy in ((0.3, 0.4), (0.5, 0.5), (0.7, 0.6)):
        desk.mouse.click(box["x"] + box["width"] * dx, box["y"] + box["height"] * dy)
    location = desk.locator("#id_location")
    expect(widget.locator("[data-location-status]")).to_have_text(
        "3 points : le chantier suit cette ligne."
    )
    assert location.input_value().count(";") == 2
    widget.get_by_role("button", name="Retirer le dernier point").click()
    assert location.input_value().count(";") == 1
    expect(widget.locator("[data-location-status]")).to_have_text(
        "2 points : le chantier suit cette ligne."
    )
    desk.locator("footer [data-w-dropdown-target='toggle']").first.click()
    desk.get_by_role("button", name="Publier").click()
    expect(desk.get_by_role("link", name="Trottoirs de la rue des Sources")).to_be_visible()

    notice = WorksNoticePage.objects.get(title="Trottoirs de la rue des Sources")
    assert notice.live and notice.geometry["type"] == "LineString"
    (lon1, lat1), (lon2, lat2) = notice.geometry["coordinates"]
    assert 50.4 < lat1 < 50.6 and 4.8 < lon1 < 4.95 and lon2 > lon1

    visitor = browser.new_context(locale="fr-BE").new_page()
    visitor.goto(live_server.url + notice.url)
    expect(visitor.locator("#notice-map.leaflet-container")).to_be_visible()
    context.close()
