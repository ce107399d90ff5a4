from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.communes import commune_field, inherit_commune, scoped_manager
from guichet.constants import DocumentStatus
from guichet.storage import private_storage


class IssuedDocument(models.Model):
    """The PDF issued for a request: stored privately, verifiable by its code and hash."""

    commune = commune_field()
    request = models.OneToOneField(
        "guichet.DocumentRequest",
        on_delete=models.PROTECT,
        related_name="document",
        verbose_name=_("demande"),
    )
    kind = models.CharField(_("type de document"), max_length=40)
    verification_code = models.CharField(_("code de vérification"), max_length=14, unique=True)
    file = models.FileField(_("fichier PDF"), storage=private_storage, blank=True)
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("taille (octets)"))
    holder_initials = models.CharField(
        _("initiales du titulaire"),
        max_length=8,
        help_text=_("Seule donnée personnelle affichée sur la page de vérification."),
    )
    # The language the file is written in (the request's document language when issued).
    language = models.CharField(_("langue"), max_length=8, default="fr")
    issued_at = models.DateTimeField(_("délivré le"))
    valid_until = models.DateTimeField(_("vérifiable jusqu'au"))
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revocation_reason = models.TextField(_("motif de la révocation"), blank=True)
    file_removed_at = models.DateTimeField(
        _("fichier supprimé le"),
        null=True,
        blank=True,
        help_text=_(
            "Le PDF est supprimé après sa période de mise à disposition ; "
            "l'empreinte reste vérifiable."
        ),
    )

    objects = scoped_manager()

    class Meta:
        verbose_name = _("document délivré")
        verbose_name_plural = _("documents délivrés")

    def __str__(self):
        return self.verification_code

    def save(self, *args, **kwargs):
        inherit_commune(self, "request")
        super().save(*args, **kwargs)

    def status(self, now=None):
        now = now or timezone.now()
        if self.revoked_at:
            return DocumentStatus.REVOKED
        if now > self.valid_until:
            return DocumentStatus.EXPIRED
        return DocumentStatus.VALID

    @staticmethod
    def validity(days):
        return timedelta(days=days)
