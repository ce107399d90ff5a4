from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CpasConfig(AppConfig):
    name = "cpas"
    verbose_name = _("CPAS")
    default_auto_field = "django.db.models.BigAutoField"
    # The CPAS pages themselves are seeded by pages.demo, with the website.
    demo_staff = "cpas.demo.DEMO_STAFF"
    roles = "cpas.roles.ROLES"
