"""A clerk signs in with TOTP, takes the next request, asks the citizen, the citizen answers,
the clerk issues, the citizen downloads — two browsers, one live server."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from guichet.constants import State
from guichet.models import DocumentRequest
from population.roles import POPULATION
from tests.conftest import PASSWORD, make_staff, totp_code
from tests.e2e.conftest import axe_violations
from tests.factories import family, make_citizen
from tests.guichet.test_ordering import order, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def waiting_request(client, settings):
    settings.DEMO_MODE = True
    parent, *_ = family()
    citizen = make_citizen(parent)
    citizen.is_demo = True
    citizen.save()
    sign_in(client, citizen, level="low")  # a weak sign-in: the request waits for a clerk
    order(client)
    return DocumentRequest.objects.get()


def test_clerk_and_citizen_work_a_request_together(live_server, browser, waiting_request):
    clerk = make_staff("marc", POPULATION)
    clerk.first_name, clerk.last_name = "Marc", "Dubois"
    clerk.save()
    staff = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
    desk = staff.new_page()
    desk.goto(live_server.url + "/bureau/")
    desk.get_by_label("Identifiant").fill("marc")
    desk.get_by_label("Mot de passe").fill(PASSWORD)
    desk.get_by_role("button", name="Continuer").click()
    desk.get_by_label("Code de vérification").fill(totp_code(TOTPDevice.objects.get(user=clerk)))
    desk.get_by_role("button", name="Vérifier").click()
    expect(desk.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    assert axe_violations(desk) == []

    desk.get_by_role("button", name="Prendre la suivante").click()
    expect(
        desk.get_by_role("heading", name=f"Composition de ménage — {waiting_request.reference}")
    ).to_be_visible()
    assert axe_violations(desk) == []
    desk.get_by_role("link", name="Consulter le registre").click()
    expect(desk.get_by_text("LAMBERT Sophie").first).to_be_visible()
    # A boosted form sent back with errors (400) is shown, not swallowed by htmx.
    desk.get_by_role("button", name="Envoyer la question").click()
    expect(desk.locator("[data-error-summary]")).to_be_visible()
    expect(desk.locator("[data-error-summary]")).to_be_focused()
    assert desk.title().startswith("Erreur")
    desk.get_by_label("Question au citoyen").fill("Habitez-vous toujours rue de la Station ?")
    desk.get_by_role("button", name="Envoyer la question").click()
    expect(desk.get_by_text("la demande attend sa réponse")).to_be_visible()

    home = browser.new_context(locale="fr-BE", viewport={"width": 390, "height": 844})
    phone = home.new_page()
    phone.goto(live_server.url + "/guichet/demo/")
    phone.get_by_role("button", name="Se connecter en tant que Sophie Lambert").click()
    phone.goto(live_server.url + f"/guichet/mes-demandes/{waiting_request.reference}/")
    expect(phone.get_by_text("Habitez-vous toujours rue de la Station ?")).to_be_visible()
    assert axe_violations(phone) == []
    phone.get_by_label("Votre réponse").fill("Oui, toujours au même numéro.")
    phone.get_by_role("button", name="Envoyer ma réponse").click()
    expect(phone.get_by_text("Votre réponse a été envoyée")).to_be_visible()

    desk.reload()
    expect(desk.get_by_text("le citoyen a répondu")).to_be_visible()
    desk.get_by_label("J'ai vérifié l'aperçu du document").check()
    desk.get_by_role("button", name="Délivrer le document").click()
    expect(desk.get_by_text("Document délivré ; le citoyen est prévenu.")).to_be_visible()

    phone.reload()
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Télécharger le document (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    waiting_request.refresh_from_db()
    assert waiting_request.state == State.ISSUED
    staff.close()
    home.close()
