"""Open Graph / Twitter-card metadata and share links, "Cette page vous a-t-elle aidé ?"
(form, rate limit, report in /cms/) and the accessibility statement (EU model)."""

import pytest

from pages.models import AccessibilityStatement, PageFeedback
from pages.sites import current_site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    cache.clear()


def test_works_notice_has_open_graph_tags_and_share_links_without_scripts(client, make_notice):
    notice = make_notice("gare", streets="rue de la Gare")
    body = client.get(notice.url).content.decode()
    assert '<meta property="og:title" content="Chantier gare">' in body
    assert '<meta property="og:type" content="article">' in body
    assert f'<meta property="og:url" content="http://testserver{notice.url}">' in body
    assert '<meta property="og:image" content="http://testserver/' in body
    assert '<meta name="twitter:card" content="summary">' in body
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver" in body
    assert "https://www.linkedin.com/sharing/share-offsite/?url=" in body
    assert "https://x.com/intent/tweet?url=" in body
    assert "mailto:?subject=Chantier%20gare" in body
    assert "facebook.net" not in body and "platform.twitter" not in body
    assert "<script>" not in body


def test_news_page_has_open_graph_tags(client, demo_site):
    from pages.models import NewsPage

    news = NewsPage.objects.live().first()
    body = client.get(news.url).content.decode()
    assert '<meta property="og:type" content="article">' in body
    assert "og:description" in body and "article:published_time" in body
    assert "Partager cette page" in body


def _post_feedback(client, page, **data):
    return client.post("/avis/", {"page": str(page.pk), **data})


def test_feedback_form_on_content_pages_is_stored_per_page(client, make_notice):
    notice = make_notice("gare")
    body = client.get(notice.url).content.decode()
    assert "Cette page vous a-t-elle aidé ?" in body
    assert "aucune donnée personnelle" in body
    assert 'name="csrfmiddlewaretoken"' not in body.split('id="avis"')[1]
    response = _post_feedback(client, notice, helpful="non", comment="Il manque la déviation.")
    assert response.status_code == 200
    assert "Merci pour votre avis" in response.content.decode()
    _post_feedback(client, notice, helpful="oui")
    assert PageFeedback.objects.filter(page=notice, helpful=False).count() == 1
    assert PageFeedback.objects.filter(page=notice, helpful=True).count() == 1


def test_feedback_errors_keep_the_comment_and_unknown_pages_are_404(client, make_notice):
    notice = make_notice("gare")
    response = _post_feedback(client, notice, comment="Texte gardé")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Répondez « Oui » ou « Non »." in body and "Texte gardé" in body
    too_long = _post_feedback(client, notice, helpful="oui", comment="x" * 1001)
    assert too_long.status_code == 400
    assert client.post("/avis/", {"page": "999999", "helpful": "oui"}).status_code == 404
    assert client.post("/avis/", {"page": "abc", "helpful": "oui"}).status_code == 404
    assert not PageFeedback.objects.exists()


def test_feedback_is_rate_limited(client, make_notice, settings):
    settings.WEBSITE_FEEDBACK_RATE_LIMIT = 2
    notice = make_notice("gare")
    for _ in range(2):
        assert _post_feedback(client, notice, helpful="oui").status_code == 200
    refused = _post_feedback(client, notice, helpful="non", comment="gardé")
    assert refused.status_code == 429
    assert "gardé" in refused.content.decode()
    assert PageFeedback.objects.count() == 2


def test_the_report_shows_counts_and_comments_to_communication_only(
    client, make_notice, cms_client
):
    from pages.roles import COMMUNICATION, WEB_CONTRIBUTORS

    notice = make_notice("gare")
    for helpful, comment in [(True, ""), (True, ""), (False, "Plan illisible")]:
        PageFeedback.objects.create(page=notice, helpful=helpful, comment=comment)
    staff, _user = cms_client(COMMUNICATION)
    report = staff.get("/cms/avis/").content.decode()
    assert "Chantier gare" in report
    assert '<td data-count="yes">2</td><td data-count="no">1</td>' in report
    detail = staff.get(f"/cms/avis/{notice.pk}/").content.decode()
    assert "Plan illisible" in detail
    assert "Avis des visiteurs" in staff.get("/cms/").content.decode()
    client.logout()
    writer, _user = cms_client(WEB_CONTRIBUTORS, username="redac")
    assert writer.get("/cms/avis/").status_code in (302, 403)


def test_statement_follows_the_eu_model(client, commit):
    body = client.get("/accessibilite/").content.decode()
    for heading in (
        "État de conformité",
        "Contenus non accessibles",
        "Non-conformité",
        "Charge disproportionnée",
        "Contenus hors du champ de la législation applicable",
        "Établissement de cette déclaration d'accessibilité",
        "Retour d'information et coordonnées",
        "Procédure de mise en œuvre (voies de recours)",
    ):
        assert heading in body, heading
    assert "partiellement conforme" in body and "WCAG" in body
    assert "Médiateur" in body and "0800 19 199" in body
    statement = AccessibilityStatement.for_site(current_site())
    statement.conformity = "full"
    statement.save()
    assert "totalement conforme" in client.get("/accessibilite/").content.decode()
