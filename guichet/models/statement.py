from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.communes import commune_field, inherit_commune, scoped_manager


class BankStatement(models.Model):
    """A bank statement (CODA or CAMT.053) imported by the finance department. The file's
    SHA-256 is unique: the same file imported twice is refused, naming the first import."""

    class Format(models.TextChoices):
        CODA = "coda", "CODA"
        CAMT053 = "camt.053", "CAMT.053"

    commune = commune_field()
    account_iban = models.CharField(_("compte"), max_length=34)
    number = models.CharField(_("numéro d'extrait"), max_length=35, blank=True)
    date = models.DateField(_("date de l'extrait"))
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    filename = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    file_hash = models.CharField(_("empreinte SHA-256 du fichier"), max_length=64)
    opening_balance = models.DecimalField(_("solde initial"), max_digits=14, decimal_places=2)
    closing_balance = models.DecimalField(_("solde final"), max_digits=14, decimal_places=2)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("importé par"),
    )
    imported_at = models.DateTimeField(_("importé le"), auto_now_add=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("extrait de compte")
        verbose_name_plural = _("extraits de compte")
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "file_hash"], name="statement_file_unique")
        ]

    def __str__(self):
        return f"{self.account_iban} {self.number} {self.date}"


class StatementLine(models.Model):
    """One movement of an imported statement and what became of it. The bank's reference is
    unique per account: a line read again from another file is not stored (nor paid) twice."""

    class Status(models.TextChoices):
        MATCHED = "matched", _("Payée automatiquement")
        PARTIAL = "partial", _("Paiement partiel")
        OVERPAID = "overpaid", _("Trop-perçu")
        ALREADY_PAID = "already_paid", _("Demande déjà payée")
        UNKNOWN_COMMUNICATION = "unknown_communication", _("Communication inconnue")
        NO_COMMUNICATION = "no_communication", _("Sans communication structurée")
        SEVERAL_COMMUNICATIONS = "several_communications", _("Plusieurs communications")
        DEBIT = "debit", _("Sortie d'argent")
        RESOLVED = "resolved", _("Traitée")

    # What still waits for the finance department.
    TO_RECONCILE = (
        Status.PARTIAL,
        Status.OVERPAID,
        Status.ALREADY_PAID,
        Status.UNKNOWN_COMMUNICATION,
        Status.NO_COMMUNICATION,
        Status.SEVERAL_COMMUNICATIONS,
    )

    commune = commune_field()
    statement = models.ForeignKey(
        BankStatement, on_delete=models.PROTECT, related_name="lines", verbose_name=_("extrait")
    )
    account_iban = models.CharField(_("compte"), max_length=34)
    bank_reference = models.CharField(_("référence bancaire"), max_length=64)
    line_number = models.PositiveIntegerField(_("ligne"))
    booking_date = models.DateField(_("date de comptabilisation"))
    value_date = models.DateField(_("date valeur"), null=True, blank=True)
    amount = models.DecimalField(_("montant"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("devise"), max_length=3, default="EUR")
    structured_communication = models.CharField(
        _("communication structurée"), max_length=12, blank=True
    )
    free_communication = models.CharField(_("communication libre"), max_length=500, blank=True)
    # Every valid structured communication found in the line, comma-separated.
    communications = models.CharField(_("communications trouvées"), max_length=300, blank=True)
    payer_iban = models.CharField(_("IBAN du payeur"), max_length=34, blank=True)
    payer_bic = models.CharField(_("BIC du payeur"), max_length=11, blank=True)
    payer_name = models.CharField(_("nom du payeur"), max_length=140, blank=True)
    status = models.CharField(_("statut"), max_length=24, choices=Status.choices, db_index=True)
    # Status when imported (the list keeps explaining a line after it is resolved).
    import_status = models.CharField(_("statut à l'import"), max_length=24, choices=Status.choices)
    due = models.DecimalField(
        _("montant dû"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    request = models.ForeignKey(
        "guichet.DocumentRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statement_lines",
        verbose_name=_("demande"),
    )
    payment = models.ForeignKey(
        "guichet.Payment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statement_lines",
        verbose_name=_("paiement"),
    )
    note = models.TextField(_("note"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("traitée par"),
    )
    resolved_at = models.DateTimeField(_("traitée le"), null=True, blank=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("ligne d'extrait")
        verbose_name_plural = _("lignes d'extrait")
        ordering = ["statement", "line_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["account_iban", "bank_reference"], name="statement_line_once_per_account"
            )
        ]

    def __str__(self):
        return f"{self.bank_reference} {self.amount} {self.status}"

    def save(self, *args, **kwargs):
        inherit_commune(self, "statement")
        super().save(*args, **kwargs)

    @property
    def communication_list(self):
        return [c for c in self.communications.split(",") if c]

    @property
    def needs_attention(self):
        return self.status in self.TO_RECONCILE
