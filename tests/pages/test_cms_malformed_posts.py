"""A CMS edit form posted without the hidden fields its StreamField needs (a hand-made or
truncated request) is a bad request, not a server error (pages.middleware)."""

import pytest
from wagtail.test.utils.form_data import querydict_from_html

from pages.models import ProcedurePage
from pages.roles import COMMUNICATION

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(cms_client):
    client, _user = cms_client(COMMUNICATION)
    return client


def edit_form(client, page):
    """The page's edit form as the browser sends it; its script would add the StreamField's
    hidden fields, here an empty body ("body-count": 0)."""
    url = f"/cms/pages/{page.pk}/edit/"
    form = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    form["body-count"] = "0"
    return url, form


def test_the_complete_form_still_saves(editor):
    page = ProcedurePage.objects.first()
    url, form = edit_form(editor, page)
    form["title"] = "Titre modifié"
    response = editor.post(url, form)
    assert response.status_code == 302
    assert response["Location"].startswith("/cms/")
    page.refresh_from_db()
    assert page.get_latest_revision().as_object().title == "Titre modifié"


@pytest.mark.parametrize(
    "damage",
    [
        lambda form: form.pop("body-count"),
        lambda form: form.__setitem__("body-count", "beaucoup"),
        lambda form: form.__setitem__("body-count", "3"),
    ],
    ids=["count missing", "count not a number", "count larger than the items"],
)
def test_a_form_without_its_block_counts_is_a_bad_request(editor, damage):
    page = ProcedurePage.objects.first()
    revisions = page.revisions.count()
    url, form = edit_form(editor, page)
    form["title"] = "Titre modifié"
    damage(form)
    response = editor.post(url, form)
    assert response.status_code == 400
    assert "Demande incorrecte" in response.content.decode()
    assert page.revisions.count() == revisions


def test_a_bare_post_is_a_bad_request(editor):
    page = ProcedurePage.objects.first()
    response = editor.post(f"/cms/pages/{page.pk}/edit/", {"title": "Titre", "slug": page.slug})
    assert response.status_code == 400
