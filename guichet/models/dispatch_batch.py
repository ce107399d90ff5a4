from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.communes import commune_field, scoped_manager


class DispatchBatch(models.Model):
    """A batch of issued documents printed together for the post: one PDF with an address
    sheet before each document, then marked posted in one go (guichet.dispatch)."""

    commune = commune_field()
    created_at = models.DateTimeField(_("imprimé le"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("imprimé par"),
    )
    posted_at = models.DateTimeField(_("posté le"), null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("posté par"),
    )

    objects = scoped_manager()

    class Meta:
        verbose_name = _("lot d'envoi postal")
        verbose_name_plural = _("lots d'envoi postal")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return _("Lot n° %(number)s") % {"number": self.pk}
