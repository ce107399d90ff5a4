import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etatcivil.constants import BAEC_START, DEFAULT_COMMUNE
from guichet.communes import commune_field, scoped_manager
from population.constants import Sex


class BirthAct(models.Model):
    """A birth act of the commune's civil-status register, as drawn up (the original data).

    Later changes are marginal mentions; the extract shows the data with the mentions
    applied, the copy the original data followed by every mention.
    """

    # The commune whose register holds the act (the fence); `commune` below is the place
    # named on the act, which an imported register may give as another commune's name.
    fence_field = "register_commune"
    register_commune = commune_field(_("commune du registre"))
    commune = models.CharField(
        _("commune de l'acte"),
        max_length=100,
        default=DEFAULT_COMMUNE,
        help_text=_("Commune dont l'officier de l'état civil a dressé l'acte."),
    )
    year = models.PositiveSmallIntegerField(_("année de l'acte"))
    number = models.PositiveIntegerField(_("numéro de l'acte"))
    registered_on = models.DateField(
        _("date de l'acte"), help_text=_("Date à laquelle l'acte a été dressé.")
    )
    digitised = models.BooleanField(
        _("acte électronique (BAEC)"),
        default=False,
        help_text=_(
            "Décoché : l'acte n'existe que sur papier et doit être numérisé avant toute "
            "délivrance. Les actes dressés depuis le 31 mars 2019 sont toujours électroniques."
        ),
    )
    baec_reference = models.CharField(
        _("référence dans la BAEC"),
        max_length=40,
        blank=True,
        default="",
        help_text=_(
            "Identifiant de l'acte dans la banque de données des actes de l'état civil, "
            "enregistré avec sa numérisation."
        ),
    )
    digitised_at = models.DateTimeField(_("numérisé le"), null=True, blank=True)
    digitised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("numérisé par"),
    )
    person = models.OneToOneField(
        "population.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="birth_act",
        verbose_name=_("personne du registre de la population"),
        help_text=_("Vide lorsque la personne n'est pas (ou plus) connue du registre."),
    )

    last_name = models.CharField(_("nom de l'enfant"), max_length=100)
    first_names = models.CharField(_("prénoms de l'enfant"), max_length=150)
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date de naissance"))
    birth_time = models.TimeField(_("heure de naissance"), null=True, blank=True)
    birth_place = models.CharField(_("lieu de naissance"), max_length=100)

    parent1_last_name = models.CharField(_("nom du premier parent"), max_length=100, blank=True)
    parent1_first_names = models.CharField(
        _("prénoms du premier parent"), max_length=150, blank=True
    )
    parent1_niss = models.CharField(
        _("NISS du premier parent"),
        max_length=11,
        blank=True,
        help_text=_("Sert à vérifier qu'un parent demande l'acte de son enfant mineur."),
    )
    parent2_last_name = models.CharField(_("nom du second parent"), max_length=100, blank=True)
    parent2_first_names = models.CharField(
        _("prénoms du second parent"), max_length=150, blank=True
    )
    parent2_niss = models.CharField(_("NISS du second parent"), max_length=11, blank=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("acte de naissance")
        verbose_name_plural = _("actes de naissance")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["register_commune", "commune", "year", "number"],
                name="birth_act_reference_unique",
            ),
            models.UniqueConstraint(
                fields=["baec_reference"],
                condition=~models.Q(baec_reference=""),
                name="birth_act_baec_reference_unique",
            ),
        ]

    def __str__(self):
        return str(self.reference)

    @property
    def reference(self):
        return _("%(commune)s, acte n° %(number)s de %(year)s") % {
            "commune": self.commune,
            "number": self.number,
            "year": self.year,
        }

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.birth_date and self.birth_date > today:
            errors["birth_date"] = _("La date de naissance ne peut pas être dans le futur.")
        if self.registered_on:
            if self.registered_on > today:
                errors["registered_on"] = _("La date de l'acte ne peut pas être dans le futur.")
            elif self.birth_date and self.registered_on < self.birth_date:
                errors["registered_on"] = _(
                    "L'acte ne peut pas avoir été dressé avant la naissance."
                )
            if self.year and self.registered_on.year != self.year:
                errors["year"] = _(
                    "L'année de l'acte (%(year)s) doit être celle de la date de l'acte (%(date)s)."
                ) % {"year": self.year, "date": self.registered_on.strftime("%d/%m/%Y")}
            if self.registered_on >= datetime.date(*BAEC_START) and not self.digitised:
                errors["digitised"] = _(
                    "Un acte dressé depuis le 31 mars 2019 est toujours électronique."
                )
        if errors:
            raise ValidationError(errors)
