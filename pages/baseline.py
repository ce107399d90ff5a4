"""The minimal page tree the site needs: Wagtail's root, the home page and the default site.

Migration 0002 creates them in a real database; tests that flush the database (live-server
browser tests) call ensure_home_page() to get them back.
"""

from django.db import transaction
from wagtail.models import Locale, Page, Site

from guichet import communes
from pages.models import HomePage


@transaction.atomic
def ensure_home_page():
    home = HomePage.objects.first()
    if home is None:
        locale, _ = Locale.objects.get_or_create(language_code="fr")
        root = Page.get_first_root_node()
        if root is None:
            root = Page.add_root(title="Root", slug="root", locale=locale)
        home = root.add_child(
            instance=HomePage(title="Accueil", slug="accueil", locale=locale, live=True)
        )
    site, _created = Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "e-guichet"},
    )
    # The first commune's website is the default site (guichet.communes).
    commune = communes.home()
    if commune.site_id is None:
        commune.site = site
        commune.save(update_fields=["site"])
        communes.forget()
    return home
