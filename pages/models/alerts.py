"""Works alerts by street (e-mail, double opt-in) and "Cette page vous a-t-elle aidé ?"."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.communes import commune_field, scoped_manager


def new_token():
    return secrets.token_urlsafe(32)


class AlertSubscription(models.Model):
    """One address following one or more streets. Pending until the person follows the
    link of the confirmation e-mail (nothing else is sent before); erased a year after its
    confirmation or last renewal (pages.alerts.purge_subscriptions)."""

    commune = commune_field()
    email = models.EmailField(_("adresse e-mail"))
    # In the unsubscribe and renew links (never the address): the only key to the row.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # Part of the signed confirmation link; emptied once used (the link works once).
    confirm_nonce = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    renewed_at = models.DateTimeField(_("renouvelé le"), null=True, blank=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("abonnement aux alertes travaux")
        verbose_name_plural = _("abonnements aux alertes travaux")
        indexes = [models.Index(fields=["email"]), models.Index(fields=["renewed_at"])]

    def __str__(self):
        return f"#{self.pk}"

    @property
    def confirmed(self):
        return self.confirmed_at is not None

    def expires_at(self):
        start = self.renewed_at or self.confirmed_at or self.created_at
        return start + datetime.timedelta(days=settings.WEBSITE_ALERT_RETENTION_DAYS)

    def street_names(self):
        return [street.name for street in self.streets.order_by("key")]


class AlertSubscriptionStreet(models.Model):
    subscription = models.ForeignKey(
        AlertSubscription, on_delete=models.CASCADE, related_name="streets"
    )
    name = models.CharField(_("rue"), max_length=120)
    key = models.CharField(max_length=120, db_index=True)  # pages.streets.normalise(name)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "key"], name="alert_street_once")
        ]

    def __str__(self):
        return self.name


class WorksNoticeAlertState(models.Model):
    """What the subscribers were last told about a notice (its published dates and
    streets): the next publication is compared with it."""

    page = models.OneToOneField(
        "pages.WorksNoticePage", on_delete=models.CASCADE, related_name="alert_state"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    street_keys = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.page_id}"


class PageFeedback(models.Model):
    """One answer to "Cette page vous a-t-elle aidé ?" (no name, no address, no IP)."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("page"),
    )
    helpful = models.BooleanField(_("utile"))
    comment = models.TextField(_("commentaire"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("avis sur une page")
        verbose_name_plural = _("avis sur les pages")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.page_id} {'+' if self.helpful else '-'}"
