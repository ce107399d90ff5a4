"""Who may edit what in /cms/: communication publishes the site, contributors submit to
moderation, CPAS editors are confined to /cpas/ (Wagtail page permissions per subtree)."""

import pytest
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from cpas.models import CpasHomePage, CpasPage
from cpas.roles import CPAS_EDITORS
from pages.models import HomePage, WorksIndexPage
from pages.roles import COMMUNICATION, WEB_CONTRIBUTORS

pytestmark = pytest.mark.django_db


def edit_url(page):
    return f"/cms/pages/{page.pk}/edit/"


def test_cpas_editor_cannot_edit_the_home_page(cms_client):
    client, user = cms_client(CPAS_EDITORS)
    home = HomePage.objects.get()
    perms = home.permissions_for_user(user)
    assert not perms.can_edit()
    assert not perms.can_publish()
    assert not perms.can_add_subpage()
    assert client.get(edit_url(home)).status_code in (302, 403)


def test_cpas_editor_cannot_publish_the_home_page_by_posting(cms_client):
    client, user = cms_client(CPAS_EDITORS)
    home = HomePage.objects.get()
    response = client.post(
        edit_url(home), {"title": "Piratée", "slug": home.slug, "action-publish": "1"}
    )
    assert response.status_code in (302, 403)
    home.refresh_from_db()
    assert home.title != "Piratée"


def test_cpas_editor_edits_and_publishes_inside_the_cpas_subtree(cms_client):
    client, user = cms_client(CPAS_EDITORS)
    cpas = CpasHomePage.objects.get()
    perms = cpas.permissions_for_user(user)
    assert perms.can_edit() and perms.can_publish() and perms.can_add_subpage()
    assert client.get(edit_url(cpas)).status_code == 200
    data = querydict_from_html(
        client.get(edit_url(cpas)).content.decode(), form_id="page-edit-form"
    )
    # StreamFields are drawn by the admin's JavaScript: an empty stream is posted by hand.
    for stream in ("opening_hours", "permanences", "body"):
        data[f"{stream}-count"] = "0"
    data["title"] = "CPAS de Val-des-Sources"
    data["action-publish"] = "action-publish"
    response = client.post(edit_url(cpas), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    cpas.refresh_from_db()
    assert cpas.title == "CPAS de Val-des-Sources" and cpas.live


def test_cpas_editor_cannot_touch_the_works(cms_client):
    _client, user = cms_client(CPAS_EDITORS)
    assert not WorksIndexPage.objects.get().permissions_for_user(user).can_add_subpage()


def test_communication_publishes_anywhere_including_the_cpas(cms_client):
    _client, user = cms_client(COMMUNICATION)
    for page in (HomePage.objects.get(), WorksIndexPage.objects.get(), CpasHomePage.objects.get()):
        perms = page.permissions_for_user(user)
        assert perms.can_edit() and perms.can_publish(), page


def test_communication_edits_site_settings_and_alerts(cms_client):
    client, user = cms_client(COMMUNICATION)
    assert user.has_perm("pages.change_sitesettings")
    assert user.has_perm("pages.add_alert")
    assert client.get("/cms/settings/pages/sitesettings/").status_code in (200, 302)
    assert client.get("/cms/snippets/pages/alert/").status_code == 200


def test_cpas_editors_and_contributors_cannot_change_site_settings(cms_client):
    for group in (CPAS_EDITORS, WEB_CONTRIBUTORS):
        _client, user = cms_client(group, username=f"u-{group[:5]}")
        assert not user.has_perm("pages.change_sitesettings")
        assert not user.has_perm("pages.add_alert")


def test_contributor_edits_but_cannot_publish(cms_client):
    _client, user = cms_client(WEB_CONTRIBUTORS)
    perms = HomePage.objects.get().permissions_for_user(user)
    assert perms.can_edit() and not perms.can_publish()
    assert not CpasHomePage.objects.get().permissions_for_user(user).can_publish()


def test_contributor_submits_and_communication_approves(client, cms_client, demo_site):
    """The moderation step: a contributor's change goes live only once a communication
    member approves it."""
    from django.test import Client

    from tests.conftest import make_staff, verify_session

    writer = make_staff("lucas", WEB_CONTRIBUTORS)
    verify_session(client, writer)
    page = WorksIndexPage.objects.get()
    form = querydict_from_html(
        client.get(edit_url(page)).content.decode(), form_id="page-edit-form"
    )
    form["intro"] = "Nouvelle introduction à relire."
    form["action-submit"] = "action-submit"
    assert client.post(edit_url(page), form).status_code == 302
    page.refresh_from_db()
    assert page.intro != "Nouvelle introduction à relire."  # not live yet
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    moderator = make_staff("sophie", COMMUNICATION)
    reviewer = verify_session(Client(), moderator)
    task_state = state.current_task_state
    url = f"/cms/pages/{page.pk}/edit/"
    form = querydict_from_html(reviewer.get(url).content.decode(), form_id="page-edit-form")
    form["action-workflow-action"] = "true"
    form["workflow-action-name"] = "approve"
    response = reviewer.post(url, form)
    assert response.status_code == 302, response.content.decode()[:1500]
    task_state.refresh_from_db()
    page.refresh_from_db()
    assert page.intro == "Nouvelle introduction à relire."


def test_appointment_requests_are_not_under_wagtail_forms(cms_client, demo_site):
    """They are cases, listed for CPAS staff only (tests/cpas/test_cases.py)."""
    from wagtail.contrib.forms.utils import get_forms_for_user

    from cpas.models import CpasAppointmentPage

    form_page = CpasAppointmentPage.objects.get()
    _c, communication = cms_client(COMMUNICATION, username="com")
    _c, cpas_editor = cms_client(CPAS_EDITORS, username="cpas")
    assert not get_forms_for_user(communication).filter(pk=form_page.pk).exists()
    assert not get_forms_for_user(cpas_editor).filter(pk=form_page.pk).exists()


def test_communication_cannot_open_the_submissions(client, demo_site):
    from cpas.models import CpasAppointmentPage
    from tests.conftest import make_staff, verify_session

    verify_session(client, make_staff("com2", COMMUNICATION))
    form_page = CpasAppointmentPage.objects.get()
    response = client.get(f"/cms/forms/submissions/{form_page.pk}/")
    assert response.status_code in (302, 403)


def test_cpas_editor_may_create_a_cpas_page(cms_client):
    _client, user = cms_client(CPAS_EDITORS)
    cpas = CpasHomePage.objects.get()
    assert CpasPage.can_create_at(cpas)
    assert cpas.permissions_for_user(user).can_add_subpage()
