from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class GuichetConfig(AppConfig):
    name = "guichet"
    verbose_name = _("Guichet")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from guichet import i18n  # noqa: F401 - connects the staff sign-in receiver
        from guichet.kinds import sync_kind_settings
        from guichet.payments import checks  # noqa: F401  (registers the account's checks)
        from guichet.roles import sync_role_permissions
        from guichet.row_security import apply_after_migrate

        # Each app registers its document kinds in its `kinds` module; importing them all here
        # is the only way the core learns of them.
        autodiscover_modules("kinds")

        # Permissions of every app exist only after migrate has run (Django creates them in
        # each app's post_migrate), so the groups' permissions are re-synced after each app's,
        # idempotently. Kind settings only need our own tables.
        post_migrate.connect(sync_role_permissions, dispatch_uid="guichet.sync_roles")
        post_migrate.connect(sync_kind_settings, sender=self, dispatch_uid="guichet.sync_kinds")
        # PostgreSQL row-level security on the fenced tables (guichet.row_security).
        post_migrate.connect(apply_after_migrate, dispatch_uid="guichet.row_security")
