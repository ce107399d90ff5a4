"""A postal order goes from its confirmation to "envoyé le …": the citizen orders by post on
a phone, a clerk prints the batch from /bureau/envois/ (its PDF has the address sheet and the
copies) and marks it posted; the citizen's page and e-mail say when it was sent."""

import io
import os
import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from guichet.constants import State
from guichet.models import DispatchBatch, DocumentRequest
from population.roles import POPULATION
from tests.conftest import make_staff
from tests.e2e.conftest import axe_violations, staff_sign_in
from tests.factories import family, make_citizen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Screenshots for a person to look at, when asked (E2E_SCREENSHOTS=/some/folder).
SHOTS = os.environ.get("E2E_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def demo_citizen(settings):
    settings.DEMO_MODE = True
    parent, *_ = family()
    citizen = make_citizen(parent)
    citizen.is_demo = True
    citizen.save()
    return citizen


def test_a_postal_order_is_printed_posted_and_the_citizen_told(live_server, browser, demo_citizen):
    home = browser.new_context(locale="fr-BE", viewport={"width": 390, "height": 844})
    phone = home.new_page()
    phone.set_default_timeout(15_000)
    phone.goto(live_server.url + "/guichet/demo/")
    phone.get_by_role("button", name="Se connecter en tant que Sophie Lambert").click()
    phone.goto(live_server.url + "/guichet/composition-menage/commander/")
    phone.get_by_role("button", name="Continuer").click()
    phone.get_by_label("À quoi servira ce document ?").select_option(
        label="Mutuelle (assurance soins de santé) — gratuit"
    )
    phone.get_by_role("button", name="Continuer").click()
    phone.get_by_label("Envoi postal à une adresse en Belgique").check()
    phone.get_by_label("Rue").fill("Rue des Tilleuls")
    phone.get_by_label("Numéro").fill("12")
    phone.get_by_label("Code postal").fill("5000")
    phone.get_by_label("Localité").fill("Namur")
    phone.get_by_label("Nombre d'exemplaires").fill("2")
    phone.get_by_role("button", name="Continuer").click()
    phone.get_by_role("button", name="Envoyer la demande").click()

    expect(
        phone.get_by_role("heading", name="Votre document sera envoyé par la poste")
    ).to_be_visible()
    expect(phone.get_by_text("Vous recevrez un e-mail le jour de l'envoi.")).to_be_visible()
    shot(phone, "citizen-confirmation-390")
    assert axe_violations(phone) == []
    request = DocumentRequest.objects.get()
    assert request.state == State.ISSUED

    clerk = make_staff("marc", POPULATION)
    staff = browser.new_context(locale="fr-BE", viewport={"width": 1366, "height": 900})
    desk = staff.new_page()
    desk.set_default_timeout(15_000)
    staff_sign_in(desk, live_server.url, clerk)
    expect(desk.get_by_role("link", name="1 à poster")).to_be_visible()
    shot(desk, "clerk-home-1366")
    desk.get_by_role("link", name="1 à poster").click()

    expect(desk.get_by_role("heading", name="À poster (1)")).to_be_visible()
    expect(desk.get_by_label(f"Imprimer {request.reference}")).to_be_checked()
    shot(desk, "clerk-envois-1366")
    assert axe_violations(desk) == []
    desk.set_viewport_size({"width": 390, "height": 844})
    shot(desk, "clerk-envois-390")
    assert axe_violations(desk) == []
    desk.set_viewport_size({"width": 1366, "height": 900})

    desk.get_by_role("button", name="Imprimer le lot").click()
    # The batch's number comes from the database (PostgreSQL sequences are not reset between
    # tests): read it rather than assume 1.
    expect(desk.get_by_role("heading", name=re.compile(r"^Lot d'envoi n° \d+$"))).to_be_visible()
    batch = DispatchBatch.objects.get()
    expect(desk.get_by_role("heading", name=f"Lot d'envoi n° {batch.pk}")).to_be_visible()
    shot(desk, "clerk-batch-1366")
    assert axe_violations(desk) == []
    pdf_url = desk.get_by_role("link", name="Imprimer le lot (PDF)").get_attribute("href")
    response = desk.request.get(live_server.url + pdf_url)
    assert response.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.body())).pages
    document_pages = len(PdfReader(request.document.file.open("rb")).pages)
    assert len(pages) == 1 + 2 * document_pages
    sheet = pages[0].extract_text()
    assert "Rue des Tilleuls 12" in sheet and "5000 NAMUR" in sheet
    assert request.document.verification_code in pages[1].extract_text()

    desk.get_by_role("button", name="Marquer le lot comme posté").click()  # not confirmed
    expect(desk.get_by_text("Il y a un problème")).to_be_visible()
    assert axe_violations(desk) == []
    desk.get_by_label("J'ai déposé à la poste les enveloppes de ce lot").check()
    desk.get_by_role("button", name="Marquer le lot comme posté").click()
    expect(desk.get_by_text("Lot marqué comme posté")).to_be_visible()
    expect(desk.get_by_role("heading", name="À poster (0)")).to_be_visible()

    request.refresh_from_db()
    assert request.state == State.CLOSED and request.posted_at is not None
    assert "Votre document a été envoyé par la poste le" in mail.outbox[-1].body
    phone.goto(live_server.url + "/guichet/mes-demandes/")
    expect(phone.get_by_text("Envoyée le").first).to_be_visible()
    phone.goto(live_server.url + f"/guichet/mes-demandes/{request.reference}/")
    expect(phone.get_by_text("Votre document a été envoyé par la poste le")).to_be_visible()
    shot(phone, "citizen-request-posted-390")
    assert axe_violations(phone) == []
    home.close()
    staff.close()


def test_a_counter_order_is_handed_over(live_server, browser, demo_citizen):
    home = browser.new_context(locale="fr-BE", viewport={"width": 390, "height": 844})
    phone = home.new_page()
    phone.set_default_timeout(15_000)
    phone.goto(live_server.url + "/guichet/demo/")
    phone.get_by_role("button", name="Se connecter en tant que Sophie Lambert").click()
    phone.goto(live_server.url + "/guichet/composition-menage/commander/")
    phone.get_by_role("button", name="Continuer").click()
    phone.get_by_label("À quoi servira ce document ?").select_option(
        label="Mutuelle (assurance soins de santé) — gratuit"
    )
    phone.get_by_role("button", name="Continuer").click()
    phone.get_by_label("Retrait au guichet de l'administration").check()
    phone.get_by_role("button", name="Continuer").click()
    phone.get_by_role("button", name="Envoyer la demande").click()
    expect(
        phone.get_by_role("heading", name="Votre document vous attend au guichet")
    ).to_be_visible()
    expect(phone.get_by_text("Apportez votre carte d'identité", exact=False)).to_be_visible()
    shot(phone, "citizen-counter-confirmation-390")
    assert axe_violations(phone) == []
    request = DocumentRequest.objects.get()

    clerk = make_staff("marc", POPULATION)
    staff = browser.new_context(locale="fr-BE", viewport={"width": 1366, "height": 900})
    desk = staff.new_page()
    desk.set_default_timeout(15_000)
    staff_sign_in(desk, live_server.url, clerk)
    desk.get_by_role("link", name="1 à remettre au guichet").click()
    desk.get_by_role("link", name=f"Marquer comme remis ({request.reference})").click()
    expect(
        desk.get_by_role("heading", name=f"Remise au guichet — {request.reference}")
    ).to_be_visible()
    assert axe_violations(desk) == []
    desk.get_by_role("button", name="Marquer comme remis").click()  # not confirmed
    expect(desk.get_by_text("Il y a un problème")).to_be_visible()
    shot(desk, "clerk-collect-error-1366")
    assert axe_violations(desk) == []
    desk.get_by_label("Le document a été remis au citoyen ou à son mandataire").check()
    desk.get_by_label("J'ai vérifié la carte d'identité", exact=False).check()
    desk.get_by_role("button", name="Marquer comme remis").click()
    expect(desk.get_by_text(f"Document {request.reference} marqué comme remis")).to_be_visible()

    phone.goto(live_server.url + "/guichet/mes-demandes/")
    expect(phone.get_by_text("Remise le").first).to_be_visible()
    home.close()
    staff.close()
