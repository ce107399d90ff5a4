"""A demo citizen orders their household composition in Chromium and downloads the PDF."""

import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from guichet.models import DocumentRequest
from tests.e2e.conftest import axe_violations
from tests.factories import family, make_citizen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_family(settings):
    settings.DEMO_MODE = True
    parent, partner, child = family()
    citizen = make_citizen(parent)
    citizen.is_demo = True
    citizen.save()
    return parent, partner, child


def test_demo_citizen_orders_household_composition_and_downloads_it(live_server, page, demo_family):
    parent, partner, child = demo_family
    page.goto(live_server.url + "/guichet/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Commander").first.click()
    # Not signed in: the sign-in page offers the demo.
    assert "/guichet/connexion/" in page.url
    page.goto(live_server.url + "/guichet/demo/")
    page.get_by_role("button", name="Se connecter en tant que Sophie Lambert").click()

    page.goto(live_server.url + "/guichet/composition-menage/commander/")
    expect(page.get_by_label("Moi-même")).to_be_checked()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Continuer").click()

    page.get_by_role("button", name="Continuer").click()  # no purpose chosen
    expect(page.get_by_text("Il y a un problème")).to_be_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert axe_violations(page) == []
    page.get_by_label("À quoi servira ce document ?").select_option(
        label="Mutuelle (assurance soins de santé) — gratuit"
    )
    page.get_by_role("button", name="Continuer").click()

    page.get_by_role("button", name="Continuer").click()  # 1 copy, download
    expect(page.get_by_text("Gratuit").first).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Envoyer la demande").click()

    expect(page.get_by_role("heading", name="Votre document est prêt")).to_be_visible()
    assert axe_violations(page) == []
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le document (PDF)").click()
    content = Path(download_info.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    request = DocumentRequest.objects.get()
    assert request.document.verification_code in text
    for person in (parent, partner, child):
        assert person.last_name.upper() in text
