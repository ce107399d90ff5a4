import secrets
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.payments.providers.base import Status

ID_PREFIX = "tr_demo"
ID_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_demo_payment_id():
    return ID_PREFIX + "".join(secrets.choice(ID_ALPHABET) for _ in range(16))


class DemoProviderPayment(models.Model):
    """A payment held by the demo provider (guichet.payments.providers.demo): what Mollie
    would keep on its side. Demo mode only; no money ever moves."""

    STATUS_CHOICES = [
        (Status.OPEN, _("ouvert")),
        (Status.PENDING, _("en attente")),
        (Status.AUTHORIZED, _("autorisé")),
        (Status.PAID, _("payé")),
        (Status.FAILED, _("échoué")),
        (Status.CANCELED, _("annulé")),
        (Status.EXPIRED, _("expiré")),
    ]

    id = models.CharField(
        _("identifiant"), primary_key=True, max_length=40, default=new_demo_payment_id
    )
    amount = models.DecimalField(_("montant"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("devise"), max_length=3, default="EUR")
    description = models.CharField(_("description"), max_length=255)
    status = models.CharField(
        _("statut"), max_length=20, choices=STATUS_CHOICES, default=Status.OPEN
    )
    method = models.CharField(_("moyen de paiement"), max_length=30, blank=True)
    redirect_url = models.CharField(_("adresse de retour"), max_length=2000)
    webhook_url = models.CharField(_("adresse du webhook"), max_length=2000, blank=True)
    metadata = models.JSONField(_("métadonnées"), default=dict, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    paid_at = models.DateTimeField(_("payé le"), null=True, blank=True)
    amount_refunded = models.DecimalField(
        _("montant remboursé"), max_digits=10, decimal_places=2, default=Decimal("0")
    )

    class Meta:
        verbose_name = _("paiement de démonstration")
        verbose_name_plural = _("paiements de démonstration")
        ordering = ["-created_at"]

    def __str__(self):
        return self.id
