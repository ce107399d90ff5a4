"""Certificate of household composition (composition de ménage)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from guichet.constants import Subject
from guichet.kinds import (
    NOT_ELIGIBLE,
    OTHER_PURPOSES,
    SOCIAL_PURPOSES,
    Decision,
    DocumentKind,
    SubjectInfo,
)
from population.roles import POPULATION
from population.sources import MON_DOSSIER_URL, minor_children_of, population_source

SLUG = "composition-menage"


class HouseholdDetailsForm(forms.Form):
    on_date = forms.DateField(
        label=_("À quelle date ?"),
        required=False,
        help_text=_(
            "Laissez vide pour la composition actuelle. Une date passée est vérifiée par un agent."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Saisissez une date valable, par exemple 15/03/2024.")},
    )

    def clean_on_date(self):
        day = self.cleaned_data.get("on_date")
        if day is None:
            return None
        today = timezone.localdate()
        if day > today:
            raise ValidationError(_("La date ne peut pas être dans le futur."))
        if day.year < 1900:
            raise ValidationError(_("Le registre ne remonte pas avant 1900."))
        return day.isoformat() if day != today else None


def _on_date(details):
    value = (details or {}).get("on_date")
    if value:
        from datetime import date

        return date.fromisoformat(value)
    return timezone.localdate()


class HouseholdCompositionKind(DocumentKind):
    def __init__(self):
        super().__init__(
            slug=SLUG,
            label=_("Composition de ménage"),
            summary=_(
                "Certificat qui indique l'adresse de résidence principale et les personnes "
                "inscrites dans le même ménage."
            ),
            who_may_ask=_(
                "Un membre du ménage pour son propre ménage ; un parent pour son enfant mineur ; "
                "une autre personne avec une procuration."
            ),
            what_is_needed=_(
                "Être inscrit dans le registre de la population de la commune. Pour une autre "
                "personne : son numéro de registre national et une procuration signée."
            ),
            handling_group=POPULATION,
            subjects=(Subject.SELF, Subject.MINOR_CHILD, Subject.THIRD_PARTY),
            default_base_fee=Decimal("2.00"),
            default_delay_days=5,
            default_validity_days=90,
            default_purposes=SOCIAL_PURPOSES + OTHER_PURPOSES,
            pdf_template="documents/household.html",
            register_template="bureau/register/household.html",
            elsewhere=(
                (
                    _(
                        "Votre commune de domicile délivre la composition de votre ménage, "
                        "à son guichet ou sur son site."
                    ),
                    "",
                    "",
                ),
                (
                    _(
                        "Mon DOSSIER, le service en ligne du Registre national, la délivre "
                        "gratuitement et immédiatement, avec votre carte d'identité ou itsme."
                    ),
                    MON_DOSSIER_URL,
                    _("Ouvrir Mon DOSSIER"),
                ),
            ),
        )
        self.details_form = HouseholdDetailsForm

    def minor_children(self, *, applicant):
        return minor_children_of(applicant.niss)

    def resolve_subject(self, *, applicant, subject_type, subject_niss):
        source = population_source()
        if subject_type == Subject.SELF:
            person = source.person(applicant.niss)
            if person is None:
                raise ValidationError(
                    {
                        "subject_type": ValidationError(
                            _(
                                "Vous n'êtes pas inscrit(e) dans le registre de la population "
                                "de la commune : nous ne pouvons pas établir votre composition "
                                "de ménage."
                            ),
                            code=NOT_ELIGIBLE,
                        )
                    }
                )
        else:
            person = source.person(subject_niss)
            if person is None:
                raise ValidationError(
                    {
                        "subject_niss": _(
                            "Aucune personne avec ce numéro n'est inscrite dans la commune. "
                            "Vérifiez le numéro."
                        )
                    }
                )
            if subject_type == Subject.MINOR_CHILD and person.age_on(timezone.localdate()) >= 18:
                raise ValidationError(
                    {
                        "subject_niss": _(
                            "Cette personne est majeure : choisissez « Une autre personne » et "
                            "joignez sa procuration."
                        )
                    }
                )
        return SubjectInfo(
            niss=person.niss, first_name=person.first_name, last_name=person.last_name
        )

    def check_order(self, *, applicant, subject_type, relationship, subject_niss, details, purpose):
        """The subject must have had a household on the chosen date."""
        if not population_source().registered_in_household(subject_niss, _on_date(details)):
            raise ValidationError(
                {
                    "on_date": _(
                        "À cette date, la personne n'était membre d'aucun ménage inscrit dans "
                        "la commune."
                    )
                }
            )
        super().check_order(
            applicant=applicant,
            subject_type=subject_type,
            relationship=relationship,
            subject_niss=subject_niss,
            details=details,
            purpose=purpose,
        )

    def decide(self, request):
        if request.details.get("on_date"):
            return Decision.clerk(_("Composition à une date passée : à vérifier par un agent."))
        if request.subject_type == Subject.THIRD_PARTY:
            return Decision.clerk(_("Demande pour une autre personne : procuration à vérifier."))
        if request.subject_type == Subject.SELF:
            # check_order has just found the subject in a household today (it runs right
            # before, in the same submission), and the subject's name comes from the register
            # (resolve_subject): nothing more to read.
            register_last_name = request.subject_last_name
        else:
            household = population_source().household_of(request.subject_niss, timezone.localdate())
            if household is None:
                return Decision.clerk(_("Aucun ménage actuel trouvé dans le registre."))
            applicant = next(
                (m.person for m in household.members if m.person.niss == request.applicant_niss),
                None,
            )
            if applicant is None:
                return Decision.clerk(
                    _("Le parent n'est pas membre du ménage de l'enfant : lien à vérifier.")
                )
            register_last_name = applicant.last_name
        if register_last_name.casefold() != (request.applicant_last_name or "").casefold():
            return Decision.clerk(
                _("L'identité de connexion ne correspond pas au registre (nom différent).")
            )
        return Decision(auto=True)

    def register_data(self, request):
        return population_source().household_of(request.subject_niss, _on_date(request.details))

    def document_context(self, request, register_data):
        return {"household": register_data, "on_date": register_data.on_date}

    def details_summary(self, details):
        day = _on_date(details)
        label = (
            _("Composition actuelle")
            if not (details or {}).get("on_date")
            else date_format(day, "j F Y")
        )
        return [(_("À la date du"), label)]
