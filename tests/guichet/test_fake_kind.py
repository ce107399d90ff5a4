"""A fourth kind, declared by an app of the tests only (tests/fakekind: its kinds module, its
templates, its staff group), is ordered through the web wizard and issued with its own
template: the core needs nothing else."""

import datetime
import sys

import pytest
from django.apps import AppConfig, apps
from django.contrib.auth.models import User
from django.template.utils import get_app_template_dirs

from guichet import niss
from guichet.constants import Assurance, State
from guichet.kinds import registry, sync_kind_settings
from guichet.models import CitizenProfile, DocumentRequest
from guichet.roles import sync_role_permissions
from population.roles import POPULATION
from tests.conftest import make_staff, verify_session
from tests.fakekind.roles import TESTERS
from tests.population.ordering import order, pay_by_transfer, pdf_text, sign_in

pytestmark = pytest.mark.django_db
# Not imported from tests.fakekind.kinds: importing that module registers the kind.
SLUG = "attestation-essai"


@pytest.fixture
def fake_kind_app(monkeypatch):
    """tests.fakekind installed, then GuichetConfig.ready() run again, as at start-up; all
    undone afterwards, the registry included. (Overriding INSTALLED_APPS would run the ready()
    of every third-party app a second time, which some refuse.)"""
    monkeypatch.setattr(registry, "_kinds", dict(registry._kinds))
    sys.modules.pop("tests.fakekind.kinds", None)
    assert registry.get(SLUG) is None
    config = AppConfig.create("tests.fakekind")
    config.apps = apps
    config.import_models()
    monkeypatch.setitem(apps.app_configs, config.label, config)
    apps.clear_cache()
    get_app_template_dirs.cache_clear()
    apps.get_app_config("guichet").ready()
    sync_kind_settings()
    sync_role_permissions()
    yield registry.get(SLUG)
    monkeypatch.undo()
    apps.clear_cache()
    get_app_template_dirs.cache_clear()
    sys.modules.pop("tests.fakekind.kinds", None)


def citizen():
    user = User.objects.create_user("citizen-essai", first_name="Zoé", last_name="Essai")
    return CitizenProfile.objects.create(
        user=user, niss=niss.make(datetime.date(1990, 4, 2), 17), birth_date="1990-04-02"
    )


def test_the_kind_is_found_by_autodiscovery(fake_kind_app):
    assert fake_kind_app is not None
    assert fake_kind_app.handling_group == TESTERS


def test_a_strong_sign_in_gets_the_document_from_the_kinds_own_template(
    client, commit, fake_kind_app
):
    sign_in(client, citizen())
    with commit():
        _check, response = order(client, SLUG, purpose="essai")
        pay_by_transfer(DocumentRequest.objects.get(kind=SLUG))
    request = DocumentRequest.objects.get(kind=SLUG)
    assert request.state == State.ISSUED and request.channel == "auto"
    download = client.get(f"/guichet/mes-demandes/{request.reference}/document.pdf")
    text = pdf_text(b"".join(download.streaming_content))
    assert "Le gabarit de l'application fakekind atteste que Zoé Essai" in text
    assert request.document.verification_code in text


def test_the_kinds_own_group_handles_it_in_the_back_office(client, commit, fake_kind_app):
    sign_in(client, citizen(), level=Assurance.SUBSTANTIAL)
    with commit():
        order(client, SLUG, purpose="essai")
        pay_by_transfer(DocumentRequest.objects.get(kind=SLUG))
    request = DocumentRequest.objects.get(kind=SLUG)
    assert request.state == State.SUBMITTED

    verify_session(client, make_staff("agent-population", POPULATION))
    assert client.get(f"/bureau/demandes/{request.reference}/").status_code == 404

    verify_session(client, make_staff("agent-essai", TESTERS))
    page = client.get(f"/bureau/demandes/{request.reference}/registre/")
    assert "Registre de fakekind : Registre des attestations d&#x27;essai pour Zoé Essai" in (
        page.content.decode()
    )
    preview = client.get(f"/bureau/demandes/{request.reference}/apercu.pdf")
    text = pdf_text(b"".join(preview.streaming_content) if preview.streaming else preview.content)
    assert "Le gabarit de l'application fakekind atteste que Zoé Essai" in text
