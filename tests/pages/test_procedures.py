"""Procedure pages show what the e-guichet charges: one source of truth (KindSettings)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from guichet.models import KindSettings, Purpose
from pages.models import ProcedurePage


@pytest.fixture
def procedure(db):
    return ProcedurePage.objects.get(kind="composition-menage")


def test_price_and_delay_come_from_the_kind_settings(client, procedure):
    config = KindSettings.objects.get(kind="composition-menage")
    config.base_fee = Decimal("3.50")
    config.announced_delay_days = 4
    config.save()
    body = client.get(procedure.url).content.decode()
    assert "3,50 € par exemplaire" in body
    assert "sinon 4 jours ouvrables" in body
    assert reverse("guichet:order", args=["composition-menage"]) in body


def test_a_fee_change_is_visible_at_once_despite_the_page_cache(client, procedure, commit):
    config = KindSettings.objects.get(kind="composition-menage")
    with commit():
        client.get(procedure.url)
    assert client.get(procedure.url)["X-Page-Cache"] == "hit"
    config.base_fee = Decimal("7.00")
    config.save()
    body = client.get(procedure.url).content.decode()
    assert "7,00 € par exemplaire" in body


def test_free_social_purposes_are_listed(client, procedure):
    Purpose.objects.filter(kind="composition-menage").update(free=False)
    Purpose.objects.filter(kind="composition-menage", code="pension").update(free=True)
    body = client.get(procedure.url).content.decode()
    assert "gratuit pour un motif social : pension" in body


def test_a_kind_switched_off_has_no_order_button(client, procedure):
    KindSettings.objects.filter(kind="composition-menage").update(active=False)
    body = client.get(procedure.url).content.decode()
    assert reverse("guichet:order", args=["composition-menage"]) not in body
    assert "ne se commande pas en ligne" in body


def test_free_kind_says_free(client, procedure):
    KindSettings.objects.filter(kind="composition-menage").update(base_fee=0)
    assert "Gratuit" in client.get(procedure.url).content.decode()


def test_the_index_lists_online_procedures_first(client, demo_site):
    body = client.get("/demarches/").content.decode()
    online = body.index("Composition de ménage")
    offline = body.index("Déclarer une naissance")
    assert online < offline
