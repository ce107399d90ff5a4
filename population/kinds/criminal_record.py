"""Criminal record extract (extrait de casier judiciaire), models 595, 596.1 and 596.2.

Asked from the commune of domicile, from the minimum age (setting CRIMINAL_RECORD_MIN_AGE,
16 by default), by the person or, for models 595 and 596.1 only, by a proxy holding a power
of attorney. Model 596.2 is never delivered to a proxy, nor while the person is in pre-trial
detention. Issued without a clerk only to a strongly signed-in person asking for their own
extract when the record shows nothing on the requested model.
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.constants import Relationship, Subject
from guichet.kinds import NOT_ELIGIBLE, Decision, DocumentKind, PurposeDefault, SubjectInfo
from population.criminal_records import criminal_record_source
from population.models.criminal_record import ExtractModel
from population.roles import POPULATION
from population.sources import PersonRecord, population_source

SLUG = "casier-judiciaire"

MODEL_DESCRIPTIONS = {
    ExtractModel.M595: _(
        "Modèle 595 — extrait ordinaire, pour une activité non réglementée (le plus courant)"
    ),
    ExtractModel.M596_1: _(
        "Modèle 596.1 — activité réglementée : taxi, gardiennage, armes, transport, débit "
        "de boissons, assurances…"
    ),
    ExtractModel.M596_2: _(
        "Modèle 596.2 — éducation, guidance psycho-médico-sociale, aide à la jeunesse, "
        "activités avec des mineurs ou leur encadrement"
    ),
}

# Legal references printed on the extract, per model (Code d'instruction criminelle).
MODEL_ARTICLES = {
    ExtractModel.M595: _("article 595 du Code d'instruction criminelle"),
    ExtractModel.M596_1: _("article 596, alinéa 1er, du Code d'instruction criminelle"),
    ExtractModel.M596_2: _("article 596, alinéa 2, du Code d'instruction criminelle"),
}

DETENTION_REFUSAL = _(
    "Le modèle 596.2 ne peut pas être délivré : la personne concernée se trouve en détention "
    "préventive (article 596, alinéa 4, du Code d'instruction criminelle). Un autre modèle "
    "reste possible."
)
PROXY_REFUSAL = _(
    "Le modèle 596.2 ne peut pas être demandé par un mandataire : la personne concernée "
    "doit le demander elle-même. Les modèles 595 et 596.1 peuvent être demandés avec une "
    "procuration."
)


def _p(model, code, label, **kwargs):
    prefix = model.replace(".", "")
    return PurposeDefault(f"{prefix}-{code}", label, variant=model, **kwargs)


M595, M5961, M5962 = ExtractModel.M595, ExtractModel.M596_1, ExtractModel.M596_2
CRIMINAL_RECORD_PURPOSES = [
    _p(M595, "recherche-emploi", _("Recherche d'emploi"), free=True),
    _p(M595, "emploi", _("Emploi dans une activité non réglementée")),
    _p(M595, "benevolat", _("Volontariat ou bénévolat (sans contact avec des mineurs)"), free=True),
    _p(M595, "etudes", _("Études ou stage (sans contact avec des mineurs)"), free=True),
    _p(M595, "logement", _("Logement"), free=True),
    _p(M595, "etranger", _("Visa, séjour ou emploi à l'étranger")),
    _p(M595, "autre", _("Autre motif (à préciser)"), needs_explanation=True),
    _p(M5961, "taxi", _("Taxi ou location de voiture avec chauffeur")),
    _p(M5961, "gardiennage", _("Gardiennage, sécurité privée ou détective")),
    _p(M5961, "armes", _("Détention, port ou commerce d'armes")),
    _p(M5961, "transport", _("Transport de personnes ou de marchandises")),
    _p(M5961, "boissons", _("Débit de boissons spiritueuses")),
    _p(M5961, "assurances", _("Intermédiaire d'assurances ou de crédit")),
    _p(M5961, "autre", _("Autre activité réglementée (à préciser)"), needs_explanation=True),
    _p(M5962, "enseignement", _("Enseignement")),
    _p(M5962, "accueil-enfance", _("Accueil de la petite enfance")),
    _p(M5962, "jeunesse", _("Aide à la jeunesse ou guidance psycho-médico-sociale")),
    _p(
        M5962,
        "animation",
        _("Animation ou encadrement de mineurs (mouvement de jeunesse, club, stage)"),
        free=True,
    ),
    _p(M5962, "adoption", _("Adoption ou accueil familial")),
    _p(M5962, "autre", _("Autre activité avec des mineurs (à préciser)"), needs_explanation=True),
]


class CriminalRecordDetailsForm(forms.Form):
    model = forms.ChoiceField(
        label=_("Quel modèle d'extrait ?"),
        help_text=_(
            "Le modèle dépend de l'activité : demandez-le à l'employeur ou à l'organisme qui "
            "réclame l'extrait."
        ),
        choices=list(MODEL_DESCRIPTIONS.items()),
        initial=ExtractModel.M595,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez le modèle d'extrait : 595, 596.1 ou 596.2."),
            "invalid_choice": _("Choisissez le modèle d'extrait : 595, 596.1 ou 596.2."),
        },
    )


@dataclass(frozen=True)
class ExtractData:
    """What the extract shows, and what the clerk sees beside the request."""

    person: PersonRecord
    address: str
    model: str
    entries: list  # the decisions shown on this model
    all_entries: tuple  # every decision, for the clerk
    in_pretrial_detention: bool

    @property
    def model_label(self):
        return ExtractModel(self.model).label


def minimum_age():
    return getattr(settings, "CRIMINAL_RECORD_MIN_AGE", 16)


class CriminalRecordKind(DocumentKind):
    def __init__(self):
        super().__init__(
            slug=SLUG,
            label=_("Extrait de casier judiciaire"),
            summary=_(
                "Extrait des condamnations (modèles 595, 596.1 et 596.2), ou « Néant » si le "
                "casier ne mentionne rien pour le modèle demandé."
            ),
            who_may_ask=_(
                "La personne domiciliée dans la commune, dès %(age)s ans ; un mandataire avec "
                "procuration pour les modèles 595 et 596.1 uniquement."
            )
            % {"age": minimum_age()},
            what_is_needed=_(
                "Être domicilié(e) dans la commune. Savoir quel modèle et pour quelle activité "
                "l'extrait est demandé. Le document se télécharge depuis votre espace : il "
                "n'est jamais envoyé par e-mail."
            ),
            handling_group=POPULATION,
            subjects=(Subject.SELF, Subject.THIRD_PARTY),
            relationships=(Relationship.MANDATARY,),
            variants=tuple(ExtractModel.choices),
            variant_field="model",
            default_base_fee=Decimal("0"),
            default_delay_days=3,
            default_validity_days=90,
            default_purposes=CRIMINAL_RECORD_PURPOSES,
            pdf_template="documents/criminal_record.html",
            register_template="population/register/criminal_record.html",
            elsewhere=(
                (
                    _(
                        "L'extrait se demande à la commune de domicile, à son guichet ou sur "
                        "son site."
                    ),
                    "",
                    "",
                ),
                (
                    _(
                        "Si vous habitez à l'étranger, demandez-le au Casier judiciaire "
                        "central du SPF Justice."
                    ),
                    "https://justice.belgium.be/fr",
                    _("Site du SPF Justice"),
                ),
            ),
        )
        self.details_form = CriminalRecordDetailsForm

    # -- who may ask ---------------------------------------------------------------------
    def resolve_subject(self, *, applicant, subject_type, subject_niss):
        own = subject_type == Subject.SELF
        niss = applicant.niss if own else subject_niss
        field = "subject_type" if own else "subject_niss"
        today = timezone.localdate()
        source = population_source()
        person = source.person(niss)
        if person is None or not source.registered_in_household(niss, today):
            raise ValidationError(
                {
                    field: ValidationError(
                        _(
                            "Vous n'êtes pas domicilié(e) dans la commune : nous ne pouvons pas "
                            "délivrer votre extrait de casier judiciaire."
                        ),
                        code=NOT_ELIGIBLE,
                    )
                    if own
                    else _(
                        "Cette personne n'est pas domiciliée dans la commune : l'extrait se "
                        "demande à sa commune de domicile. Vérifiez le numéro."
                    )
                }
            )
        if person.age_on(today) < minimum_age():
            message = _(
                "L'extrait de casier judiciaire ne peut être demandé qu'à partir de %(age)s ans."
            ) % {"age": minimum_age()}
            raise ValidationError(
                {field: ValidationError(message, code=NOT_ELIGIBLE) if own else message}
            )
        return SubjectInfo(niss=niss, first_name=person.first_name, last_name=person.last_name)

    def check_order(self, *, applicant, subject_type, relationship, subject_niss, details, purpose):
        model = self.variant(details)
        if model == ExtractModel.M596_2:
            if subject_type != Subject.SELF:
                raise ValidationError({"model": PROXY_REFUSAL})
            if criminal_record_source().record_of(subject_niss).in_pretrial_detention:
                raise ValidationError({"model": DETENTION_REFUSAL})
        super().check_order(
            applicant=applicant,
            subject_type=subject_type,
            relationship=relationship,
            subject_niss=subject_niss,
            details=details,
            purpose=purpose,
        )

    # -- deciding ------------------------------------------------------------------------
    def decide(self, request):
        model = self.variant(request.details)
        record = criminal_record_source().record_of(request.subject_niss)
        if model == ExtractModel.M596_2:
            if request.subject_type != Subject.SELF:
                return Decision.clerk(_("Modèle 596.2 demandé par un mandataire : à refuser."))
            if record.in_pretrial_detention:
                return Decision.clerk(
                    _("Détention préventive : le modèle 596.2 est à refuser (art. 596, al. 4).")
                )
        reasons = []
        if request.subject_type != Subject.SELF:
            reasons.append(_("Demande par un mandataire : procuration à vérifier."))
        visible = record.visible_on(model)
        if visible:
            reasons.append(
                _(
                    "Le casier comporte %(count)s décision(s) visible(s) sur le modèle "
                    "%(model)s : extrait à établir par un agent."
                )
                % {"count": len(visible), "model": model}
            )
        if not population_source().registered_in_household(
            request.subject_niss, timezone.localdate()
        ):
            reasons.append(_("La personne n'est plus domiciliée dans la commune."))
        if reasons:
            return Decision.clerk(" ".join(str(reason) for reason in reasons))
        return Decision(auto=True)

    # -- the document --------------------------------------------------------------------
    def register_data(self, request):
        source = population_source()
        person = source.person(request.subject_niss)
        if person is None:
            return None
        household = source.household_of(request.subject_niss, timezone.localdate())
        model = self.variant(request.details)
        record = criminal_record_source().record_of(request.subject_niss)
        return ExtractData(
            person=person,
            address=household.address if household else "",
            model=model,
            entries=record.visible_on(model),
            all_entries=record.entries,
            in_pretrial_detention=record.in_pretrial_detention,
        )

    def document_context(self, request, register_data):
        from guichet.issuing import IssuingError

        if register_data.model == ExtractModel.M596_2 and register_data.in_pretrial_detention:
            raise IssuingError(_("détention préventive : le modèle 596.2 ne peut être délivré"))
        return {
            "extract": register_data,
            "article": MODEL_ARTICLES[register_data.model],
        }

    def document_title(self, request):
        return _("Extrait de casier judiciaire — %(model)s") % {
            "model": ExtractModel(self.variant(request.details)).label
        }

    def details_summary(self, details):
        return [(_("Modèle"), MODEL_DESCRIPTIONS[self.variant(details)])]
