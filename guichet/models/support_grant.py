import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.communes import commune_field, scoped_manager


class SupportGrantQuerySet(models.QuerySet):
    def valid(self, now=None):
        """Grants that open their commune now: started, not ended, not revoked."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, starts_at__lte=now, ends_at__gt=now)


class SupportGrant(models.Model):
    """A commune lets one intercommunale support account read its back office, for a reason,
    until a date (at most 30 days), unless revoked earlier. Every page read under it is
    written to the commune's audit (guichet.support)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Ouvert")
        EXPIRED = "expired", _("Expiré")
        REVOKED = "revoked", _("Révoqué")

    commune = commune_field()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="support_grants",
        verbose_name=_("compte de support"),
    )
    reason = models.TextField(
        _("motif"), help_text=_("Pourquoi le support a besoin de lire le back office.")
    )
    starts_at = models.DateTimeField(_("début"), default=timezone.now)
    ends_at = models.DateTimeField(_("fin"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ouvert par"),
    )
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("révoqué par"),
    )

    objects = scoped_manager(SupportGrantQuerySet)

    class Meta:
        verbose_name = _("accès de support")
        verbose_name_plural = _("accès de support")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["commune", "user", "ends_at"], name="support_valid")]

    def __str__(self):
        return f"{self.user} – {self.commune_id} ({self.starts_at:%Y-%m-%d})"

    def status(self, now=None):
        now = now or timezone.now()
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.ends_at <= now:
            return self.Status.EXPIRED
        return self.Status.ACTIVE

    @property
    def last_day(self):
        """The last whole day of access (the grant ends at midnight after it)."""
        return timezone.localtime(self.ends_at - datetime.timedelta(microseconds=1)).date()

    @property
    def status_label(self):
        return self.Status(self.status()).label

    @property
    def is_active(self):
        return self.status() == self.Status.ACTIVE
