from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Site communal")
    default_auto_field = "django.db.models.BigAutoField"
    # The website and the CPAS mini-site (pages.demo.seed_website seeds both).
    demo_steps = [
        (20, "pages.demo.seed_demo_website"),
        (90, "pages.demo_mont_clair.seed_mont_clair"),
        (95, "pages.demo_library.seed_library"),
    ]
    demo_staff = "pages.demo.DEMO_STAFF"
    roles = "pages.roles.ROLES"

    def ready(self):
        from guichet.i18n import register_offered_languages
        from guichet.retention import register_purge
        from guichet.workdays import register_closure_day_source
        from pages import alerts, languages, signals
        from pages.closures import closure_days
        from pages.structure import ensure_site_structure_after_migrate

        signals.connect()
        # The commune's closure days are not working days for the e-guichet's delays.
        register_closure_day_source(closure_days)
        # A first visitor is offered their browser's language only where the site offers it.
        register_offered_languages(languages.content_languages)
        # Works alert subscriptions not renewed for a year are erased by purge_expired.
        register_purge(alerts.PURGE_LABEL, alerts.purge_subscriptions)
        post_migrate.connect(
            ensure_site_structure_after_migrate, dispatch_uid="pages.ensure_site_structure"
        )
