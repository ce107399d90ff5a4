"""Validation of citizens' uploads: by content (magic bytes), never by name or browser type."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def sniff(head):
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def validate_upload(upload):
    """Return the content type detected, or raise ValidationError with a French message."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _(
                "Le fichier pèse %(size)s ; la limite est de 5 Mo. Réduisez-le ou scannez-le en "
                "plus basse résolution."
            )
            % {"size": filesizeformat(upload.size)}
        )
    if upload.size == 0:
        raise ValidationError(_("Le fichier est vide."))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise ValidationError(
            _(
                "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG (son contenu a été vérifié, "
                "pas seulement son nom)."
            )
        )
    upload.content_type = content_type
    return content_type
