"""/recherche/ as the commune's data hub: documents to order, events (upcoming first),
associations, pages, grouped by type; synonyms edited in /cms/."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from pages import search
from pages.models import AgendaIndexPage, Association, EventPage, SearchSynonym, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_event(db):
    index = AgendaIndexPage.objects.get()

    def _make(title, *, days=3, **fields):
        start = timezone.localdate() + datetime.timedelta(days=days)
        values = {
            "category": "concert",
            "summary": f"{title} : une soirée.",
            "start_date": start,
            "place_name": "Salle communale",
            "address": "Place Communale 1, 5999 Val-des-Sources",
        }
        values.update(fields)
        event = EventPage(title=title, **values)
        index.add_child(instance=event)
        event.save_revision().publish()
        return event

    return _make


def _section(body, kind):
    start = body.index(f'id="results-{kind}"')
    return body[start : body.index("</section>", start)]


# --- documents of the counter ---


def test_documents_to_order_are_found_with_their_order_link(client):
    body = client.get("/recherche/", {"q": "casier judiciaire"}).content.decode()
    documents = _section(body, "documents")
    assert "Documents à commander en ligne" in documents
    assert "Extrait de casier judiciaire" in documents
    assert f'href="{reverse("guichet:order", args=["casier-judiciaire"])}"' in documents


def test_documents_ignore_accents_and_case(client):
    body = client.get("/recherche/", {"q": "MENAGE"}).content.decode()
    assert "Composition de ménage" in _section(body, "documents")


def test_a_kind_not_offered_online_is_not_proposed(client):
    from guichet.models import KindSettings

    KindSettings.objects.filter(kind="casier-judiciaire").update(active=False)
    assert search.search_documents("casier") == []


# --- events and associations ---


def test_events_upcoming_first_then_past_most_recent_first(make_event):
    make_event("Bal de la Saint-Jean", days=-40)
    make_event("Bal des pompiers", days=20)
    make_event("Bal masqué", days=2)
    make_event("Bal d'automne", days=-3)
    rows = search.search_events("bal")
    assert [row.event.title for row in rows] == [
        "Bal masqué",
        "Bal des pompiers",
        "Bal d'automne",
        "Bal de la Saint-Jean",
    ]
    assert [row.upcoming for row in rows] == [True, True, False, False]


def test_events_are_grouped_and_past_ones_labelled(client, make_event):
    make_event("Brocante du printemps", days=-10)
    make_event("Brocante d'été", days=10)
    body = client.get("/recherche/", {"q": "brocante"}).content.decode()
    agenda = _section(body, "agenda")
    assert agenda.index("Brocante d&#x27;été") < agenda.index("Brocante du printemps")
    assert agenda.count("Événement passé") == 1
    assert 'id="results-pages"' not in body  # events are not listed twice among pages


def test_published_associations_only(client):
    Association.objects.create(
        name="Club de pétanque", category="sport", email="a@example.test", published=True
    )
    Association.objects.create(
        name="Pétanque clandestine", category="sport", email="b@example.test", published=False
    )
    body = client.get("/recherche/", {"q": "petanque"}).content.decode()
    section = _section(body, "associations")
    assert "Club de pétanque" in section and "/associations/club-de-petanque/" in section
    assert "clandestine" not in body


def test_the_count_is_announced_and_groups_are_headings(client, make_event):
    Association.objects.create(
        name="Harmonie royale", category="culture", email="h@example.test", published=True
    )
    make_event("Concert de l'harmonie", days=5)
    body = client.get("/recherche/", {"q": "harmonie"}).content.decode()
    assert '<p class="results-count" role="status">2 résultats pour « harmonie »' in body
    assert '<h2 id="results-agenda">Agenda' in body
    assert '<h2 id="results-associations">Associations' in body
    assert '<h3 class="search-results__title">' in body
    assert 'aria-label="Résultats par type"' in body


def test_one_type_alone_is_paginated(client, make_event):
    for n in range(12):
        make_event(f"Atelier vannerie {n}", days=n + 1)
    overview = client.get("/recherche/", {"q": "vannerie"}).content.decode()
    assert overview.count('class="search-results__title"') == search_overview_size()
    assert "type=agenda" in overview and "Voir les 12 résultats" in overview
    first = client.get("/recherche/", {"q": "vannerie", "type": "agenda"}).content.decode()
    assert first.count('class="search-results__title"') == 10
    assert "<title>Recherche : vannerie — Agenda" in first
    second = client.get(
        "/recherche/", {"q": "vannerie", "type": "agenda", "page": 2}
    ).content.decode()
    assert second.count('class="search-results__title"') == 2


def search_overview_size():
    from pages.views import SEARCH_OVERVIEW_SIZE

    return SEARCH_OVERVIEW_SIZE


def test_an_unknown_type_shows_everything(client):
    response = client.get("/recherche/", {"q": "casier", "type": "<script>"})
    assert response.status_code == 200
    assert "&lt;script&gt;" not in response.content.decode()


# --- synonyms ---


def test_parse_groups_a_synonym_with_its_targets(db):
    SearchSynonym.objects.create(term="carte d'identité", targets="eID")
    terms = search.parse("Carte d'IDENTITE perdue")
    assert terms.groups == [[("Carte", "d", "IDENTITE"), ("eID",)], [("perdue",)]]
    assert terms.synonyms == [("carte d'identité", ["eID"])]


def test_a_synonym_finds_the_target_words(client, home):
    page = StandardPage(title="Déchets et propreté", slug="dechets-test")
    home.add_child(instance=page)
    page.save_revision().publish()
    body = client.get("/recherche/", {"q": "poubelles"}).content.decode()
    assert "Déchets et propreté" not in body
    # Saving a synonym in /cms/ counts at once (the cached table follows the content token).
    SearchSynonym.objects.create(term="Poubelles", targets="déchets, collecte")
    body = client.get("/recherche/", {"q": "poubelles"}).content.decode()
    assert "Déchets et propreté" in body
    assert "« Poubelles » : nous cherchons aussi « déchets », « collecte »." in body
    SearchSynonym.objects.all().delete()
    body = client.get("/recherche/", {"q": "poubelles"}).content.decode()
    assert "Déchets et propreté" not in body


def test_a_synonym_works_inside_a_longer_query_and_for_documents(db):
    SearchSynonym.objects.create(term="casier", targets="certificat de bonne vie")
    SearchSynonym.objects.create(term="famille", targets="ménage")
    found = [row.kind.slug for row in search.search_documents("composition famille")]
    assert found == ["composition-menage"]


def test_synonym_form_cleans_targets(db):
    synonym = SearchSynonym(term="  poubelles  ", targets="déchets, , Déchets, collecte")
    synonym.full_clean()
    assert synonym.term == "poubelles"
    assert synonym.targets == "déchets, collecte"
    with pytest.raises(Exception, match="mot à chercher"):
        SearchSynonym(term="x", targets=" , ").full_clean()


def test_demo_seeds_two_synonyms(demo_site, client):
    assert set(SearchSynonym.objects.values_list("term", flat=True)) == {
        "poubelles",
        "carte d'identité",
    }
    body = client.get("/recherche/", {"q": "poubelles"}).content.decode()
    assert "Déchets et propreté" in body


def test_communication_manages_synonyms_in_the_cms(cms_client):
    from pages.roles import COMMUNICATION, WEB_CONTRIBUTORS

    client, user = cms_client(COMMUNICATION)
    assert user.has_perm("pages.add_searchsynonym")
    assert client.get("/cms/snippets/pages/searchsynonym/").status_code == 200
    response = client.post(
        "/cms/snippets/pages/searchsynonym/add/",
        {"term": "eid", "targets": "carte d'identité"},
    )
    assert response.status_code == 302
    assert SearchSynonym.objects.filter(term="eid").exists()
    listing = client.get("/cms/snippets/pages/searchsynonym/", {"q": "eid"})
    assert listing.status_code == 200 and "carte d&#x27;identité" in listing.content.decode()
    _other, contributor = cms_client(WEB_CONTRIBUTORS, username="redac")
    assert not contributor.has_perm("pages.add_searchsynonym")


# --- PostgreSQL ---


@pytest.fixture
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (full-text search with french_unaccent); set DATABASE_URL")


@pytest.mark.postgres
@pytest.mark.usefixtures("_postgres_only")
def test_postgres_synonyms_events_and_associations(client, home, make_event):
    assert search._uses_postgres_fts()
    page = StandardPage(title="Collecte des déchets", slug="collecte-pg")
    home.add_child(instance=page)
    page.save_revision().publish()
    SearchSynonym.objects.create(term="poubelles", targets="déchets")
    make_event("Brocante d'été", days=10)
    make_event("Brocante de printemps", days=-10)
    Association.objects.create(
        name="Amis de la brocante", category="heritage", email="b@example.test"
    )
    assert [p.title for p in search.search_pages("poubelles ramassées")[:10]] == []
    assert [p.title for p in search.search_pages("poubelles")[:10]] == ["Collecte des déchets"]
    assert [p.title for p in search.search_pages("DECHETS")[:10]] == ["Collecte des déchets"]
    rows = search.search_events("brocantes")  # French stemming
    assert [row.event.title for row in rows] == ["Brocante d'été", "Brocante de printemps"]
    assert [a.name for a in search.search_associations("brocante")] == ["Amis de la brocante"]
