"""A commune made with create_commune, then a citizen orders on it in Chromium, on its own
host: Mont-Clair (French and German), where the citizen chooses a German certificate."""

import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from guichet import communes
from guichet.models import DocumentRequest
from pages.demo_mont_clair import IDENTITY
from pages.onboarding import create_commune
from tests.e2e.conftest import axe_violations
from tests.factories import family, make_citizen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_new_commune_serves_a_citizen_a_german_certificate_on_its_host(
    live_server, page, settings
):
    settings.DEMO_MODE = True
    from pages.structure import ensure_site_structure

    ensure_site_structure()
    port = urlsplit(live_server.url).port
    host = "mont-clair.localhost"
    base = f"http://{host}:{port}"
    commune = create_commune(**IDENTITY, hosts=[host], site_url=base, languages="fr,de")
    communes.forget()
    with communes.activated(communes.get(commune.pk)):
        parent, *_ = family()
    citizen = make_citizen(parent)
    citizen.is_demo = True
    citizen.save()

    page.goto(base + "/")
    expect(page.get_by_role("link", name="Commune de Mont-Clair").first).to_be_visible()
    assert axe_violations(page) == []
    page.goto(base + "/guichet/demo/")
    page.get_by_role("button", name="Se connecter en tant que Sophie Lambert").click()
    page.goto(base + "/guichet/composition-menage/commander/")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("À quoi servira ce document ?").select_option(
        label="Mutuelle (assurance soins de santé) — gratuit"
    )
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("allemand", exact=False).check()  # the certificate's language
    assert axe_violations(page) == []
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("button", name="Envoyer la demande").click()

    expect(page.get_by_role("heading", name="Votre document est prêt")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le document (PDF)").click()
    content = Path(download_info.value.path()).read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "HAUSHALTSZUSAMMENSETZUNG" in text.upper()
    assert "Mont-Clair" in text
    assert f"{base}/verifier/" in text.replace("\n", "")
    request = DocumentRequest.objects.get()
    assert (request.commune_id, request.reference, request.document.language) == (
        commune.pk,
        f"{request.submitted_at.year}-000001",
        "de",
    )
    # Val-des-Sources' site knows nothing of it.
    page.goto(live_server.url + "/guichet/mes-demandes/")
    expect(page.get_by_text(request.reference)).to_have_count(0)
