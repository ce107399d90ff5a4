"""create_service_section: a section and its group editing only its subtrees."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import WorkflowPage

from pages.models import AgendaIndexPage, StandardPage, WorksIndexPage
from pages.sections import group_name_for
from tests.conftest import make_staff, verify_session

pytestmark = pytest.mark.django_db


def test_culture_edits_its_section_and_the_agenda_only(client):
    call_command("create_service_section", "Culture", "--parent", "/", "--aussi", "/agenda/")
    call_command("create_service_section", "Culture", "--aussi", "/agenda/")  # idempotent
    section = StandardPage.objects.get(slug="culture")
    assert StandardPage.objects.filter(slug="culture").count() == 1
    assert WorkflowPage.objects.filter(page=section).exists()
    group = Group.objects.get(name=group_name_for("Culture"))
    user = make_staff("culture", group.name)
    agenda = AgendaIndexPage.objects.get()
    works = WorksIndexPage.objects.get()
    for page, allowed in ((section, True), (agenda, True), (works, False)):
        perms = page.permissions_for_user(user)
        assert perms.can_edit() is allowed, page
        assert perms.can_publish() is False
    editor = verify_session(client, user)
    assert editor.get(f"/cms/pages/{agenda.pk}/edit/").status_code == 200
    assert editor.get(f"/cms/pages/{works.pk}/edit/").status_code in (302, 403)


def test_unknown_parent_is_a_clear_error():
    with pytest.raises(CommandError, match="Aucune page"):
        call_command("create_service_section", "Sport", "--parent", "/nulle-part/")
