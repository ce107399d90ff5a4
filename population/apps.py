from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PopulationConfig(AppConfig):
    name = "population"
    verbose_name = _("Population")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from guichet.kinds import registry
        from population.kinds.criminal_record import CriminalRecordKind
        from population.kinds.household import HouseholdCompositionKind

        registry.register(HouseholdCompositionKind())
        registry.register(CriminalRecordKind())
