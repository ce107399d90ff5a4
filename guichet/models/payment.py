from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.communes import commune_field, inherit_commune, scoped_manager


class Payment(models.Model):
    """One attempt to pay a request's fee: online through a provider, a transfer read from a
    bank statement, or cash / card terminal at the counter.

    A request may have several (an abandoned online attempt, then a transfer); at most one is
    paid while the request is open (guichet.payments.services keeps it so, and refunds a second
    one that arrives anyway)."""

    class Method(models.TextChoices):
        ONLINE = "online", _("En ligne")
        TRANSFER = "transfer", _("Virement")
        COUNTER = "counter", _("Au guichet")

    class Status(models.TextChoices):
        OPEN = "open", _("En cours")
        PAID = "paid", _("Payé")
        FAILED = "failed", _("Échoué")
        CANCELED = "canceled", _("Abandonné")
        EXPIRED = "expired", _("Expiré")

    commune = commune_field()
    request = models.ForeignKey(
        "guichet.DocumentRequest",
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("demande"),
    )
    method = models.CharField(_("moyen"), max_length=10, choices=Method.choices)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    amount = models.DecimalField(_("montant (EUR)"), max_digits=7, decimal_places=2)
    currency = models.CharField(_("devise"), max_length=3, default="EUR")
    # Online: the provider's name and its id for the payment; the hosted page to go back to.
    provider = models.CharField(_("prestataire"), max_length=20, blank=True)
    provider_id = models.CharField(_("identifiant chez le prestataire"), max_length=64, blank=True)
    checkout_url = models.URLField(_("page de paiement"), max_length=500, blank=True)
    # How it was paid: "bancontact", "creditcard" (provider), "cash", "card_terminal" (counter),
    # "transfer".
    instrument = models.CharField(_("instrument"), max_length=20, blank=True)
    # Transfer: the statement line it came from, and the payer's account (for a refund).
    bank_reference = models.CharField(_("référence bancaire"), max_length=64, blank=True)
    payer_iban = models.CharField(_("IBAN du payeur"), max_length=34, blank=True)
    payer_name = models.CharField(_("nom du payeur"), max_length=140, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("encaissé par"),
    )
    receipt_number = models.CharField(_("numéro de reçu"), max_length=16, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    paid_at = models.DateTimeField(_("payé le"), null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("paiement")
        verbose_name_plural = _("paiements")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_id"],
                condition=~models.Q(provider_id=""),
                name="payment_one_per_provider_id",
            ),
            models.UniqueConstraint(
                fields=["method", "bank_reference"],
                condition=~models.Q(bank_reference=""),
                name="payment_one_per_bank_line",
            ),
        ]

    def __str__(self):
        return f"{self.request_id} {self.method} {self.amount} {self.status}"

    def save(self, *args, **kwargs):
        inherit_commune(self, "request")
        super().save(*args, **kwargs)

    @property
    def is_paid(self):
        return self.status == self.Status.PAID


class Refund(models.Model):
    """Money given back for a paid payment (a rejected request, a payment that arrived after
    the request was cancelled). Online payments are refunded through the provider; transfers
    and counter payments wait in the finance department's list until someone marks them done."""

    class Status(models.TextChoices):
        TO_DO = "to_do", _("À effectuer par les finances")
        REQUESTED = "requested", _("Demandé au prestataire")
        DONE = "done", _("Remboursé")
        FAILED = "failed", _("Échec : à traiter à la main")

    class Reason(models.TextChoices):
        REJECTED = "rejected", _("Demande refusée")
        CANCELLED = "cancelled", _("Payée après l'annulation de la demande")
        DUPLICATE = "duplicate", _("Paiement en double")
        MANUAL = "manual", _("Décision d'un agent")

    commune = commune_field()
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("paiement")
    )
    amount = models.DecimalField(_("montant (EUR)"), max_digits=7, decimal_places=2)
    reason = models.CharField(_("motif"), max_length=12, choices=Reason.choices)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, db_index=True)
    provider_refund_id = models.CharField(
        _("identifiant du remboursement"), max_length=64, blank=True
    )
    failure = models.CharField(_("erreur"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("demandé par"),
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("effectué par"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    done_at = models.DateTimeField(_("effectué le"), null=True, blank=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("remboursement")
        verbose_name_plural = _("remboursements")
        ordering = ["-created_at"]
        constraints = [
            # Money is never given back twice for one payment.
            models.UniqueConstraint(fields=["payment"], name="refund_one_per_payment"),
        ]

    def __str__(self):
        return f"{self.payment_id} {self.amount} {self.status}"

    def save(self, *args, **kwargs):
        inherit_commune(self, "payment")
        super().save(*args, **kwargs)


class ReceiptCounter(models.Model):
    """The last payment receipt number given in a year (guichet.sequences)."""

    commune = commune_field()
    year = models.PositiveSmallIntegerField(_("année"))
    last = models.PositiveIntegerField(_("dernier numéro"), default=0)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("compteur de reçus")
        verbose_name_plural = _("compteurs de reçus")
        constraints = [
            models.UniqueConstraint(fields=["commune", "year"], name="receipt_counter_unique")
        ]

    def __str__(self):
        return f"{self.year}: {self.last}"
