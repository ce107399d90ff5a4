from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="mail")
class CpasSettings(BaseSiteSetting):
    """What the CPAS staff set themselves in /cms/ (only they and the administrators), one
    row per commune's site."""

    notification_email = models.CharField(
        _("adresse de notification des demandes de rendez-vous"),
        max_length=254,
        blank=True,
        help_text=_(
            "Reçoit un e-mail (sans données personnelles) à chaque nouvelle demande. "
            "Plusieurs adresses : séparez-les par des virgules. Vide : l'adresse configurée "
            "sur le serveur (CPAS_NOTIFICATION_EMAIL), s'il y en a une."
        ),
    )

    panels = [FieldPanel("notification_email")]

    class Meta:
        verbose_name = _("paramètres du CPAS")
        verbose_name_plural = _("paramètres du CPAS")

    def clean(self):
        from django.core.exceptions import ValidationError
        from django.core.validators import validate_email

        for address in self.addresses():
            try:
                validate_email(address)
            except ValidationError:
                raise ValidationError(
                    {
                        "notification_email": _(
                            "« %(address)s » n'est pas une adresse e-mail complète "
                            "(comme social@cpas.be)."
                        )
                        % {"address": address}
                    }
                ) from None

    def addresses(self):
        return [a.strip() for a in self.notification_email.split(",") if a.strip()]
