from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CpasConfig(AppConfig):
    name = "cpas"
    verbose_name = _("CPAS")
    default_auto_field = "django.db.models.BigAutoField"
    # The CPAS pages themselves are seeded by pages.demo, with the website.
    demo_staff = "cpas.demo.DEMO_STAFF"
    demo_steps = [(25, "cpas.demo.seed_demo_cases")]
    roles = "cpas.roles.ROLES"

    def ready(self):
        from cpas import audit, retention
        from guichet.retention import register_purge

        audit.register()
        register_purge(retention.LABEL, retention.anonymise_closed_cases)
