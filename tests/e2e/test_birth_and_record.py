"""Browser journeys of the birth certificate and the criminal record extract (Chromium,
axe-core on every page they add or change)."""

import datetime
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from guichet.constants import State
from guichet.models import DocumentRequest
from population.constants import HouseholdRelation
from population.models import PretrialDetention
from tests.e2e.conftest import axe_violations
from tests.factories import (
    CriminalRecordEntryFactory,
    PersonFactory,
    birth_act,
    make_citizen,
    make_household,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def demo_citizen(settings, first_names, last_name, **person):
    settings.DEMO_MODE = True
    person = PersonFactory(first_names=first_names, last_name=last_name, **person)
    make_household((person, HouseholdRelation.REFERENCE))
    citizen = make_citizen(person)
    citizen.is_demo = True
    citizen.save()
    return person


def sign_in_as_demo(page, live_server, name):
    page.goto(live_server.url + "/guichet/demo/")
    page.get_by_role("button", name=f"Se connecter en tant que {name}").click()


def test_demo_citizen_gets_their_birth_extract_instantly(live_server, page, settings):
    person = demo_citizen(
        settings,
        "Zoé Lina",
        "Dupont",
        birth_place="Val-des-Sources",
        birth_date=datetime.date(1986, 4, 12),
    )
    birth_act(person)
    sign_in_as_demo(page, live_server, "Zoé Dupont")

    page.goto(live_server.url + "/guichet/acte-naissance/commander/")
    assert page.get_by_label("Moi-même").is_checked()
    page.get_by_role("button", name="Continuer").click()

    assert page.get_by_text("Quel document souhaitez-vous ?").is_visible()
    assert page.get_by_label("Extrait — les données actuelles de l'acte", exact=False).is_checked()
    assert axe_violations(page) == []
    page.get_by_label("À quoi servira ce document ?").select_option(
        label="Mutuelle (assurance soins de santé) — gratuit"
    )
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("button", name="Continuer").click()  # 1 copy, download
    assert page.get_by_text("Extrait d'acte de naissance").first.is_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Envoyer la demande").click()

    assert page.get_by_role("heading", name="Votre document est prêt").is_visible()
    assert axe_violations(page) == []
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le document (PDF)").click()
    content = Path(download_info.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "EXTRAIT D'ACTE DE NAISSANCE" in text
    assert "DUPONT" in text and "Zoé Lina" in text
    assert DocumentRequest.objects.get().state == State.ISSUED


def test_citizen_with_a_record_asks_for_596_2_and_waits_for_a_clerk(live_server, page, settings):
    person = demo_citizen(settings, "Jean", "Goossens")
    CriminalRecordEntryFactory(person=person, minors_only=True)
    sign_in_as_demo(page, live_server, "Jean Goossens")

    page.goto(live_server.url + "/guichet/casier-judiciaire/commander/")
    page.get_by_role("button", name="Continuer").click()

    page.get_by_label("Modèle 596.2", exact=False).check()
    assert axe_violations(page) == []
    page.get_by_label("À quoi servira ce document ?").select_option(label="Enseignement")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("button", name="Continuer").click()
    assert page.get_by_text("Modèle 596.2", exact=False).first.is_visible()
    page.get_by_role("button", name="Envoyer la demande").click()

    assert page.get_by_role("heading", name="Demande envoyée").is_visible()
    assert page.get_by_text("Un agent va traiter votre demande").is_visible()
    assert axe_violations(page) == []
    request = DocumentRequest.objects.get()
    assert request.state == State.SUBMITTED
    assert "visible(s) sur le modèle 596.2" in request.review_reason


def test_596_2_during_pretrial_detention_is_refused_with_the_legal_reason(
    live_server, page, settings
):
    person = demo_citizen(settings, "Emma", "Peeters")
    PretrialDetention.objects.create(person=person, since=datetime.date(2026, 1, 5))
    sign_in_as_demo(page, live_server, "Emma Peeters")

    page.goto(live_server.url + "/guichet/casier-judiciaire/commander/")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Modèle 596.2", exact=False).check()
    page.get_by_label("À quoi servira ce document ?").select_option(label="Enseignement")
    page.get_by_role("button", name="Continuer").click()

    assert page.get_by_text("Il y a un problème").is_visible()
    summary = page.locator("[data-error-summary]")
    assert "article 596, alinéa 4, du Code d'instruction criminelle" in summary.inner_text()
    assert page.get_by_label("Modèle 596.2", exact=False).is_checked()  # nothing typed is lost
    assert axe_violations(page) == []
    assert not DocumentRequest.objects.exists()
