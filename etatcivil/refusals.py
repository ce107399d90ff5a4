"""The civil-status register's own refusal codes (guichet.refusals)."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "etatcivil.acts_not_handled": _("Votre service ne traite pas les actes de naissance."),
    "etatcivil.already_digitised": _(
        "Cet acte est déjà électronique : il n'y a rien à enregistrer."
    ),
    "etatcivil.baec_reference_invalid": _(
        "La référence BAEC n'a pas la bonne forme : recopiez-la telle que l'application BAEC "
        "l'affiche (lettres et chiffres, séparés par des tirets, par exemple "
        "BAEC-1984-000123)."
    ),
    "etatcivil.baec_reference_taken": _(
        "Cette référence BAEC est déjà celle d'un autre acte (%(act)s) : vérifiez-la."
    ),
    "etatcivil.paper_act": _(
        "L'acte de naissance n'existe que sur papier : enregistrez d'abord sa numérisation "
        "dans la BAEC (« Acte sur papier », sur la page de la demande), puis ouvrez l'aperçu "
        "et délivrez."
    ),
    "etatcivil.act_not_found": _(
        "Aucun acte de naissance n'est enregistré pour la personne concernée : il n'y a rien "
        "à numériser. Refusez la demande ou demandez une précision au citoyen."
    ),
}
