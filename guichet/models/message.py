from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.constants import MessageAuthor


class RequestMessage(models.Model):
    """A message between citizen and clerk, or a clerk's internal note (never shown)."""

    request = models.ForeignKey(
        "guichet.DocumentRequest",
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("demande"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    author_role = models.CharField(
        _("rôle de l'auteur"), max_length=8, choices=MessageAuthor.choices
    )
    internal = models.BooleanField(
        _("note interne"), default=False, help_text=_("Visible par les agents uniquement.")
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.request} — {self.get_author_role_display()}"
