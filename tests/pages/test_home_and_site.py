"""Home page quick access, alert banner, site settings in header/footer, PWA files."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from pages.models import Alert, QuickAccessButton, SiteSettings, StandardPage
from pages.sites import current_site

pytestmark = pytest.mark.django_db


def test_quick_access_buttons_in_order_with_their_targets(client, home):
    page = StandardPage(title="Déchets", slug="dechets")
    home.add_child(instance=page)
    page.save_revision().publish()
    home.quick_access_buttons = [
        QuickAccessButton(
            label="Ménage", icon="family", link_kind="composition-menage", sort_order=0
        ),
        QuickAccessButton(label="Poubelles", icon="waste", link_page=page, sort_order=1),
        QuickAccessButton(
            label="Intercommunale", icon="map", link_url="https://bep.example/", sort_order=2
        ),
    ]
    home.save_revision().publish()
    body = client.get("/").content.decode()
    assert body.index("Ménage") < body.index("Poubelles") < body.index("Intercommunale")
    assert reverse("guichet:order", args=["composition-menage"]) in body
    assert 'href="/dechets/"' in body and 'href="https://bep.example/"' in body
    assert "pages/icons.svg#waste" in body and 'aria-hidden="true"' in body


def test_a_button_needs_exactly_one_target(home):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        QuickAccessButton(label="Rien", icon="map").clean()
    with pytest.raises(ValidationError):
        QuickAccessButton(
            label="Deux", icon="map", link_url="https://x.be/", link_kind="acte-naissance"
        ).clean()


def test_alert_banner_shows_only_between_its_dates(client):
    now = timezone.now()
    Alert.objects.create(
        message="Fermé le 11 novembre",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(days=1),
    )
    Alert.objects.create(
        message="Fermé demain",
        starts_at=now + datetime.timedelta(hours=2),
        ends_at=now + datetime.timedelta(days=2),
    )
    Alert.objects.create(
        message="Fermé hier",
        starts_at=now - datetime.timedelta(days=2),
        ends_at=now - datetime.timedelta(days=1),
    )
    body = client.get("/").content.decode()
    assert "Fermé le 11 novembre" in body
    assert "Fermé demain" not in body and "Fermé hier" not in body
    # Also on the e-guichet's own pages.
    assert "Fermé le 11 novembre" in client.get("/guichet/").content.decode()


def test_site_settings_replace_the_environment_defaults(client, settings):
    assert settings.COMMUNE["name"] in client.get("/").content.decode()
    SiteSettings.objects.create(
        site=current_site(),
        name="Commune de Sorinnes",
        phone="081 11 22 33",
        opening_hours=[
            (
                "day",
                {
                    "day": "3",
                    "opens": datetime.time(8, 30),
                    "closes": datetime.time(12, 0),
                    "note": "",
                },
            )
        ],
        closures=[
            (
                "closure",
                {
                    "start": timezone.localdate() + datetime.timedelta(days=3),
                    "end": None,
                    "reason": "Fête locale",
                },
            )
        ],
        facebook_url="https://facebook.example/sorinnes",
    )
    body = client.get("/").content.decode()
    assert "Commune de Sorinnes" in body and "081 11 22 33" in body
    assert "Mercredi" in body and "8 h 30 – 12 h" in body
    assert "Fête locale" in body
    assert 'href="https://facebook.example/sorinnes"' in body
    assert settings.COMMUNE["address"] in body  # empty fields keep the default


def test_menu_is_built_from_the_page_tree(client, home):
    page = StandardPage(title="Vie communale", slug="vie-communale", show_in_menus=True)
    home.add_child(instance=page)
    page.save_revision().publish()
    body = client.get("/vie-communale/").content.decode()
    start = body.index('aria-label="Navigation principale"')
    nav = body[start : body.index("</nav>", start)]
    assert 'href="/vie-communale/" aria-current="page"' in nav
    assert 'href="/travaux/"' in nav and 'href="/cpas/"' in nav


def test_manifest_and_service_worker(client):
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert manifest["lang"] == "fr" and manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    worker = client.get("/sw.js")
    assert worker["Content-Type"].startswith("application/javascript")
    assert worker["Service-Worker-Allowed"] == "/"
    assert "/hors-ligne/" in worker.content.decode()
    offline = client.get("/hors-ligne/").content.decode()
    assert "hors connexion" in offline
    assert 'rel="manifest"' in client.get("/").content.decode()


def test_templates_have_no_inline_scripts_or_handlers(client, demo_site):
    import re

    for url in (
        "/",
        "/travaux/",
        "/cpas/",
        "/cpas/rendez-vous/",
        "/demarches/acte-naissance/",
        "/recherche/?q=cpas",
        "/actualites/",
    ):
        body = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), url
        assert not re.search(r"\son[a-z]+=", body), url
