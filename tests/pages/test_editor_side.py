"""The editors' side of Wagtail speaks for the commune: its name and logo instead of
Wagtail's bird, French that reads right, ASCII slugs."""

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext
from wagtail.models import Page

from pages.models import HomePage, StandardPage
from pages.roles import COMMUNICATION

pytestmark = pytest.mark.django_db


def test_the_admin_shows_the_commune_not_wagtail(cms_client, demo_site, settings):
    client, _user = cms_client(COMMUNICATION)
    body = client.get("/cms/").content.decode()
    name = settings.COMMUNE["name"]
    assert f"<title>Tableau de bord - {name} – espace d'édition</title>" in body
    assert "commune-admin-logo" in body
    assert f'alt="{name}"' in body
    assert "wagtailadmin/images/favicon.ico" not in body
    # The dashboard's page count reads as French.
    assert "crées" not in body
    assert 'pages <span class="w-sr-only">créées dans' in body
    assert "0 image <span" in body and "0 document <span" in body


def test_wagtail_login_page_names_the_commune(client, settings, db):
    body = client.get("/cms/login/", follow=True).content.decode()
    assert "Sign in to Wagtail" not in body and "Se connecter à Wagtail" not in body


@pytest.mark.parametrize(
    ("msgid", "expected"),
    [
        ("Hello %(username)s,", "Bonjour %(username)s,"),
        (
            'The page "%(title)s" has been submitted for moderation to workflow '
            '"%(workflow)s" by %(requester)s.',
            "%(requester)s a soumis la page « %(title)s » au circuit de validation "
            "« %(workflow)s ».",
        ),
    ],
)
def test_our_french_overrides_win_over_wagtails_catalogue(msgid, expected):
    with translation.override("fr"):
        assert gettext(msgid) == expected


def test_the_page_count_is_spelt_right():
    singular = '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>'
    plural = '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>'
    with translation.override("fr"):
        assert ngettext(singular, plural, 36).startswith("%(total)s pages")
        assert "créées dans" in ngettext(singular, plural, 36)
        assert "créée dans" in ngettext(singular, plural, 1)


def test_moderation_emails_say_bonjour(settings):
    from django.contrib.auth.models import User
    from django.template.loader import render_to_string

    with translation.override("fr"):
        text = render_to_string(
            "wagtailadmin/notifications/base.txt", {"user": User(first_name="Alix")}
        )
    assert "Bonjour Alix," in text and "Salut" not in text


def test_moderation_emails_open_with_the_commune_name(settings):
    from django.conf import settings as django_settings
    from django.contrib.auth.models import User
    from django.template.loader import render_to_string

    html = render_to_string(
        "wagtailadmin/notifications/base.html",
        {"settings": django_settings, "user": User(first_name="Alix")},
    )
    assert settings.WAGTAIL_SITE_NAME in html
    assert "email-header.jpg" not in html


def test_slugs_made_from_titles_are_ascii(demo_site):
    home = HomePage.objects.get()
    page = StandardPage(title="Rénovation de la rue du Moulin", intro="Travaux.")
    home.add_child(instance=page)
    assert page.slug == "renovation-de-la-rue-du-moulin"


def test_the_admin_makes_ascii_slugs_from_titles(cms_client, demo_site):
    """The slug field of the page editor slugifies the title in the browser, without
    accents (Wagtail's slug widget reads WAGTAIL_ALLOW_UNICODE_SLUGS)."""
    client, _user = cms_client(COMMUNICATION)
    home = HomePage.objects.get()
    body = client.get(f"/cms/pages/add/pages/standardpage/{home.pk}/").content.decode()
    assert "data-w-slug-title" in body or "w-slug" in body
    # Django leaves a False attribute out; with unicode allowed it would be present.
    assert "data-w-slug-allow-unicode-value" not in body


def test_every_demo_page_has_an_ascii_slug(demo_site):
    slugs = list(Page.objects.values_list("slug", flat=True))
    assert slugs and all(slug.isascii() for slug in slugs)
