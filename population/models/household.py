from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guichet.communes import commune_field, scoped_manager
from population.constants import HouseholdRelation


class Household(models.Model):
    commune = commune_field()
    code = models.CharField(
        _("numéro de ménage"), max_length=20, help_text=_("Clé naturelle (imports).")
    )
    address = models.ForeignKey(
        "population.Address",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("adresse de résidence principale"),
    )
    reference_person = models.ForeignKey(
        "population.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personne de référence"),
    )

    objects = scoped_manager()

    class Meta:
        verbose_name = _("ménage")
        verbose_name_plural = _("ménages")
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="household_code_unique")
        ]

    def __str__(self):
        return self.code


class MembershipQuerySet(models.QuerySet):
    def on(self, day):
        return self.filter(Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day))


class Membership(models.Model):
    """A person's registration in a household, from one date to another."""

    person = models.ForeignKey(
        "population.Person",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("personne"),
    )
    household = models.ForeignKey(
        "population.Household",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("ménage"),
    )
    relationship = models.CharField(
        _("lien avec la personne de référence"), max_length=12, choices=HouseholdRelation.choices
    )
    start_date = models.DateField(_("inscrit depuis le"))
    end_date = models.DateField(_("jusqu'au"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membre du ménage")
        verbose_name_plural = _("membres du ménage")
        ordering = ["start_date"]
        indexes = [models.Index(fields=["person", "start_date"], name="membership_person_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_dates_ordered",
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.household}"
