"""/recherche/ finds pages, procedures, news, works and CPAS pages; accents do not matter."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("composition", "Composition de ménage"),  # procedure
        ("sapins", "Collecte des sapins de Noël"),  # news
        ("conduite", "Remplacement de la conduite d&#x27;eau chemin des Prés"),  # works
        ("médiation", "Médiation de dettes et guidance budgétaire"),  # CPAS service
        ("recyparc", "Déchets et propreté"),  # standard page, found by its body
    ],
)
def test_search_covers_every_section(client, demo_site, query, expected):
    body = client.get("/recherche/", {"q": query}).content.decode()
    assert expected in body, query


@pytest.mark.parametrize("query", ["egouttage", "ÉGOUTTAGE", "mediation"])
def test_accents_and_case_are_ignored(client, demo_site, query):
    body = client.get("/recherche/", {"q": query}).content.decode()
    assert "Aucun résultat" not in body, query


def test_unknown_words_say_so_in_french(client, demo_site):
    body = client.get("/recherche/", {"q": "zzxqv"}).content.decode()
    assert "0 résultat" in body and "Aucun résultat" in body


def test_empty_search_shows_the_form(client):
    response = client.get("/recherche/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_drafts_are_not_found(client, home):
    from pages.models import StandardPage

    page = StandardPage(title="Projet confidentiel", slug="projet", live=False)
    home.add_child(instance=page)
    page.save_revision()
    body = client.get("/recherche/", {"q": "confidentiel"}).content.decode()
    assert "Projet confidentiel" not in body
