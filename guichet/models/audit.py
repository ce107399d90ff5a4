from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.communes import commune_field, inherit_commune, scoped_manager


class AuditEntry(models.Model):
    """Who did what, when, to which request — kept when requests are anonymised."""

    commune = commune_field()
    action = models.CharField(
        _("action"), max_length=60, db_index=True, help_text=_("ex. guichet.request.issued")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    actor_label = models.CharField(
        _("auteur (libellé)"), max_length=150, help_text=_("« système » pour les automatismes.")
    )
    request = models.ForeignKey(
        "guichet.DocumentRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("demande"),
    )
    from_state = models.CharField(_("état avant"), max_length=20, blank=True)
    to_state = models.CharField(_("état après"), max_length=20, blank=True)
    reason = models.TextField(_("motif"), blank=True)
    data = models.JSONField(_("données"), default=dict, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal d'audit")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.actor_label}"

    def save(self, *args, **kwargs):
        inherit_commune(self, "request")
        super().save(*args, **kwargs)
