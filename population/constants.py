from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "F", _("Féminin")
    MALE = "M", _("Masculin")
    OTHER = "X", _("X")


class HouseholdRelation(models.TextChoices):
    """Relationship to the household's reference person, as the population register says it."""

    REFERENCE = "reference", _("Personne de référence")
    SPOUSE = "spouse", _("Conjoint(e)")
    PARTNER = "partner", _("Cohabitant(e) légal(e)")
    CHILD = "child", _("Fils ou fille")
    STEPCHILD = "stepchild", _("Beau-fils ou belle-fille")
    GRANDCHILD = "grandchild", _("Petit-fils ou petite-fille")
    PARENT = "parent", _("Père ou mère")
    SIBLING = "sibling", _("Frère ou sœur")
    OTHER_RELATIVE = "relative", _("Autre parent")
    UNRELATED = "unrelated", _("Sans lien de parenté")
