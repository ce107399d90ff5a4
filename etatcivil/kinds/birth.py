"""Birth certificate (état civil): extract, full copy, plurilingual extract.

Who may ask, for an act under 100 years: the person; a parent of a minor (checked in the
act's filiation); the spouse or legal cohabitant, ascendants, descendants, heirs, the
person's notary or lawyer (their capacity is checked by a clerk); anyone else with a signed
power of attorney. Acts of 100 years or more are public. Only the person's own electronic
act, or their minor child's, asked with a strong sign-in, is issued without a clerk.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etatcivil.constants import BirthVariant
from etatcivil.roles import ETAT_CIVIL
from etatcivil.sources import civil_status_source
from guichet.constants import Relationship, Subject
from guichet.kinds import (
    NOT_ELIGIBLE,
    OTHER_PURPOSES,
    SOCIAL_PURPOSES,
    Decision,
    DocumentKind,
    PurposeDefault,
    SubjectInfo,
)
from population.sources import minor_children_of

SLUG = "acte-naissance"

# Relatives and professionals the law entitles to the act: no power of attorney, but a clerk
# checks their capacity.
ENTITLED_RELATIONSHIPS = {
    Relationship.SPOUSE,
    Relationship.PARENT,
    Relationship.CHILD,
    Relationship.HEIR,
    Relationship.NOTARY,
    Relationship.LAWYER,
}

VARIANT_TEMPLATES = {
    BirthVariant.EXTRAIT: "documents/birth_extrait.html",
    BirthVariant.COPIE: "documents/birth_copie.html",
    BirthVariant.PLURILINGUE: "documents/birth_plurilingue.html",
}

BIRTH_PURPOSES = [
    *SOCIAL_PURPOSES,
    PurposeDefault("mariage", _("Mariage ou cohabitation légale")),
    PurposeDefault("nationalite", _("Nationalité")),
    PurposeDefault("genealogie", _("Recherche généalogique")),
    *OTHER_PURPOSES,
]


class BirthDetailsForm(forms.Form):
    variant = forms.ChoiceField(
        label=_("Quel document souhaitez-vous ?"),
        choices=[
            (
                BirthVariant.EXTRAIT,
                _(
                    "Extrait — les données actuelles de l'acte (suffit pour la plupart des "
                    "démarches)"
                ),
            ),
            (
                BirthVariant.COPIE,
                _(
                    "Copie intégrale — l'acte tel qu'il a été dressé, avec toutes les "
                    "modifications ultérieures (mentions marginales)"
                ),
            ),
            (
                BirthVariant.PLURILINGUE,
                _(
                    "Extrait plurilingue — pour une autorité étrangère : rubriques en français, "
                    "anglais, néerlandais et allemand"
                ),
            ),
        ],
        initial=BirthVariant.EXTRAIT,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez l'extrait, la copie intégrale ou l'extrait plurilingue."),
            "invalid_choice": _(
                "Choisissez l'extrait, la copie intégrale ou l'extrait plurilingue."
            ),
        },
    )


class BirthCertificateKind(DocumentKind):
    def __init__(self):
        super().__init__(
            slug=SLUG,
            label=_("Acte de naissance"),
            summary=_(
                "Extrait ou copie intégrale de l'acte de naissance dressé dans la commune, ou "
                "extrait plurilingue pour l'étranger."
            ),
            who_may_ask=_(
                "La personne elle-même ; un parent pour son enfant mineur ; le conjoint ou "
                "cohabitant légal, les ascendants, descendants et héritiers, le notaire ou "
                "l'avocat ; toute autre personne avec une procuration. Les actes de plus de "
                "100 ans peuvent être demandés par tous."
            ),
            what_is_needed=_(
                "Être né(e) dans la commune. Pour une autre personne : son numéro de registre "
                "national et votre lien avec elle (ou sa procuration signée)."
            ),
            handling_group=ETAT_CIVIL,
            subjects=(Subject.SELF, Subject.MINOR_CHILD, Subject.THIRD_PARTY),
            variants=tuple(BirthVariant.choices),
            variant_field="variant",
            default_base_fee=Decimal("3.00"),
            default_delay_days=5,
            default_validity_days=90,
            default_purposes=BIRTH_PURPOSES,
            pdf_template="documents/birth.html",
            register_template="etatcivil/register/birth.html",
            elsewhere=(
                (
                    _(
                        "Si vous êtes né(e) dans une autre commune belge, demandez l'acte à "
                        "cette commune, à son guichet ou sur son site."
                    ),
                    "",
                    "",
                ),
                (
                    _(
                        "Un acte repris dans la base de données des actes de l'état civil "
                        "(BAEC : les actes dressés depuis le 31 mars 2019, et les plus anciens "
                        "déjà numérisés) peut être délivré par n'importe quelle commune belge."
                    ),
                    "",
                    "",
                ),
            ),
            clerk_template="etatcivil/bureau/digitise.html",
            signatory_formula=_("L'officier de l'état civil,"),
            default_signatory_function=_("Officier de l'état civil délégué"),
        )
        self.details_form = BirthDetailsForm

    def minor_children(self, *, applicant):
        """The minors of the applicant's household whose birth act is here."""
        source = civil_status_source()
        return [
            child
            for child in minor_children_of(applicant.niss)
            if source.act_of(child.niss) is not None
        ]

    # -- who may ask ---------------------------------------------------------------------
    def resolve_subject(self, *, applicant, subject_type, subject_niss):
        niss = applicant.niss if subject_type == Subject.SELF else subject_niss
        act = civil_status_source().act_of(niss)
        if act is None:
            if subject_type == Subject.SELF:
                raise ValidationError(
                    {
                        "subject_type": ValidationError(
                            _(
                                "Nous ne trouvons pas votre acte de naissance dans le registre "
                                "de l'état civil de la commune."
                            ),
                            code=NOT_ELIGIBLE,
                        )
                    }
                )
            raise ValidationError(
                {
                    "subject_niss": _(
                        "Aucun acte de naissance n'est enregistré dans la commune pour ce "
                        "numéro. Vérifiez le numéro ; si la personne est née ailleurs, "
                        "adressez-vous à sa commune de naissance."
                    )
                }
            )
        if subject_type == Subject.MINOR_CHILD and act.child_age_on(timezone.localdate()) >= 18:
            raise ValidationError(
                {
                    "subject_niss": _(
                        "Cette personne est majeure : choisissez « Une autre personne » et "
                        "indiquez votre lien avec elle."
                    )
                }
            )
        return SubjectInfo(
            niss=niss, first_name=act.current.first_name, last_name=act.current.last_name
        )

    def power_of_attorney_required(self, *, relationship, subject_niss):
        act = civil_status_source().act_of(subject_niss)
        if act is not None and act.is_public(timezone.localdate()):
            return False
        return relationship not in ENTITLED_RELATIONSHIPS

    # -- deciding ------------------------------------------------------------------------
    def decide(self, request):
        act = civil_status_source().act_of(request.subject_niss)
        if act is None:
            return Decision.clerk(_("Aucun acte de naissance trouvé dans le registre."))
        today = timezone.localdate()
        reasons = []
        if not act.digitised:
            reasons.append(
                _("Acte sur papier, pas encore dans la BAEC : à numériser avant la délivrance.")
            )
        if request.subject_type == Subject.THIRD_PARTY:
            if act.is_public(today):
                reasons.append(_("Acte de plus de 100 ans, public : demande d'un tiers."))
            elif request.relationship in ENTITLED_RELATIONSHIPS:
                reasons.append(
                    _("Demande d'un tiers (%(relationship)s) : qualité à vérifier.")
                    % {"relationship": Relationship(request.relationship).label}
                )
            else:
                reasons.append(_("Demande d'un tiers : procuration à vérifier."))
        if request.subject_type == Subject.MINOR_CHILD:
            if not act.has_parent(request.applicant_niss):
                reasons.append(
                    _(
                        "Le demandeur n'est pas un parent inscrit dans l'acte de l'enfant : "
                        "représentation légale à vérifier."
                    )
                )
            if act.child_age_on(today) >= 18:
                reasons.append(_("L'enfant est devenu majeur depuis la demande."))
        if reasons:
            return Decision.clerk(" ".join(str(reason) for reason in reasons))
        return Decision(auto=True)

    # -- the document --------------------------------------------------------------------
    def register_data(self, request):
        return civil_status_source().act_of(request.subject_niss)

    def document_context(self, request, register_data):
        from guichet.issuing import IssuingError

        if not register_data.digitised:
            raise IssuingError(
                _("acte sur papier : enregistrez d'abord sa numérisation dans la BAEC"),
                refusal="etatcivil.paper_act",
            )
        variant = self.variant(request.details)
        return {
            "act": register_data,
            "variant": variant,
            "variant_template": VARIANT_TEMPLATES[variant],
        }

    def clerk_context(self, document_request, *, forms):
        """The "paper act" box: while the request is open and its act exists only on paper,
        the clerk records the act's digitisation here, then previews and issues."""
        from django.urls import reverse

        from etatcivil.forms import DigitiseForm
        from guichet.constants import OPEN_STATES

        if document_request.state not in OPEN_STATES:
            return None
        act = civil_status_source().act_of(document_request.subject_niss)
        if act is None or act.digitised:
            return None
        return {
            "form": forms.get("digitise") or DigitiseForm(),
            "url": reverse("etatcivil:digitise", args=[document_request.reference]),
        }

    def document_title(self, request):
        return BirthVariant(self.variant(request.details)).label

    def details_summary(self, details):
        return [(_("Document demandé"), BirthVariant(self.variant(details)).label)]
