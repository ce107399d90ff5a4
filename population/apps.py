from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PopulationConfig(AppConfig):
    name = "population"
    verbose_name = _("Population")
    default_auto_field = "django.db.models.BigAutoField"
    # seed_demo: the register and its citizens first, criminal records after the birth acts.
    demo_steps = [
        (10, "population.demo.seed_demo_register"),
        (40, "population.demo.seed_demo_records"),
    ]
    # seed_demo --scale-persons: the register at the size of a region (guichet.scale).
    scale_steps = [(10, "population.scale.seed_register")]
    demo_people = "population.demo.living_people"
    demo_staff = "population.demo.DEMO_STAFF"
    roles = "population.roles.ROLES"
