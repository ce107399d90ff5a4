"""Which page types may go where (the tree keeps its shape whoever edits it)."""

import pytest

from cpas.models import CpasAppointmentPage, CpasHomePage, CpasPage, CpasServicePage
from pages.models import (
    AgendaIndexPage,
    EventPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ProcedureIndexPage,
    ProcedurePage,
    StandardPage,
    WorksIndexPage,
    WorksNoticePage,
)

ALLOWED_CHILDREN = {
    HomePage: {
        StandardPage,
        ProcedureIndexPage,
        NewsIndexPage,
        WorksIndexPage,
        AgendaIndexPage,
        CpasHomePage,
    },
    AgendaIndexPage: {EventPage},
    EventPage: set(),
    StandardPage: {StandardPage},
    ProcedureIndexPage: {ProcedurePage},
    ProcedurePage: set(),
    NewsIndexPage: {NewsPage},
    NewsPage: set(),
    WorksIndexPage: {WorksNoticePage},
    WorksNoticePage: set(),
    CpasHomePage: {CpasServicePage, CpasPage, CpasAppointmentPage},
    CpasPage: {CpasPage, CpasServicePage},
    CpasServicePage: set(),
    CpasAppointmentPage: set(),
}


@pytest.mark.parametrize("model", ALLOWED_CHILDREN)
def test_allowed_children(model):
    assert set(model.allowed_subpage_models()) == ALLOWED_CHILDREN[model]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", [HomePage, ProcedureIndexPage, NewsIndexPage, WorksIndexPage, CpasHomePage]
)
def test_singletons_cannot_be_created_twice(model):
    assert not model.can_create_at(HomePage.objects.get())


@pytest.mark.django_db
def test_the_appointment_form_is_unique_in_the_cpas(demo_site):
    assert CpasAppointmentPage.objects.count() == 1
    assert not CpasAppointmentPage.can_create_at(CpasHomePage.objects.get())


@pytest.mark.django_db
def test_structure_pages_exist_at_their_stable_urls(client):
    for url in ("/", "/demarches/", "/travaux/", "/actualites/", "/cpas/"):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_a_procedure_page_exists_for_every_kind():
    from guichet.kinds import registry

    kinds = set(ProcedurePage.objects.live().values_list("kind", flat=True))
    assert {kind.slug for kind in registry.all()} <= kinds


@pytest.mark.django_db
def test_structure_is_idempotent():
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission, Page, WorkflowPage

    from pages.structure import ensure_site_structure

    before = (Page.objects.count(), GroupPagePermission.objects.count())
    ensure_site_structure()
    assert (Page.objects.count(), GroupPagePermission.objects.count()) == before
    assert WorkflowPage.objects.filter(page__depth=2).count() == 1
    assert Group.objects.filter(name="Rédacteurs du site").exists()


@pytest.mark.django_db
def test_two_procedures_cannot_present_the_same_kind():
    from django.core.exceptions import ValidationError

    existing = ProcedurePage.objects.filter(kind="acte-naissance").get()
    duplicate = ProcedurePage(title="Doublon", slug="doublon", kind=existing.kind)
    duplicate.depth = existing.depth
    with pytest.raises(ValidationError) as error:
        duplicate.clean()
    assert "kind" in error.value.message_dict
