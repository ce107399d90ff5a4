"""Why an action cannot happen: one catalogue of codes and translatable messages.

Services raise `ActionRefused(code, **params)`; the web shows the message in the visitor's
language, the API answers a 409 problem carrying the code, the message in French and, from
the English catalogue (locale/en), in English. Apps add their own codes with `register()`.

A parameter named `state` holds a request state (guichet.constants.State) and is shown as
its label, in the language of the message.
"""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from guichet.constants import State

MESSAGES = {
    "not_possible_in_state": _("Cette action n'est pas possible : la demande est « %(state)s »."),
    "changed_meanwhile": _(
        "La demande vient d'être modifiée par quelqu'un d'autre : elle est maintenant "
        "« %(state)s ». Votre action n'a pas été appliquée."
    ),
    "cancel_too_late": _(
        "Cette demande ne peut plus être annulée : un agent l'a déjà prise en charge."
    ),
    "release_not_yours": _("Seul l'agent qui a pris la demande peut la remettre dans la file."),
    "kind_not_handled": _("Votre service ne traite pas ce type de demande."),
    "not_your_request": _("Cette demande n'est pas la vôtre."),
    "already_issued": _("Un document a déjà été délivré pour cette demande."),
    "already_revoked": _("Ce document est déjà révoqué."),
    "no_document": _("Aucun document n'a été délivré pour cette demande."),
    "document_not_produced": _(
        "Le document n'a pas pu être produit (%(error)s). Réessayez ; si le problème "
        "persiste, prévenez le service informatique."
    ),
    "question_required": _("Écrivez la question à poser au citoyen."),
    "answer_required": _("Écrivez votre réponse ou joignez un document."),
    "rejection_reason_required": _("Indiquez le motif du refus : il sera communiqué au citoyen."),
    "revocation_reason_required": _("Indiquez le motif de la révocation."),
    "empty_note": _("La note est vide."),
    # Post and counter (/bureau/envois/).
    "close_through_dispatch": _(
        "Un document à poster ou à remettre au guichet se clôture depuis la page « Envois », "
        "qui enregistre la date d'envoi ou de remise."
    ),
    "dispatch_nothing_selected": _("Cochez au moins un document à imprimer."),
    "dispatch_unavailable": _(
        "Ces documents ne sont plus à poster (déjà dans un lot, révoqués ou modifiés "
        "entre-temps) : %(references)s. Rien n'a été imprimé ; la liste est à jour."
    ),
    "batch_already_posted": _("Ce lot a déjà été marqué comme posté le %(date)s."),
    "batch_nothing_to_post": _(
        "Ce lot ne contient plus aucun document à poster (tous ont été révoqués)."
    ),
    "not_for_counter": _("Ce document n'a pas été commandé pour un retrait au guichet."),
    "already_collected": _("Ce document a déjà été remis le %(date)s."),
    # Payments (guichet.payments).
    "payment_not_expected": _("Cette demande n'attend pas de paiement : elle est « %(state)s »."),
    "payment_provider_unavailable": _(
        "Le service de paiement en ligne ne répond pas pour le moment. Votre demande est "
        "conservée : réessayez dans quelques minutes ou payez par virement."
    ),
    "counter_payment_instrument": _(
        "Indiquez comment le citoyen a payé : en espèces ou au terminal de paiement."
    ),
    "counter_payment_required": _(
        "Le montant de %(amount)s € n'a pas été payé : encaissez-le avant de remettre le document."
    ),
    "refund_already_done": _("Ce remboursement a déjà été effectué."),
    # Finance: bank statements and reconciliation (/bureau/finances/).
    "statement_already_imported": _(
        "Ce fichier a déjà été importé le %(date)s par %(who)s (extrait n° %(number)s) : "
        "rien n'a été importé une seconde fois."
    ),
    "line_already_resolved": _("Cette ligne d'extrait a déjà été traitée."),
    "line_not_a_credit": _("Cette ligne est une sortie d'argent : elle ne paie aucune demande."),
    "line_request_not_found": _(
        "Aucune demande ne porte la référence ou la communication « %(query)s »."
    ),
    "line_request_not_awaiting": _(
        "La demande %(reference)s n'attend pas de paiement (elle est « %(state)s ») : "
        "traitez la ligne hors guichet (remboursement, autre dossier)."
    ),
    "line_amount_differs": _(
        "Le virement de %(received)s € ne correspond pas au montant dû de %(due)s € pour la "
        "demande %(reference)s : traitez la ligne hors guichet (contact, remboursement)."
    ),
    "line_note_required": _("Expliquez en quelques mots ce qui a été fait pour cette ligne."),
    # Intercommunale support (guichet.support).
    "support_not_a_support_account": _(
        "Ce compte n'appartient pas au groupe « Support intercommunal »."
    ),
    "support_end_out_of_range": _(
        "Choisissez un dernier jour d'accès entre aujourd'hui et le %(date)s (30 jours au plus)."
    ),
    "support_already_closed": _(
        "Cet accès de support est déjà fermé : il a expiré ou a été révoqué."
    ),
}


def register(messages):
    """Add an app's own refusal codes (prefixed with the app's label, e.g. "etatcivil.…")."""
    clash = set(messages) & set(MESSAGES)
    if clash:
        raise ValueError(f"refusal codes registered twice: {sorted(clash)}")
    MESSAGES.update(messages)


class ActionRefused(Exception):
    """A request action that cannot happen now: a code from MESSAGES and its parameters."""

    def __init__(self, code, **params):
        if code not in MESSAGES:
            raise ValueError(f"unknown refusal code: {code!r}")
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self):
        """The message in the active language."""
        params = dict(self.params)
        if "state" in params:
            params["state"] = State(params["state"]).label
        return str(MESSAGES[self.code]) % params if params else str(MESSAGES[self.code])

    def in_language(self, language):
        with translation.override(language):
            return self.message

    def __str__(self):
        return self.message
