"""The registry of document kinds. The core knows kinds only through this interface.

A document app declares a `DocumentKind` subclass and registers an instance in its `kinds`
module (or package), which GuichetConfig.ready() imports for every installed app; the kind's
PDF and register templates live in the app's own templates/ folder. Adding a fourth document
touches one app only (docs/architecture.md, "Adding a fourth kind"). Fees, delays and
purposes are configuration: each kind gives defaults, copied once into `KindSettings` and
`Purpose` rows that the commune then edits.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from guichet.constants import Assurance, Subject


@dataclass(frozen=True)
class PurposeDefault:
    code: str
    label: str
    supplement: Decimal = Decimal("0")
    free: bool = False
    needs_explanation: bool = False
    # The variant (e.g. a criminal-record model) the purpose belongs to; "" = every variant.
    variant: str = ""


# The IMIO pattern: social purposes are free, others carry the base fee (plus a supplement).
SOCIAL_PURPOSES = [
    PurposeDefault("allocations-familiales", _("Allocations familiales"), free=True),
    PurposeDefault("bourse-etudes", _("Bourse d'études"), free=True),
    PurposeDefault("creche", _("Crèche ou accueil de l'enfance"), free=True),
    PurposeDefault("recherche-emploi", _("Recherche d'emploi"), free=True),
    PurposeDefault("ecole", _("École ou inscription scolaire"), free=True),
    PurposeDefault("logement-social", _("Logement social"), free=True),
    PurposeDefault("mutuelle", _("Mutuelle (assurance soins de santé)"), free=True),
    PurposeDefault("pension", _("Pension"), free=True),
    PurposeDefault("administration-regionale", _("Administration régionale"), free=True),
    PurposeDefault("syndicat-onem", _("Syndicat, ONEM ou CAPAC"), free=True),
]
OTHER_PURPOSES = [
    PurposeDefault("assurance", _("Assurance")),
    PurposeDefault("avocat", _("Avocat")),
    PurposeDefault("banque", _("Banque")),
    PurposeDefault("consulat", _("Consulat ou ambassade")),
    PurposeDefault("huissier", _("Huissier de justice")),
    PurposeDefault("notaire", _("Notaire")),
    PurposeDefault("succession", _("Succession")),
    PurposeDefault("etranger", _("Usage à l'étranger"), supplement=Decimal("1.00")),
    PurposeDefault("autre", _("Autre motif (à préciser)"), needs_explanation=True),
]


# The code of resolve_subject's ValidationError when the applicant may not order this
# document here online at all (not registered, too young...): not a mistake in the form, so
# the website answers with a page saying why and where to go instead.
NOT_ELIGIBLE = "not_eligible"


@dataclass(frozen=True)
class SubjectInfo:
    """Who the document is about, as found in a register."""

    niss: str
    first_name: str
    last_name: str
    birth_date: date | None = None


@dataclass(frozen=True)
class Decision:
    """Whether a request may be issued without a clerk, and if not, why (shown to clerks)."""

    auto: bool
    reason: str = ""

    @classmethod
    def clerk(cls, reason):
        return cls(auto=False, reason=str(reason))


@dataclass
class DocumentKind:
    slug: str = ""
    label: str = ""
    summary: str = ""
    who_may_ask: str = ""
    what_is_needed: str = ""
    handling_group: str = ""
    subjects: tuple = (Subject.SELF,)
    # The relationships a third party may state (Relationship values); empty = all of them.
    relationships: tuple = ()
    details_form = None  # a Form class for the kind's own questions, or None
    # (code, label) of the document's variants (extrait/copie, criminal-record models...),
    # the first being the default, and the field of `details_form` where the citizen picks
    # one; purposes reserved to a variant are grouped under its label in the purpose list.
    variants: tuple = ()
    variant_field: str = ""
    # Where else to get this document, for a citizen who may not order it here online (a
    # ValidationError with the code NOT_ELIGIBLE from resolve_subject): (text, url, link
    # text) triples, url and link text "" for none. The page adds the commune's counter.
    elsewhere: tuple = ()
    default_base_fee: Decimal = Decimal("0")
    default_delay_days: int = 5
    default_validity_days: int = 90
    default_purposes: list = field(default_factory=list)
    pdf_template: str = ""
    # Template showing the register data to clerks (context: `register`, `req`).
    register_template: str = ""
    # False: a clerk always establishes this document, whatever decide() says.
    can_auto_issue: bool = True
    # The kind's own box among the actions of the back office's request page (work on the
    # register before issuing, such as digitising a paper act), filled by clerk_context().
    clerk_template: str = ""
    # Who issues the document, printed above the signatory's name and function (both set by
    # the commune in KindSettings, which may also replace this wording): the default is a
    # population certificate's, issued for the college by a delegated agent; the civil-status
    # kinds name the civil-status officer instead.
    signatory_formula: str = _("Pour le Collège communal, par délégation,")
    default_signatory_function: str = ""

    def resolve_subject(self, *, applicant, subject_type, subject_niss):
        """Return SubjectInfo or raise ValidationError keyed by form field."""
        raise NotImplementedError

    def minor_children(self, *, applicant):
        """The applicant's minor children the registers know (SubjectInfo with their birth
        date), offered as choices when a parent orders for a child. Default: none (the
        parent types the child's national number)."""
        return []

    def power_of_attorney_required(self, *, relationship, subject_niss):
        """Whether a third party stating this relationship must upload a signed power of
        attorney (SubjectForm asks for it). Default: always."""
        return True

    def variant(self, details):
        """The variant chosen in the details: the default one when missing or unknown, ""
        when the kind has no variants."""
        if not self.variants:
            return ""
        value = (details or {}).get(self.variant_field)
        return value if value in dict(self.variants) else self.variants[0][0]

    def check_order(self, *, applicant, subject_type, relationship, subject_niss, details, purpose):
        """The kind's conditions on a whole order, knowing who asks (`applicant`), for whom
        (`subject_type`, `relationship`, and `subject_niss`, the applicant's own for
        themselves), what (`details`, the details form's cleaned answers) and why
        (`purpose`, a Purpose); raise ValidationError keyed by a field of the details form
        or `purpose` (shown next to it on the website, pointed at by the API).

        guichet.ordering calls it at the details step (website) or on the whole order
        (API), and services.request_submit again at submission: the register may have
        changed meanwhile. Default: a purpose reserved to another variant is refused; a kind
        overriding it calls super().
        """
        wanted = self.variant(details)
        if purpose is not None and purpose.variant and purpose.variant != wanted:
            labels = dict(self.variants)
            raise ValidationError(
                {
                    "purpose": _(
                        "Ce motif ne vaut que pour « %(purpose_variant)s » : choisissez un "
                        "motif de la liste « %(variant)s »."
                    )
                    % {
                        "purpose_variant": labels.get(purpose.variant, purpose.variant),
                        "variant": labels.get(wanted, wanted),
                    }
                }
            )

    def decide(self, request):
        """The kind's own reasons for a clerk to look at a request about to be submitted
        (fields filled, not yet saved): Decision.clerk(reason), or Decision(auto=True).
        The rules every kind shares (a high-assurance sign-in, can_auto_issue) are the core's
        (guichet.kinds.decide), applied whatever this returns."""
        raise NotImplementedError

    def register_data(self, request):
        """The register data a clerk needs beside the request and the PDF shows."""
        raise NotImplementedError

    def document_context(self, request, register_data):
        """Template context for the PDF (the core adds commune, codes and QR)."""
        return {"register": register_data}

    def clerk_context(self, document_request, *, forms):
        """Context for `clerk_template` on the request page of a clerk whose service handles
        the kind, or None to show nothing now. `forms` maps names to forms sent back with
        their errors (the kind's own views post them)."""
        return None

    def details_summary(self, details):
        """(label, value) pairs of the kind's own answers, for summaries."""
        return []

    def document_title(self, request):
        return self.label


def decide(kind, document_request):
    """Whether a request is issued without a clerk: only when the kind allows it at all
    (can_auto_issue), the citizen signed in with a high assurance level (eID, itsme) and the
    kind's own rules find nothing for a clerk to check. Otherwise a clerk decides, and the
    reasons (the kind's first, then the core's) are shown to them."""
    own = kind.decide(document_request)
    reasons = [] if own.auto else [own.reason]
    if not kind.can_auto_issue:
        reasons.append(_("Ce document est toujours établi par un agent."))
    if document_request.assurance != Assurance.HIGH:
        reasons.append(_("Connexion sans niveau d'authentification élevé."))
    if reasons:
        return Decision.clerk(" ".join(str(reason) for reason in reasons if reason))
    return Decision(auto=True)


class Registry:
    def __init__(self):
        self._kinds = {}

    def register(self, kind):
        if kind.slug in self._kinds:
            raise ValueError(f"Document kind {kind.slug!r} registered twice")
        self._kinds[kind.slug] = kind
        return kind

    def get(self, slug):
        """The kind, or None when no app registers that slug."""
        return self._kinds.get(slug)

    def all(self):
        return list(self._kinds.values())


registry = Registry()


def sync_kind_settings(sender=None, using="default", **kwargs):
    """Create the configuration rows of newly registered kinds (never overwrites edits)."""
    from guichet import communes
    from guichet.models import Commune

    communes.forget()  # a flushed database (tests) has lost its communes
    for commune in list(Commune.objects.using(using).all()) or [communes.home()]:
        sync_commune_kind_settings(commune, using=using)


def sync_commune_kind_settings(commune, using="default"):
    """One commune's configuration rows of the registered kinds (new ones only)."""
    from guichet.models import KindSettings, Purpose

    for kind in registry.all():
        KindSettings.objects.using(using).get_or_create(
            commune=commune,
            kind=kind.slug,
            defaults={
                "base_fee": kind.default_base_fee,
                "announced_delay_days": kind.default_delay_days,
                "validity_days": kind.default_validity_days,
            },
        )
        for position, purpose in enumerate(kind.default_purposes):
            Purpose.objects.using(using).get_or_create(
                commune=commune,
                kind=kind.slug,
                code=purpose.code,
                defaults={
                    "label": str(purpose.label),
                    "supplement": purpose.supplement,
                    "free": purpose.free,
                    "needs_explanation": purpose.needs_explanation,
                    "position": position,
                    "variant": purpose.variant,
                },
            )
