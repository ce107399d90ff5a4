"""The citizen journey's defects of issue 17, in Chromium at 390 px: a power of attorney
survives an error on its step, a parent picks their child from a list, and the page for a
citizen who may not order here passes axe-core."""

import datetime

import pytest
from playwright.sync_api import expect

from guichet.models import Attachment, DocumentRequest
from population.constants import HouseholdRelation
from tests.e2e.conftest import axe_violations
from tests.factories import PersonFactory, family, make_citizen, make_household

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SUBJECT = "/guichet/composition-menage/commander/pour-qui/"


def demo_citizen(person):
    citizen = make_citizen(person)
    citizen.is_demo = True
    citizen.save()
    return citizen


def sign_in(page, live_server, name):
    page.goto(live_server.url + "/guichet/demo/")
    page.get_by_role("button", name=f"Se connecter en tant que {name}").click()


@pytest.fixture
def demo_family(settings):
    settings.DEMO_MODE = True
    parent, partner, child = family()
    demo_citizen(parent)
    return parent, partner, child


def finish_order(page):
    page.get_by_label("À quoi servira ce document ?").select_option(
        label="Mutuelle (assurance soins de santé) — gratuit"
    )
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_label("Nombre d'exemplaires")).to_be_hidden()  # a download
    page.get_by_role("button", name="Continuer").click()


def test_the_power_of_attorney_survives_an_error_on_its_step(live_server, page, demo_family):
    neighbour = PersonFactory(first_names="Paul", last_name="Henrard")
    make_household((neighbour, HouseholdRelation.REFERENCE))
    sign_in(page, live_server, "Sophie Lambert")
    page.goto(live_server.url + SUBJECT)
    page.get_by_label("Une autre personne").check()
    page.get_by_label("Numéro de registre national de la personne concernée").fill(neighbour.niss)
    page.get_by_label("Procuration signée").set_input_files(
        {"name": "procuration.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%x\n"}
    )
    page.get_by_role("button", name="Continuer").click()  # the relationship is missing

    expect(page.get_by_text("Il y a un problème")).to_be_visible()
    assert page.title().startswith("Erreur : ")
    expect(page.get_by_text("procuration.pdf (déjà jointe)")).to_be_visible()
    expect(page.get_by_role("button", name="Retirer la procuration jointe")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Votre lien avec cette personne").select_option("mandatary")
    # Enter in a text field continues; it never presses "Retirer".
    page.get_by_label("Numéro de registre national de la personne concernée").press("Enter")

    expect(page.get_by_role("heading", name="Détails et motif")).to_be_visible()
    finish_order(page)
    expect(page.get_by_role("row", name="Procuration procuration.pdf")).to_be_visible()
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_text(DocumentRequest.objects.get().reference).first).to_be_visible()
    assert Attachment.objects.get().original_name == "procuration.pdf"


def test_the_kept_power_of_attorney_can_be_removed(live_server, page, demo_family):
    sign_in(page, live_server, "Sophie Lambert")
    page.goto(live_server.url + SUBJECT)
    page.get_by_label("Une autre personne").check()
    page.get_by_label("Procuration signée").set_input_files(
        {"name": "procuration.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%x\n"}
    )
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("button", name="Retirer la procuration jointe").click()
    expect(page.get_by_text("La procuration jointe est retirée.")).to_be_visible()
    expect(page.get_by_text("(déjà jointe)")).to_have_count(0)
    expect(page.get_by_label("Une autre personne")).to_be_checked()


def test_a_parent_picks_their_child_from_a_list(live_server, page, demo_family):
    _parent, _partner, child = demo_family
    sign_in(page, live_server, "Sophie Lambert")
    page.goto(live_server.url + SUBJECT)
    page.get_by_label("Mon enfant mineur").check()
    expect(page.get_by_label("Numéro de registre national de l'enfant")).to_be_hidden()
    assert child.niss not in page.content()
    assert axe_violations(page) == []
    page.get_by_label("Léa Lambert, né(e) le 20 mai 2016").check()
    page.get_by_role("button", name="Continuer").click()

    finish_order(page)
    expect(page.get_by_text("Mon enfant mineur : Léa Lambert")).to_be_visible()
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_text(DocumentRequest.objects.get().reference).first).to_be_visible()
    assert DocumentRequest.objects.get().subject_niss == child.niss


def test_a_child_registered_elsewhere_is_typed(live_server, page, demo_family):
    sign_in(page, live_server, "Sophie Lambert")
    page.goto(live_server.url + SUBJECT)
    page.get_by_label("Mon enfant mineur").check()
    page.get_by_label("Un autre enfant").check()
    expect(page.get_by_label("Numéro de registre national de l'enfant")).to_be_visible()


@pytest.mark.parametrize("width", [390, 1366])
def test_the_not_eligible_page_passes_axe(live_server, page, settings, width):
    settings.DEMO_MODE = True
    stranger = PersonFactory(first_names="Yasmine", last_name="Vandenbroucke")
    demo_citizen(stranger)
    stranger.delete()  # unknown to the commune's register
    page.set_viewport_size({"width": width, "height": 844})
    sign_in(page, live_server, "Yasmine Vandenbroucke")
    page.goto(live_server.url + SUBJECT)
    page.get_by_role("button", name="Continuer").click()  # for oneself
    expect(
        page.get_by_role("heading", name="Vous ne pouvez pas utiliser ce service en ligne")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Ouvrir Mon DOSSIER (site externe)")).to_have_attribute(
        "href", "https://mondossier.rrn.fgov.be"
    )
    assert not page.title().startswith("Erreur")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_purpose_of_another_model_cannot_be_picked(live_server, page, settings):
    settings.DEMO_MODE = True
    person = PersonFactory(
        first_names="Jean", last_name="Goossens", birth_date=datetime.date(1971, 4, 18)
    )
    make_household((person, HouseholdRelation.REFERENCE))
    demo_citizen(person)
    sign_in(page, live_server, "Jean Goossens")
    page.goto(live_server.url + "/guichet/casier-judiciaire/commander/pour-qui/")
    page.get_by_role("button", name="Continuer").click()
    purpose = page.get_by_label("À quoi servira ce document ?")
    purpose.select_option(label="Recherche d'emploi — gratuit")  # a model 595 purpose
    page.get_by_label("Modèle 596.2", exact=False).check()
    assert purpose.input_value() == ""  # dropped: it belongs to model 595
    assert page.locator("option", has_text="Recherche d'emploi").is_disabled()
    assert page.locator("option", has_text="Enseignement").is_enabled()
    assert axe_violations(page) == []
