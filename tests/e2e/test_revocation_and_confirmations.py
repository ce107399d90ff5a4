"""In a real browser: a civil-status clerk records a paper act's digitisation from the
request page, after a preview page that says what to do; a clerk revokes a document through
its confirmation page, and the revocation shows on all four surfaces (citizen list, citizen
page, clerk page, verification page, where the identical file is not green); the new pages
(confirmations of the citizen's cancel, the clerk's reject and revoke; the preview that
cannot be produced) have no serious or critical axe-core finding at 390 and 1366 px.

Set SCREENSHOT_DIR to keep a screenshot of each page looked at."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from etatcivil.roles import ETAT_CIVIL
from guichet.constants import State
from guichet.models import DocumentRequest
from population.roles import POPULATION
from tests.conftest import make_staff
from tests.e2e.conftest import axe_violations, staff_sign_in
from tests.factories import BirthActFactory, DocumentRequestFactory, family, make_citizen
from tests.guichet.test_ordering import order, sign_in
from tests.population import ordering

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
REASON = "Composition erronée : un membre a quitté le ménage"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def shot(page, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def check_both_widths(page, name):
    for label, size in (("390", PHONE), ("1366", DESKTOP)):
        page.set_viewport_size(size)
        assert axe_violations(page) == [], f"{name} at {label} px"
        shot(page, f"{name}-{label}")


@pytest.fixture
def citizen(client, settings):
    settings.DEMO_MODE = True
    parent, *_ = family()
    citizen = make_citizen(parent)
    citizen.is_demo = True
    citizen.save()
    sign_in(client, citizen)
    order(client)  # strong sign-in: issued at once
    return citizen


def clerk_desk(browser, live_server, group=POPULATION):
    clerk = make_staff("marc", group)
    context = browser.new_context(locale="fr-BE", viewport=DESKTOP)
    desk = context.new_page()
    desk.set_default_timeout(15_000)
    staff_sign_in(desk, live_server.url, clerk)
    expect(desk.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    return context, desk


def test_a_revoked_document_is_shown_revoked_everywhere(live_server, browser, citizen):
    issued = DocumentRequest.objects.get()
    assert issued.state == State.ISSUED
    with issued.document.file.open("rb") as handle:
        pdf = handle.read()
    staff, desk = clerk_desk(browser, live_server)
    desk.goto(live_server.url + f"/bureau/demandes/{issued.reference}/")
    desk.get_by_role("link", name="Révoquer le document…").click()
    expect(
        desk.get_by_role("heading", name=f"Révoquer le document de la demande {issued.reference} ?")
    ).to_be_visible()
    check_both_widths(desk, "revoke-confirmation")
    desk.get_by_role("button", name="Oui, révoquer le document").click()
    expect(desk.get_by_role("heading", name="Il y a un problème")).to_be_visible()
    assert desk.title().startswith(
        f"Erreur : Révoquer le document de la demande {issued.reference} ?"
    )
    check_both_widths(desk, "revoke-confirmation-error")
    desk.get_by_label("Motif de la révocation").fill(REASON)
    desk.get_by_role("button", name="Oui, révoquer le document").click()
    expect(desk.get_by_text("Document révoqué : sa page de vérification")).to_be_visible()
    expect(desk.get_by_text("Révoqué le").first).to_be_visible()  # surface 1: the clerk's page
    expect(desk.get_by_text(REASON).first).to_be_visible()
    shot(desk, "clerk-page-revoked")

    home = browser.new_context(locale="fr-BE", viewport=PHONE)
    phone = home.new_page()
    phone.set_default_timeout(15_000)
    phone.goto(live_server.url + "/guichet/demo/")
    phone.get_by_role("button", name="Se connecter en tant que Sophie Lambert").click()
    phone.goto(live_server.url + "/guichet/mes-demandes/")  # surface 2: the citizen's list
    row = phone.locator("li", has_text=issued.reference)
    expect(row.get_by_text("Révoqué le")).to_be_visible()
    expect(row.get_by_text(REASON)).to_be_visible()
    expect(row.get_by_text("Délivrée")).to_have_count(0)
    assert axe_violations(phone) == []
    shot(phone, "citizen-list-revoked")
    row.get_by_role("link").first.click()  # surface 3: the citizen's page
    expect(phone.get_by_text("Révoqué le").first).to_be_visible()
    expect(phone.get_by_text(REASON).first).to_be_visible()
    expect(phone.get_by_role("link", name="Télécharger le document (PDF)")).to_have_count(0)
    expect(phone.get_by_role("link", name="Faire une nouvelle demande")).to_be_visible()
    assert axe_violations(phone) == []
    shot(phone, "citizen-page-revoked")

    # Surface 4: the public verification page, with the original (identical) file uploaded.
    phone.goto(live_server.url + f"/verifier/{issued.document.verification_code}/")
    expect(phone.get_by_text("Ce document a été révoqué par l'administration")).to_be_visible()
    expect(phone.get_by_text("Vérifiable jusqu'au")).to_have_count(0)
    phone.get_by_label("Fichier PDF").set_input_files(
        files=[{"name": "document.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    phone.get_by_role("button", name="Comparer").click()
    expect(phone.get_by_text("Fichier identique, mais document révoqué")).to_be_visible()
    expect(phone.locator(".notice--success")).to_have_count(0)
    assert axe_violations(phone) == []
    shot(phone, "verification-revoked-identical")
    staff.close()
    home.close()


def test_the_confirmation_pages_are_accessible(live_server, browser, citizen):
    mine = DocumentRequestFactory(
        reference="2026-000901",
        applicant=citizen.user,
        applicant_niss=citizen.niss,
        applicant_first_name="Sophie",
        applicant_last_name="Lambert",
    )
    other = DocumentRequestFactory(reference="2026-000902")

    home = browser.new_context(locale="fr-BE", viewport=PHONE)
    phone = home.new_page()
    phone.set_default_timeout(15_000)
    phone.goto(live_server.url + "/guichet/demo/")
    phone.get_by_role("button", name="Se connecter en tant que Sophie Lambert").click()
    phone.goto(live_server.url + f"/guichet/mes-demandes/{mine.reference}/")
    phone.get_by_role("link", name="Annuler cette demande").click()
    expect(
        phone.get_by_role("heading", name="Voulez-vous vraiment annuler cette demande ?")
    ).to_be_visible()
    check_both_widths(phone, "cancel-confirmation")
    phone.set_viewport_size(PHONE)
    phone.get_by_role("link", name="Non, revenir à ma demande").click()
    expect(phone.get_by_role("link", name="Annuler cette demande")).to_be_visible()
    mine.refresh_from_db()
    assert mine.state == State.SUBMITTED
    phone.get_by_role("link", name="Annuler cette demande").click()
    phone.get_by_role("button", name="Oui, annuler ma demande").click()
    expect(phone.get_by_text("Votre demande 2026-000901 est annulée.")).to_be_visible()
    mine.refresh_from_db()
    assert mine.state == State.CANCELLED

    staff, desk = clerk_desk(browser, live_server)
    desk.goto(live_server.url + f"/bureau/demandes/{other.reference}/")
    desk.get_by_role("link", name="Refuser la demande…").click()
    expect(
        desk.get_by_role("heading", name=f"Refuser la demande {other.reference} ?")
    ).to_be_visible()
    check_both_widths(desk, "reject-confirmation")
    desk.get_by_role("button", name="Oui, refuser la demande").click()
    expect(desk.get_by_role("heading", name="Il y a un problème")).to_be_visible()
    check_both_widths(desk, "reject-confirmation-error")
    desk.get_by_label("Motif du refus").select_option("duplicate")
    desk.get_by_role("button", name="Oui, refuser la demande").click()
    expect(desk.get_by_text("Demande refusée ; le motif est communiqué")).to_be_visible()
    other.refresh_from_db()
    assert other.state == State.REJECTED
    staff.close()
    home.close()


def test_a_paper_act_is_digitised_from_the_request_page(live_server, browser, client):
    parent, *_ = family()
    act = BirthActFactory(person=parent, paper=True)
    ordering.sign_in(client, make_citizen(parent))
    ordering.order(client, "acte-naissance", purpose="mariage", details={"d-variant": "extrait"})
    waiting = ordering.pay_by_transfer(DocumentRequest.objects.get())  # a paying purpose
    assert waiting.state == State.SUBMITTED

    staff, desk = clerk_desk(browser, live_server, ETAT_CIVIL)
    desk.goto(live_server.url + f"/bureau/demandes/{waiting.reference}/apercu.pdf")
    expect(desk.get_by_role("heading", name="L'aperçu n'a pas pu être produit")).to_be_visible()
    expect(
        desk.get_by_text("enregistrez d'abord sa numérisation dans la BAEC").first
    ).to_be_visible()
    check_both_widths(desk, "paper-preview-failed")
    desk.set_viewport_size(DESKTOP)
    desk.get_by_role("link", name=f"Revenir à la demande {waiting.reference}").click()
    desk.get_by_role("button", name="Prendre en charge").click()
    expect(desk.get_by_role("heading", name="Acte sur papier")).to_be_visible()
    desk.get_by_role("button", name="Enregistrer la numérisation").click()
    expect(desk.get_by_role("heading", name="Il y a un problème")).to_be_visible()
    check_both_widths(desk, "paper-digitise-error")
    desk.set_viewport_size(DESKTOP)
    desk.get_by_label("Référence de l'acte dans la BAEC").fill("baec-1984-000123")
    desk.get_by_role("button", name="Enregistrer la numérisation").click()
    expect(
        desk.get_by_text("Numérisation enregistrée (référence BAEC BAEC-1984-000123)")
    ).to_be_visible()
    expect(desk.get_by_role("heading", name="Acte sur papier")).to_have_count(0)
    desk.get_by_label("J'ai vérifié l'aperçu du document").check()
    desk.get_by_role("button", name="Délivrer le document").click()
    expect(desk.get_by_text("Document délivré ; le citoyen est prévenu.")).to_be_visible()
    act.refresh_from_db()
    waiting.refresh_from_db()
    assert act.baec_reference == "BAEC-1984-000123" and waiting.state == State.ISSUED
    staff.close()
