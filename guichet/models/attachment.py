import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.storage import private_storage


def attachment_path(instance, filename):
    # The citizen's file name is kept in `original_name` only: paths reveal nothing.
    return f"attachments/{instance.request.submitted_at:%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file the citizen sent (power of attorney, answer to a clerk), stored privately."""

    class Purpose(models.TextChoices):
        POWER_OF_ATTORNEY = "power_of_attorney", _("Procuration")
        ANSWER = "answer", _("Pièce jointe à une réponse")

    request = models.ForeignKey(
        "guichet.DocumentRequest",
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("demande"),
    )
    message = models.ForeignKey(
        "guichet.RequestMessage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("message"),
    )
    purpose = models.CharField(_("nature"), max_length=20, choices=Purpose.choices)
    file = models.FileField(_("fichier"), storage=private_storage, upload_to=attachment_path)
    original_name = models.CharField(_("nom d'origine"), max_length=200)
    content_type = models.CharField(_("type de contenu"), max_length=50)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")

    def __str__(self):
        return self.original_name
