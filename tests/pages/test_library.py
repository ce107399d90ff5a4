# ruff: noqa: F811 - the communes' fixtures are imported, then named as test arguments
"""The intercommunal library (pages.library): pages written once, shown on several communes'
sites as Wagtail aliases, adapted as a commune's own copy with a notice when the library
changes; never served by themselves, never in a commune's listings or search unless shown."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page

from guichet import communes
from guichet.models import KindSettings, StaffMembership
from pages import library
from pages.models import (
    AgendaIndexPage,
    EventPage,
    HomePage,
    LibraryCopy,
    NewsIndexPage,
    NewsPage,
    ProcedureIndexPage,
    ProcedurePage,
    StandardPage,
    WorksIndexPage,
    WorksNoticePage,
)
from pages.roles import COMMUNICATION, LIBRARY_EDITORS, WEB_CONTRIBUTORS
from tests.communes.conftest import B_HOST, commune_a, commune_b  # noqa: F401
from tests.conftest import make_staff, verify_session

A_HOST = "testserver"


@pytest.fixture
def lib(commune_b):
    root = library.library_root()
    assert root is not None  # made with the second commune
    return root


def _add(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture
def lib_news(lib):
    return _add(
        lib,
        NewsPage(
            title="Collecte des encombrants",
            slug="encombrants",
            intro="La collecte intercommunale des encombrants passe le 12 mars.",
        ),
    )


@pytest.fixture
def lib_other(lib):
    return _add(
        lib,
        StandardPage(
            title="Prime isolation wallonne",
            slug="prime-isolation",
            intro="Toitures et murs : la prime wallonne pour isoler.",
        ),
    )


def home_of(commune):
    return HomePage.objects.get(pk=commune.site.root_page_id)


def child(commune, model):
    return model.objects.child_of(home_of(commune)).get()


def editor(commune, username, role=COMMUNICATION):
    user = make_staff(username)
    name = role if commune.is_home else f"{role} – {commune.name}"
    user.groups.add(Group.objects.get(name=name))
    StaffMembership.objects.create(user=user, commune=commune)
    return user


def signed_in(client, user):
    return verify_session(client, user)


def show(source, commune, model, user=None):
    parent = home_of(commune) if model is HomePage else child(commune, model)
    user = user or make_staff(f"su-{commune.pk}-{source.pk}", superuser=True)
    with communes.activated(commune):
        return library.show_on_site(source, parent, user)


# --- the library is nobody's site -----------------------------------------------------------


def test_the_library_is_served_on_no_host(client, lib, lib_news):
    for host in (A_HOST, B_HOST):
        for path in (f"/{lib.slug}/", f"/{lib.slug}/encombrants/", "/encombrants/"):
            assert client.get(path, HTTP_HOST=host).status_code == 404, (host, path)
    assert lib_news.url is None


def test_library_editors_edit_the_library_only(lib, lib_news, commune_a, commune_b):
    writer = make_staff("biblio")
    writer.groups.add(Group.objects.get(name=LIBRARY_EDITORS))
    assert lib_news.permissions_for_user(writer).can_publish()
    assert lib.permissions_for_user(writer).can_add_subpage()
    for commune in (commune_a, commune_b):
        assert not home_of(commune).permissions_for_user(writer).can_edit()
        assert not child(commune, NewsIndexPage).permissions_for_user(writer).can_add_subpage()


def test_commune_editors_cannot_edit_the_library(client, lib, lib_news, commune_b):
    user = editor(commune_b, "com-b")
    assert not lib_news.permissions_for_user(user).can_edit()
    assert not lib.permissions_for_user(user).can_add_subpage()
    signed_in(client, user)
    response = client.get(f"/cms/pages/{lib_news.pk}/edit/", HTTP_HOST=B_HOST)
    assert response.status_code in (302, 403)
    # The library's list is theirs to read, with the button to show a page.
    body = client.get("/cms/bibliotheque/", HTTP_HOST=B_HOST).content.decode()
    assert "Collecte des encombrants" in body and "Afficher sur notre site" in body


def test_contributors_who_cannot_publish_do_not_show_library_pages(client, lib_news, commune_b):
    user = editor(commune_b, "redac-b", WEB_CONTRIBUTORS)
    signed_in(client, user)
    response = client.get(f"/cms/bibliotheque/{lib_news.pk}/afficher/", HTTP_HOST=B_HOST)
    assert response.status_code in (302, 403)


# --- showing a library page on a commune's site --------------------------------------------


def test_show_on_site_makes_an_alias_in_the_communes_tree(client, lib_news, commune_a, commune_b):
    user = editor(commune_b, "com-b")
    signed_in(client, user)
    url = f"/cms/bibliotheque/{lib_news.pk}/afficher/"
    form = client.get(url, HTTP_HOST=B_HOST).content.decode()
    b_news = child(commune_b, NewsIndexPage)
    a_news = child(commune_a, NewsIndexPage)
    assert f'value="{b_news.pk}"' in form and f'value="{a_news.pk}"' not in form
    # Another commune's place is refused with a message, nothing is made.
    response = client.post(url, {"parent": a_news.pk}, HTTP_HOST=B_HOST)
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Page.objects.filter(alias_of=lib_news).exists()
    response = client.post(url, {"parent": b_news.pk}, HTTP_HOST=B_HOST)
    assert response.status_code == 302
    alias = Page.objects.get(alias_of=lib_news)
    assert alias.get_parent().pk == b_news.pk and alias.live
    # Shown once per commune.
    response = client.post(url, {"parent": b_news.pk}, HTTP_HOST=B_HOST)
    assert Page.objects.filter(alias_of=lib_news).count() == 1
    # The news list of B shows it; A's does not.
    b_list = client.get("/actualites/", HTTP_HOST=B_HOST).content.decode()
    assert "Collecte des encombrants" in b_list
    assert "Collecte des encombrants" not in client.get("/actualites/").content.decode()
    assert client.get("/actualites/encombrants/", HTTP_HOST=B_HOST).status_code == 200
    assert client.get("/actualites/encombrants/").status_code == 404


def test_publishing_the_library_page_updates_every_alias(client, lib_news, commune_a, commune_b):
    aliases = [show(lib_news, commune, NewsIndexPage) for commune in (commune_a, commune_b)]
    lib_news.intro = "Nouvelle date : la collecte passe le 19 mars."
    lib_news.save_revision().publish()
    for alias in aliases:
        alias.refresh_from_db()
        assert alias.intro == "Nouvelle date : la collecte passe le 19 mars."
    for host in (A_HOST, B_HOST):
        body = client.get("/actualites/encombrants/", HTTP_HOST=host).content.decode()
        assert "19 mars" in body, host


def test_a_library_procedure_shows_each_communes_fees(client, lib, commune_a, commune_b):
    kind = "composition-menage"
    # Each commune shows the library's procedure instead of its own page for that document.
    for commune in (commune_a, commune_b):
        ProcedurePage.objects.descendant_of(home_of(commune)).filter(kind=kind).delete()
    source = _add(lib, ProcedurePage(title="Composition de ménage", slug=kind, kind=kind))
    KindSettings.objects.filter(kind=kind, commune=commune_a).update(base_fee=Decimal("2.00"))
    KindSettings.objects.filter(kind=kind, commune=commune_b).update(base_fee=Decimal("7.50"))
    for commune in (commune_a, commune_b):
        show(source, commune, ProcedureIndexPage)
    a_body = client.get(f"/demarches/{kind}/").content.decode()
    b_body = client.get(f"/demarches/{kind}/", HTTP_HOST=B_HOST).content.decode()
    assert "2,00 € par exemplaire" in a_body and "7,50" not in a_body
    assert "7,50 € par exemplaire" in b_body and "2,00 €" not in b_body


def test_a_commune_with_its_own_procedure_for_the_document_is_told(lib, commune_b):
    kind = "composition-menage"
    source = _add(lib, ProcedurePage(title="Composition de ménage", slug=kind, kind=kind))
    with pytest.raises(library.ValidationError, match="déjà une démarche"):
        show(source, commune_b, ProcedureIndexPage)


# --- adapting (copy) and the notice when the library changes --------------------------------


def _adapt_through_wagtail(client, user, alias, host):
    signed_in(client, user)
    response = client.post(f"/cms/pages/{alias.pk}/convert_alias/", HTTP_HOST=host)
    assert response.status_code == 302
    alias.refresh_from_db()
    assert alias.alias_of_id is None
    return LibraryCopy.objects.get(page=alias)


def test_converting_an_alias_records_the_library_text_it_was_based_on(client, lib_news, commune_b):
    alias = show(lib_news, commune_b, NewsIndexPage)
    copy = _adapt_through_wagtail(client, editor(commune_b, "com-b"), alias, B_HOST)
    assert copy.source_id == lib_news.pk
    assert copy.based_on_id == lib_news.live_revision_id
    assert not copy.pending


def test_the_overriding_commune_only_is_told_when_the_library_changes(
    client, lib_news, commune_a, commune_b
):
    show(lib_news, commune_a, NewsIndexPage)  # A keeps the alias
    alias_b = show(lib_news, commune_b, NewsIndexPage)
    user_b = editor(commune_b, "com-b")
    user_a = editor(commune_a, "com-a")
    copy = _adapt_through_wagtail(client, user_b, alias_b, B_HOST)
    page_b = NewsPage.objects.get(pk=alias_b.pk)
    page_b.intro = "À Mont-Clair, dépôt rue du Moulin dès 7 h."
    page_b.save_revision().publish()
    # Republishing the same text tells nobody.
    lib_news.save_revision().publish()
    copy.refresh_from_db()
    assert not copy.pending
    # A new text: B's copy is marked, B's text stays.
    lib_news.intro = "La collecte passe désormais le 19 mars."
    lib_news.save_revision().publish()
    copy.refresh_from_db()
    assert copy.pending
    page_b.refresh_from_db()
    assert page_b.intro == "À Mont-Clair, dépôt rue du Moulin dès 7 h."
    notice = (
        "La page de la bibliothèque « Collecte des encombrants » a changé depuis votre adaptation"
    )
    signed_in(client, user_b)
    dashboard = client.get("/cms/", HTTP_HOST=B_HOST).content.decode()
    assert notice in dashboard
    assert "intercommunale (1)" in dashboard  # the menu's count (JSON of the sidebar)
    edit = client.get(f"/cms/pages/{page_b.pk}/edit/", HTTP_HOST=B_HOST).content.decode()
    assert notice in edit
    details = client.get(f"/cms/bibliotheque/copies/{copy.pk}/", HTTP_HOST=B_HOST)
    assert "La collecte passe désormais le 19 mars." in details.content.decode()
    # A's editors hear nothing and cannot reach B's copy.
    signed_in(client, user_a)
    assert notice not in client.get("/cms/").content.decode()
    assert client.get(f"/cms/bibliotheque/copies/{copy.pk}/").status_code == 404
    assert client.post(f"/cms/bibliotheque/copies/{copy.pk}/vu/").status_code == 404
    # B marks it seen: the notice goes, their text stays.
    signed_in(client, user_b)
    response = client.post(f"/cms/bibliotheque/copies/{copy.pk}/vu/", HTTP_HOST=B_HOST)
    assert response.status_code == 302
    copy.refresh_from_db()
    assert not copy.pending
    assert notice not in client.get("/cms/", HTTP_HOST=B_HOST).content.decode()


def test_taking_the_library_text_again_makes_the_copy_an_alias(client, lib_news, commune_b):
    alias = show(lib_news, commune_b, NewsIndexPage)
    user = editor(commune_b, "com-b")
    copy = _adapt_through_wagtail(client, user, alias, B_HOST)
    page = NewsPage.objects.get(pk=alias.pk)
    page.intro = "Texte local"
    page.save_revision().publish()
    response = client.post(f"/cms/bibliotheque/copies/{copy.pk}/reprendre/", HTTP_HOST=B_HOST)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.alias_of_id == lib_news.pk and page.intro == lib_news.intro
    assert not LibraryCopy.objects.filter(pk=copy.pk).exists()
    lib_news.intro = "Encore un autre texte."
    lib_news.save_revision().publish()
    page.refresh_from_db()
    assert page.intro == "Encore un autre texte."


def test_adapt_button_on_the_alias_makes_a_copy(client, lib_news, commune_a, commune_b):
    alias = show(lib_news, commune_b, NewsIndexPage)
    user_a = editor(commune_a, "com-a")
    signed_in(client, user_a)
    assert client.post(f"/cms/bibliotheque/adapter/{alias.pk}/").status_code == 404
    user = editor(commune_b, "com-b")
    signed_in(client, user)
    edit = client.get(f"/cms/pages/{alias.pk}/edit/", HTTP_HOST=B_HOST).content.decode()
    assert "Adapter pour notre commune" in edit
    response = client.post(f"/cms/bibliotheque/adapter/{alias.pk}/", HTTP_HOST=B_HOST)
    assert response.status_code == 302
    assert LibraryCopy.objects.get(page_id=alias.pk).source_id == lib_news.pk


# --- search and listings --------------------------------------------------------------------


def test_search_finds_the_library_pages_a_commune_shows_and_nothing_else(
    client, lib_news, lib_other, commune_a, commune_b
):
    show(lib_news, commune_b, NewsIndexPage)
    show(lib_other, commune_a, HomePage)
    b = client.get("/recherche/", {"q": "encombrants"}, HTTP_HOST=B_HOST).content.decode()
    a = client.get("/recherche/", {"q": "encombrants"}).content.decode()
    assert "Collecte des encombrants" in b
    assert "Collecte des encombrants" not in a
    a = client.get("/recherche/", {"q": "isolation"}).content.decode()
    b = client.get("/recherche/", {"q": "isolation"}, HTTP_HOST=B_HOST).content.decode()
    assert "Prime isolation wallonne" in a
    assert "Prime isolation wallonne" not in b


def test_a_single_commune_never_lists_the_library(client, commune_a):
    root = library.ensure_library()
    communes.forget()
    _add(root, NewsPage(title="Collecte des encombrants", slug="encombrants", intro="Collecte"))
    body = client.get("/recherche/", {"q": "encombrants"}).content.decode()
    assert "Collecte des encombrants" not in body


def test_works_and_agenda_list_the_aliases_the_commune_shows(client, lib, commune_a, commune_b):
    today = timezone.localdate()
    notice = _add(
        lib,
        WorksNoticePage(
            title="Réfection de la N63",
            slug="n63",
            nature="road",
            streets="N63",
            start_date=today - datetime.timedelta(days=1),
            end_date=today + datetime.timedelta(days=30),
        ),
    )
    event = _add(
        lib,
        EventPage(
            title="Journée intercommunale du compost",
            slug="compost",
            category="nature",
            summary="Des conseils pour composter chez soi.",
            address="Parc communal",
            start_date=today + datetime.timedelta(days=5),
        ),
    )
    show(notice, commune_b, WorksIndexPage)
    show(event, commune_b, AgendaIndexPage)
    for path, title in (("/travaux/", "Réfection de la N63"), ("/agenda/", "compost")):
        assert title in client.get(path, HTTP_HOST=B_HOST).content.decode(), path
        assert title not in client.get(path).content.decode(), path


def test_a_library_works_notice_alerts_the_streets_of_the_communes_showing_it(
    lib, commune_a, commune_b, monkeypatch, django_capture_on_commit_callbacks
):
    from pages import alerts
    from pages.models import AlertSubscription, AlertSubscriptionStreet

    subscribers = {}
    for commune in (commune_a, commune_b):
        with communes.activated(commune):
            row = AlertSubscription.objects.create(
                email=f"n63@{commune.slug}.example", confirmed_at=timezone.now()
            )
        AlertSubscriptionStreet.objects.create(subscription=row, name="N63", key="n63")
        subscribers[commune.slug] = row.pk
    queued = []
    monkeypatch.setattr(alerts, "_enqueue", lambda kind, **ids: queued.append(ids))
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        notice = _add(
            lib,
            WorksNoticePage(
                title="Réfection de la N63",
                slug="n63",
                nature="road",
                streets="N63",
                start_date=today,
                end_date=today + datetime.timedelta(days=30),
            ),
        )
    assert queued == []  # the library's own notice is nobody's street
    with django_capture_on_commit_callbacks(execute=True):
        show(notice, commune_b, WorksIndexPage)
        notice.title = "Réfection de la N63 (phase 2)"
        notice.save_revision().publish()
    assert {ids["subscription_id"] for ids in queued} == {subscribers[commune_b.slug]}


def test_deleting_a_library_page_leaves_each_commune_its_own_page(client, lib_news, commune_b):
    alias = show(lib_news, commune_b, NewsIndexPage)
    Page.objects.get(pk=lib_news.pk).delete()
    page = Page.objects.get(pk=alias.pk)
    assert page.alias_of_id is None and page.live
    assert page.latest_revision_id is not None  # editable like any page of theirs
    assert client.get("/actualites/encombrants/", HTTP_HOST=B_HOST).status_code == 200
