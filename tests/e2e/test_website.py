"""The public website and the CPAS mini-site in a real browser, checked with axe-core; a
communication editor works through /cms/ after the real staff sign-in (password + TOTP)."""

import datetime

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pages.roles import COMMUNICATION
from tests.conftest import PASSWORD, make_staff, totp_code
from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(settings):
    # No map tiles: the browser must not reach any outside server.
    settings.MAP_TILES_URL = ""
    from pages.demo import seed_website

    seed_website()


def test_home_page_with_quick_access_and_works_count(live_server, page, demo_site):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Accès rapide")).to_be_visible()
    expect(page.get_by_role("link", name="Composition de ménage")).to_be_visible()
    expect(page.get_by_text("chantiers en cours aujourd'hui")).to_be_visible()
    expect(page.get_by_text("sera fermée les 25 et 26 décembre")).to_be_visible()
    assert axe_violations(page) == []


def test_procedure_page_leads_to_the_order(live_server, page, demo_site):
    page.goto(live_server.url + "/demarches/composition-menage/")
    expect(page.get_by_role("heading", name="L'essentiel")).to_be_visible()
    expect(page.locator("[data-fact=price]")).to_contain_text("€")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Commander en ligne").click()
    # Ordering needs a citizen sign-in: the button leads there, then to the order.
    expect(page).to_have_url(
        live_server.url + "/guichet/connexion/?next=/guichet/composition-menage/commander/"
    )


def test_works_page_with_javascript_shows_the_map(live_server, page, demo_site):
    page.goto(live_server.url + "/travaux/")
    expect(page.locator("#works-map.leaflet-container")).to_be_visible()
    expect(page.locator("#works-map path.leaflet-interactive").first).to_be_attached()
    assert axe_violations(page) == []
    page.get_by_label("État").select_option("upcoming")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_text("Remplacement de la conduite d'eau")).to_be_visible()
    expect(page.get_by_text("Égouttage de la rue de la Gare")).to_have_count(0)
    assert axe_violations(page) == []


def test_works_map_shapes_are_reachable_with_the_keyboard(live_server, page, demo_site):
    page.goto(live_server.url + "/travaux/")
    shapes = page.locator("#works-map path.leaflet-interactive")
    expect(shapes.first).to_be_attached()
    assert shapes.count() == page.locator(".works-item[data-geometry]").count()
    first = shapes.first
    expect(first).to_have_attribute("tabindex", "0")
    expect(first).to_have_attribute("role", "button")
    label = first.get_attribute("aria-label")
    assert " — " in label  # title — status
    first.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    expect(popup).to_contain_text(label.split(" — ")[0])
    # The popup's link takes the focus, so the next key press can follow it.
    assert page.evaluate("document.activeElement.closest('.leaflet-popup') !== null")
    # Leaflet fades popups in: check contrast once the fade is over.
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    assert axe_violations(page) == []


def test_works_page_without_javascript_is_a_list(live_server, browser, demo_site):
    context = browser.new_context(locale="fr-BE", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/travaux/")
    expect(page.locator("#works-map")).to_be_hidden()
    expect(page.get_by_role("link", name="Égouttage de la rue de la Gare")).to_be_visible()
    expect(page.get_by_role("link", name="Flux RSS")).to_be_visible()
    html = page.content()
    context.close()
    # axe needs JavaScript: check the same server-rendered HTML with scripts switched off.
    checker = browser.new_context(locale="fr-BE")
    checked = checker.new_page()
    checked.route("**/*.js", lambda route: route.abort())
    checked.goto(live_server.url + "/travaux/")
    expect(checked.locator("#works-map")).to_be_hidden()
    assert "works-list" in html
    assert axe_violations(checked) == []
    checker.close()


def test_cpas_page_is_accessible(live_server, page, demo_site):
    page.goto(live_server.url + "/cpas/services/energie/")
    expect(page.get_by_role("navigation", name="Navigation du CPAS")).to_be_visible()
    expect(page.get_by_text("Urgence sociale")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Retour au site de la Commune de Val-des-Sources").click()
    expect(page).to_have_url(live_server.url + "/")


def test_appointment_form_errors_then_confirmation(live_server, page, demo_site):
    from cpas.models import AppointmentCase

    page.goto(live_server.url + "/cpas/rendez-vous/")
    assert axe_violations(page) == []
    page.get_by_label("Nom et prénom").fill("Awa Diallo")
    page.get_by_label("Téléphone").fill("abc")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_text("Il y a un problème")).to_be_visible()
    expect(page.get_by_label("Nom et prénom")).to_have_value("Awa Diallo")
    expect(page.get_by_label("Téléphone")).to_have_value("abc")
    expect(page.locator(".error-summary")).to_contain_text("numéro de téléphone belge")
    assert axe_violations(page) == []
    page.get_by_label("Sujet du rendez-vous").select_option("Énergie")
    page.get_by_label("Jeudi matin").check()
    page.get_by_label("Téléphone").fill("0470 12 34 56")
    page.get_by_label("J'accepte que le CPAS garde ces informations").check()
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_role("heading", name="Demande envoyée")).to_be_visible()
    case = AppointmentCase.objects.get()
    expect(page.locator(".reference")).to_have_text(case.reference)
    assert axe_violations(page) == []
    assert (case.name, case.phone) == ("Awa Diallo", "+32470123456")


def _sign_in(browser, live_server, username):
    context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
    desk = context.new_page()
    desk.set_default_timeout(20_000)
    desk.goto(live_server.url + "/cms/")
    desk.get_by_label("Identifiant").fill(username)
    desk.get_by_label("Mot de passe").fill(PASSWORD)
    desk.get_by_role("button", name="Continuer").click()
    device = TOTPDevice.objects.get(user__username=username)
    desk.get_by_label("Code de vérification").fill(totp_code(device))
    desk.get_by_role("button", name="Vérifier").click()
    return context, desk


def _publish(desk):
    desk.locator("footer [data-w-dropdown-target='toggle']").first.click()
    desk.get_by_role("button", name="Publier").click()


def test_communication_editor_changes_a_button_and_publishes_works(live_server, browser, demo_site):
    from pages.models import HomePage, WorksIndexPage, WorksNoticePage

    make_staff("sophie", COMMUNICATION)
    context, desk = _sign_in(browser, live_server, "sophie")
    home = HomePage.objects.get()
    desk.goto(f"{live_server.url}/cms/pages/{home.pk}/edit/")
    label = desk.locator("#id_quick_access_buttons-0-label")
    expect(label).to_have_value("Composition de ménage")
    label.fill("Commander une composition de ménage")
    _publish(desk)
    expect(desk.get_by_text("a été publiée")).to_be_visible()

    visitor = browser.new_context(locale="fr-BE").new_page()
    visitor.goto(live_server.url + "/")
    expect(visitor.get_by_role("link", name="Commander une composition de ménage")).to_be_visible()

    index = WorksIndexPage.objects.get()
    desk.goto(f"{live_server.url}/cms/pages/add/pages/worksnoticepage/{index.pk}/")
    desk.locator("#id_title").fill("Réparation du pont de la Source")
    desk.locator("#id_nature").select_option("road")
    desk.locator("#id_streets").fill("rue du Pont")
    today = timezone.localdate()
    desk.locator("#id_start_date").fill(today.isoformat())
    desk.locator("#id_end_date").fill((today + datetime.timedelta(days=20)).isoformat())
    desk.locator("#id_location").fill("50.4660, 4.8690")  # also closes the date picker
    impact = desk.get_by_label("Voirie fermée")
    impact.scroll_into_view_if_needed()
    impact.check()
    _publish(desk)
    # Back on the works listing of /cms/, the new notice is there, published.
    expect(desk.get_by_role("link", name="Réparation du pont de la Source")).to_be_visible()
    notice = WorksNoticePage.objects.get(title="Réparation du pont de la Source")
    assert notice.live and notice.traffic_impacts == ["road_closed"]

    visitor.goto(live_server.url + "/travaux/")
    expect(visitor.get_by_role("link", name="Réparation du pont de la Source")).to_be_visible()
    context.close()


def test_cpas_staff_work_a_case_in_the_cms(live_server, browser, demo_site):
    from cpas.constants import CaseStatus
    from cpas.models import AppointmentCase, CpasAppointmentPage
    from cpas.roles import CPAS_EDITORS
    from cpas.services import case_submit

    case = case_submit(
        page=CpasAppointmentPage.objects.get(),
        answers={"sujet_du_rendez_vous": "Énergie", "nom_et_prenom": "Awa Diallo"},
    )
    make_staff("nadia", CPAS_EDITORS)
    context, desk = _sign_in(browser, live_server, "nadia")
    desk.set_viewport_size({"width": 1366, "height": 900})
    desk.goto(live_server.url + "/cms/cpas/demandes/")
    expect(desk.get_by_role("link", name=case.reference)).to_be_visible()
    assert axe_violations(desk) == []
    desk.get_by_role("link", name=case.reference).click()
    expect(desk.get_by_text("Awa Diallo")).to_be_visible()
    assert axe_violations(desk) == []
    desk.locator("#id_status").select_option(CaseStatus.CALLED_BACK)
    desk.get_by_role("button", name="Enregistrer").click()
    expect(desk.get_by_text(f"Demande {case.reference} enregistrée.")).to_be_visible()
    assert AppointmentCase.objects.get().status == CaseStatus.CALLED_BACK
    desk.set_viewport_size({"width": 390, "height": 844})
    desk.goto(live_server.url + "/cms/cpas/demandes/")
    assert axe_violations(desk) == []
    context.close()
