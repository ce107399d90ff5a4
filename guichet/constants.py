from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Paiement attendu")
    SUBMITTED = "submitted", _("Reçue")
    IN_REVIEW = "in_review", _("En traitement")
    AWAITING_CITIZEN = "awaiting_citizen", _("En attente de votre réponse")
    ISSUED = "issued", _("Délivrée")
    CLOSED = "closed", _("Clôturée")
    REJECTED = "rejected", _("Refusée")
    CANCELLED = "cancelled", _("Annulée")
    ARCHIVED = "archived", _("Archivée")


OPEN_STATES = (State.SUBMITTED, State.IN_REVIEW, State.AWAITING_CITIZEN)

# The state labels above speak to the citizen ("En attente de votre réponse"); staff pages,
# statistics and exports read a state from the clerk's side where the two differ.
STAFF_STATE_LABELS = {State.AWAITING_CITIZEN: _("En attente du citoyen")}


class PaymentChoice(models.TextChoices):
    """How the citizen means to pay a fee (chosen when ordering; free requests have none)."""

    ONLINE = "online", _("En ligne (Bancontact, carte)")
    TRANSFER = "transfer", _("Par virement")
    COUNTER = "counter", _("Au guichet, au retrait du document")


def staff_state_label(value):
    """A state as staff read it ("En attente du citoyen"); an unknown code is shown as is."""
    if value in STAFF_STATE_LABELS:
        return STAFF_STATE_LABELS[value]
    return State(value).label if value in State.values else value


def staff_state_choices():
    return [(value, staff_state_label(value)) for value in State.values]


class Subject(models.TextChoices):
    SELF = "self", _("Moi-même")
    MINOR_CHILD = "minor_child", _("Mon enfant mineur")
    THIRD_PARTY = "third_party", _("Une autre personne")


class Relationship(models.TextChoices):
    SPOUSE = "spouse", _("Conjoint ou cohabitant légal")
    PARENT = "parent", _("Parent (ascendant)")
    CHILD = "child", _("Enfant (descendant)")
    HEIR = "heir", _("Héritier")
    NOTARY = "notary", _("Notaire")
    LAWYER = "lawyer", _("Avocat")
    MANDATARY = "mandatary", _("Mandataire (procuration)")
    OTHER = "other", _("Autre")


class Delivery(models.TextChoices):
    DOWNLOAD = "download", _("Téléchargement dans mon espace")
    POST = "post", _("Envoi postal à une adresse en Belgique")
    COUNTER = "counter", _("Retrait au guichet de l'administration")


class Assurance(models.TextChoices):
    """Identity assurance level of the citizen's sign-in (eIDAS vocabulary)."""

    LOW = "low", _("Faible")
    SUBSTANTIAL = "substantial", _("Substantiel")
    HIGH = "high", _("Élevé")


# How a clerk reads the sign-in behind a request, in words rather than eIDAS levels.
ASSURANCE_SENTENCES = {
    Assurance.LOW: _("connexion simple (identifiant et mot de passe)"),
    Assurance.SUBSTANTIAL: _("connexion renforcée (code par SMS ou application)"),
    Assurance.HIGH: _("connexion forte (eID / itsme)"),
}


class Channel(models.TextChoices):
    AUTO = "auto", _("Délivrance automatique")
    CLERK = "clerk", _("Traitement par un agent")


class MessageAuthor(models.TextChoices):
    CITIZEN = "citizen", _("Citoyen")
    CLERK = "clerk", _("Agent")


class DocumentStatus(models.TextChoices):
    VALID = "valid", _("Valide")
    EXPIRED = "expired", _("Expiré")
    REVOKED = "revoked", _("Révoqué")


class RejectionCode(models.TextChoices):
    """Why a clerk refused a request: chosen in the refusal form, counted in the statistics."""

    MISSING = "missing", _("Pièce justificative manquante ou illisible")
    PROXY = "proxy", _("Procuration absente ou non valable")
    NOT_REGISTERED = "not_registered", _("La personne n'est pas inscrite dans la commune")
    NOT_ENTITLED = "not_entitled", _("Le demandeur n'a pas qualité pour obtenir ce document")
    DUPLICATE = "duplicate", _("Demande en double")
    NO_ANSWER = "no_answer", _("Pas de réponse du demandeur")
    OTHER = "other", _("Autre motif")
