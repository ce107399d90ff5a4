from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EtatcivilConfig(AppConfig):
    name = "etatcivil"
    verbose_name = _("État civil")
    default_auto_field = "django.db.models.BigAutoField"
    demo_steps = [(30, "etatcivil.demo.seed_demo_acts")]
    demo_staff = "etatcivil.demo.DEMO_STAFF"
    roles = "etatcivil.roles.ROLES"

    def ready(self):
        import etatcivil.audit  # noqa: F401  (registers its audit actions)
        from etatcivil import refusals as etatcivil_refusals
        from guichet import refusals

        refusals.register(etatcivil_refusals.MESSAGES)
