from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.communes import commune_field, scoped_manager


class ReferenceCounter(models.Model):
    """The last request number given in a year; locked while the next one is taken."""

    commune = commune_field()
    year = models.PositiveSmallIntegerField(_("année"))
    last = models.PositiveIntegerField(_("dernier numéro"), default=0)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("compteur de références")
        verbose_name_plural = _("compteurs de références")
        constraints = [
            models.UniqueConstraint(fields=["commune", "year"], name="reference_counter_unique")
        ]

    def __str__(self):
        return f"{self.year}: {self.last}"
