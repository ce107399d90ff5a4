from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.communes import commune_field, scoped_manager
from population.constants import Sex


class Person(models.Model):
    """A person in the commune's population register (current or former resident)."""

    commune = commune_field()
    niss = models.CharField(
        _("numéro de registre national"),
        max_length=11,
        help_text=_(
            "11 chiffres. Peut changer (changement de sexe enregistré) : ce n'est pas "
            "une clé immuable."
        ),
    )
    last_name = models.CharField(_("nom"), max_length=100)
    first_names = models.CharField(_("prénoms"), max_length=150)
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date de naissance"))
    birth_place = models.CharField(_("lieu de naissance"), max_length=100)
    nationality = models.CharField(_("nationalité"), max_length=60, default="Belge")
    death_date = models.DateField(_("date de décès"), null=True, blank=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        ordering = ["last_name", "first_names"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "niss"], name="person_niss_unique")
        ]

    def __str__(self):
        return f"{self.last_name} {self.first_names}"

    @property
    def first_name(self):
        return self.first_names.split(" ")[0]
