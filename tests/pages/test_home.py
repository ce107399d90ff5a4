import pytest


@pytest.mark.django_db
def test_home_page_is_served_by_wagtail(client, settings):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="fr">' in body
    assert 'href="#contenu"' in body  # skip link
    assert settings.COMMUNE["name"] in body
    assert "Déclaration d'accessibilité" in body
    assert "Accès rapide" in body


@pytest.mark.django_db
def test_unknown_page_gives_a_french_404(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.django_db
def test_accessibility_statement(client):
    response = client.get("/accessibilite/")
    assert response.status_code == 200
    assert "WCAG" in response.content.decode()
