from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CpasConfig(AppConfig):
    name = "cpas"
    verbose_name = _("CPAS")
    default_auto_field = "django.db.models.BigAutoField"
