"""The audit trail: every action that can be written to it, how people read it, and what
retention erases from it.

Each action code (``guichet.request.review_started``) is registered once, with:

- the sentence a clerk reads in the request's history, naming who did it ("Prise en charge
  par Claire Lambert");
- the sentence the citizen reads in their timeline, or None when the citizen never sees it;
- the fields retention erases from the entry when the request is anonymised: ``REASON``
  (free text that may name people), ``ACTOR`` (the citizen who did it: the name is replaced
  by "le citoyen"), ``DATA`` (the recorded details).

``audit()`` is the only writer of audit entries and refuses a code nobody registered, so a
misspelt code fails in the tests rather than leaving an entry nobody can read. The other apps
register their own actions from their AppConfig.ready(); this module knows none of them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from guichet.models import AuditEntry

REASON = "reason"
ACTOR = "actor"
DATA = "data"
ERASABLE = frozenset({REASON, ACTOR, DATA})

# Who wrote an entry no person made (automatic issuing, retention, e-mail retries).
SYSTEM_ACTOR = _("Traitement automatique")
# Who a citizen's entries name once retention has erased the citizen's name.
ERASED_CITIZEN = _("le citoyen")
# The history of an entry whose code is no longer registered (written by an older version).
UNKNOWN_ACTION = _("Action enregistrée par %(actor)s")


class UnknownAuditAction(LookupError):
    """A code that was never registered: a programming error, not a user's."""


@dataclass(frozen=True)
class AuditAction:
    code: str
    clerk: Any  # lazy French sentence; %(actor)s and the keys `context` returns
    citizen: Any  # lazy French sentence for the citizen's timeline, or None: not shown
    erase: frozenset
    context: Callable[[AuditEntry], dict] | None = None

    def clerk_sentence(self, entry):
        values = {"actor": entry.actor_label}
        if self.context is not None:
            values.update(self.context(entry))
        return str(self.clerk) % values


_actions: dict[str, AuditAction] = {}


def register(code, *, clerk, erase, citizen=None, context=None):
    """Declare an audit action. `erase` is required: each action says what retention
    removes from its entries (an empty set keeps them whole)."""
    erase = frozenset(erase)
    if not erase <= ERASABLE:
        raise ValueError(f"{code}: retention can erase only {sorted(ERASABLE)}")
    if code in _actions:
        raise ValueError(f"audit action {code} is already registered")
    _actions[code] = AuditAction(
        code=code, clerk=clerk, citizen=citizen, erase=erase, context=context
    )
    return _actions[code]


def get(code):
    try:
        return _actions[code]
    except KeyError:
        raise UnknownAuditAction(f"unregistered audit action: {code}") from None


def codes():
    return frozenset(_actions)


def citizen_codes():
    return frozenset(code for code, action in _actions.items() if action.citizen is not None)


def codes_erasing(field):
    return frozenset(code for code, action in _actions.items() if field in action.erase)


def system_actor_label():
    """The system's name, stored in the site's language whatever the caller's language is."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(SYSTEM_ACTOR)


def actor_label(actor):
    if actor is None:
        return system_actor_label()
    return actor.get_full_name() or actor.get_username()


def erased_citizen_label():
    with translation.override(settings.LANGUAGE_CODE):
        return str(ERASED_CITIZEN)


def audit(
    action,
    *,
    document_request=None,
    actor=None,
    from_state="",
    to_state="",
    reason="",
    **data,
):
    """Write one audit entry; `data` is kept as the entry's details (JSON)."""
    get(action)
    label = actor_label(actor)
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        actor_label=label,
        request=document_request,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data,
    )


def clerk_sentence(entry):
    """What a clerk reads for this entry: a French sentence naming who did it."""
    action = _actions.get(entry.action)
    if action is None:
        return str(UNKNOWN_ACTION) % {"actor": entry.actor_label}
    return action.clerk_sentence(entry)


def citizen_sentence(entry):
    """What the citizen reads for this entry, or "" when it is not for them."""
    action = _actions.get(entry.action)
    if action is None or action.citizen is None:
        return ""
    return str(action.citizen)


# -- the counter's own actions -----------------------------------------------------------


def _register_source(entry):
    from guichet.kinds import registry

    kind = registry.get(entry.data.get("source", ""))
    return {"source": kind.label if kind else _("source inconnue")}


def _batch(entry):
    return {"batch": entry.data.get("batch", "?")}


def _identity_check(entry):
    checked = entry.data.get("identity_checked")
    return {"identity": _(" (pièce d'identité vérifiée)") if checked else ""}


# Requests: from the citizen's order to the end.
register(
    "guichet.request.submitted",
    clerk=_("Demande transmise par %(actor)s"),
    citizen=_("Votre demande a été reçue"),
    erase={REASON, ACTOR},
)
register(
    "guichet.request.auto_issued",
    clerk=_("Document délivré automatiquement"),
    citizen=_("Votre document a été délivré automatiquement"),
    erase={REASON},
)
register(
    "guichet.request.auto_issue_failed",
    clerk=_("Délivrance automatique impossible : la demande attend un agent"),
    erase={REASON},
)
register(
    "guichet.request.review_started",
    clerk=_("Prise en charge par %(actor)s"),
    citizen=_("Votre demande a été prise en charge par un agent"),
    erase={REASON},
)
register(
    "guichet.request.released",
    clerk=_("Remise dans la file par %(actor)s"),
    erase={REASON},
)
register(
    "guichet.request.citizen_asked",
    clerk=_("Question posée au citoyen par %(actor)s"),
    citizen=_("L'agent vous a posé une question"),
    erase={REASON},
)
register(
    "guichet.request.citizen_answered",
    clerk=_("Réponse envoyée par %(actor)s"),
    citizen=_("Vous avez répondu à l'agent"),
    erase={REASON, ACTOR},
)
register(
    "guichet.request.issue_failed",
    clerk=_("Échec de la délivrance par %(actor)s : le document n'a pas pu être produit"),
    erase={REASON},
)
register(
    "guichet.request.issued",
    clerk=_("Document délivré par %(actor)s"),
    citizen=_("Votre document a été délivré"),
    erase={REASON},
)
register(
    "guichet.request.rejected",
    clerk=_("Demande refusée par %(actor)s"),
    citizen=_("Votre demande a été refusée"),
    erase={REASON},
)
register(
    "guichet.request.cancelled",
    clerk=_("Demande annulée par %(actor)s"),
    citizen=_("Vous avez annulé votre demande"),
    erase={REASON, ACTOR},
)
register(
    "guichet.request.closed",
    clerk=_("Demande clôturée par %(actor)s"),
    citizen=_("Votre demande est clôturée"),
    erase={REASON},
)
register(
    "guichet.request.batched",
    clerk=_("Imprimé pour la poste dans le lot n° %(batch)s par %(actor)s"),
    erase=set(),
    context=_batch,
)
register(
    "guichet.request.posted",
    clerk=_("Envoyé par la poste (lot n° %(batch)s), confirmé par %(actor)s"),
    citizen=_("Votre document a été envoyé par la poste"),
    erase=set(),
    context=_batch,
)
register(
    "guichet.request.printed_for_counter",
    clerk=_("Document imprimé pour le guichet par %(actor)s"),
    erase=set(),
)
register(
    "guichet.request.collected",
    clerk=_("Document remis au guichet par %(actor)s%(identity)s"),
    citizen=_("Vous avez retiré votre document au guichet"),
    erase=set(),
    context=_identity_check,
)
register(
    "guichet.request.note_added",
    clerk=_("Note interne ajoutée par %(actor)s"),
    erase={REASON},
)
register(
    "guichet.request.email_failed",
    clerk=_("E-mail non remis au citoyen"),
    erase={REASON},
)
register(
    "guichet.request.anonymised",
    clerk=_("Demande anonymisée et archivée : le délai de conservation est écoulé"),
    erase=set(),
)

# Documents, attachments and register data the clerks open.
register(
    "guichet.document.revoked",
    clerk=_("Document révoqué par %(actor)s"),
    citizen=_("Votre document a été révoqué"),
    erase={REASON},
)
register(
    "guichet.document.downloaded",
    clerk=_("Document téléchargé par %(actor)s"),
    erase={ACTOR},
)
register(
    "guichet.attachment.viewed",
    clerk=_("Pièce jointe consultée par %(actor)s"),
    erase=set(),
)
# Kept whole: the log of register look-ups (who, when, why) outlives the request.
register(
    "guichet.register.consulted",
    clerk=_("Registre consulté par %(actor)s (%(source)s)"),
    erase=set(),
    context=_register_source,
)

# Not tied to a request.
register(
    "guichet.export.statistics",
    clerk=_("Statistiques exportées par %(actor)s"),
    erase=set(),
)
register(
    "guichet.export.requests",
    clerk=_("Liste des demandes exportée par %(actor)s"),
    erase=set(),
)
register(
    "guichet.dispatch.batch_printed",
    clerk=_("Lot d'envoi n° %(batch)s imprimé par %(actor)s"),
    erase=set(),
    context=_batch,
)
register(
    "guichet.dispatch.batch_posted",
    clerk=_("Lot d'envoi n° %(batch)s marqué comme posté par %(actor)s"),
    erase=set(),
    context=_batch,
)


# Payments (guichet.payments): amounts and methods only, never card or account details.
def _payment(entry):
    from guichet.models import Payment

    method = entry.data.get("method", "")
    label = Payment.Method(method).label if method in Payment.Method.values else method
    return {"amount": entry.data.get("amount", ""), "method": label}


register(
    "guichet.payment.started",
    clerk=_("Paiement en ligne commencé par %(actor)s (%(amount)s €)"),
    erase={ACTOR},
    context=_payment,
)
register(
    "guichet.payment.received",
    clerk=_("Paiement reçu : %(amount)s € (%(method)s)"),
    citizen=_("Votre paiement a été reçu"),
    erase=set(),
    context=_payment,
)
register(
    "guichet.payment.counter",
    clerk=_("Paiement de %(amount)s € encaissé au guichet par %(actor)s"),
    citizen=_("Vous avez payé au guichet"),
    erase=set(),
    context=_payment,
)
register(
    "guichet.payment.received_late",
    clerk=_(
        "Paiement de %(amount)s € (%(method)s) reçu alors que la demande n'attendait plus de "
        "paiement : remboursement ouvert"
    ),
    erase=set(),
    context=_payment,
)
register(
    "guichet.payment.failed",
    clerk=_("Paiement en ligne échoué ou abandonné"),
    erase=set(),
)
register(
    "guichet.payment.unknown_id",
    clerk=_("Notification de paiement pour un identifiant inconnu (ignorée)"),
    erase=set(),
)
register(
    "guichet.payment.amount_mismatch",
    clerk=_("Notification de paiement ignorée : le montant ne correspond pas à la demande"),
    erase=set(),
)
register(
    "guichet.payment.provider_refused",
    clerk=_("Le prestataire de paiement a refusé une vérification de statut"),
    erase=set(),
)
register(
    "guichet.payment.provider_unreachable",
    clerk=_("Prestataire de paiement injoignable : statut non vérifié"),
    erase=set(),
)
register(
    "guichet.payment.refund_opened",
    clerk=_("Remboursement de %(amount)s € ouvert (%(method)s)"),
    citizen=_("Un remboursement a été ouvert pour votre paiement"),
    erase={ACTOR},
    context=_payment,
)
register(
    "guichet.payment.refunded",
    clerk=_("Remboursement de %(amount)s € effectué (%(method)s)"),
    citizen=_("Votre paiement vous a été remboursé"),
    erase={ACTOR},
    context=_payment,
)
register(
    "guichet.payment.refund_failed",
    clerk=_("Remboursement en ligne impossible : à effectuer par les finances"),
    erase=set(),
)
register(
    "guichet.payment.statement_imported",
    clerk=_("Extrait de compte importé par %(actor)s"),
    erase=set(),
)
register(
    "guichet.payment.line_assigned",
    clerk=_("Virement d'un extrait de compte attribué à cette demande par %(actor)s"),
    erase=set(),
)
register(
    "guichet.payment.line_resolved",
    clerk=_("Ligne d'extrait de compte traitée hors guichet par %(actor)s"),
    erase={REASON},
)
register(
    "guichet.payment.journal_exported",
    clerk=_("Journal des paiements exporté par %(actor)s"),
    erase=set(),
)
register(
    "guichet.request.payment_expired",
    clerk=_("Demande annulée faute de paiement dans le délai"),
    citizen=_("Votre demande a été annulée faute de paiement"),
    erase=set(),
)
register(
    "guichet.retention.purged",
    clerk=_("Purge des données arrivées en fin de conservation"),
    erase=set(),
)


def _support_until(entry):
    return {"until": entry.data.get("until", "")}


# Intercommunale support (guichet.support): the commune opens, the support reads, anyone of the
# commune's administrators may close early. Staff names only, never a citizen's.
register(
    "guichet.support.granted",
    clerk=_("Accès de support ouvert par %(actor)s jusqu'au %(until)s"),
    erase=set(),
    context=_support_until,
)
register(
    "guichet.support.revoked",
    clerk=_("Accès de support révoqué par %(actor)s"),
    erase=set(),
)
register(
    "guichet.support.viewed",
    clerk=_("Consultée par %(actor)s (support intercommunal, lecture seule)"),
    erase=set(),
)
register(
    "guichet.support.refused",
    clerk=_("Action refusée à %(actor)s (support intercommunal, lecture seule)"),
    erase=set(),
)
