"""The civil-status register's own refusal codes (guichet.refusals)."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "etatcivil.acts_not_handled": _("Votre service ne traite pas les actes de naissance."),
    "etatcivil.already_digitised": _(
        "Cet acte est déjà électronique : il n'y a rien à enregistrer."
    ),
}
