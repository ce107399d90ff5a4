from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CitizenProfile(models.Model):
    """The identity a citizen signed in with (federal login or, in demo mode, the demo page)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="citizen",
        verbose_name=_("utilisateur"),
    )
    niss = models.CharField(
        _("numéro de registre national"),
        max_length=11,
        unique=True,
        help_text=_("11 chiffres, sans séparateurs."),
    )
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    is_demo = models.BooleanField(
        _("citoyen de démonstration"),
        default=False,
        help_text=_("Proposé sur la page de connexion de démonstration (jamais en production)."),
    )
    demo_situation = models.CharField(
        _("ce que montre ce citoyen de démonstration"),
        max_length=300,
        blank=True,
        help_text=_(
            "Écrit par seed_demo, affiché sur la page de connexion de démonstration et dans "
            "ce que la commande imprime."
        ),
    )

    class Meta:
        verbose_name = _("profil de citoyen")
        verbose_name_plural = _("profils de citoyens")

    def __str__(self):
        from guichet.niss import mask

        return f"{self.user.get_full_name()} ({mask(self.niss)})"
