"""The citizen's ordering steps. Each form keeps what was typed when it is sent back."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from guichet.constants import Delivery, Relationship, Subject
from guichet.fields import NationalNumberField
from guichet.models import Purpose
from guichet.uploads import validate_upload


class SubjectForm(forms.Form):
    subject_type = forms.ChoiceField(
        label=_("Pour qui demandez-vous ce document ?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez pour qui vous demandez ce document.")},
    )
    subject_niss = NationalNumberField(
        label=_("Numéro de registre national de la personne concernée"), required=False
    )
    relationship = forms.ChoiceField(
        label=_("Votre lien avec cette personne"),
        choices=[("", _("— Choisissez —")), *Relationship.choices],
        required=False,
    )
    relationship_detail = forms.CharField(
        label=_("Précisez votre lien"), max_length=200, required=False
    )
    power_of_attorney = forms.FileField(
        label=_("Procuration signée"),
        required=False,
        help_text=_(
            "PDF, JPEG ou PNG, 5 Mo au maximum, avec une copie de la carte d'identité "
            "de la personne concernée."
        ),
    )

    def __init__(self, *args, kind, has_power_of_attorney=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.has_power_of_attorney = has_power_of_attorney
        self.fields["subject_type"].choices = [
            (value, label) for value, label in Subject.choices if value in kind.subjects
        ]
        if kind.relationships:
            self.fields["relationship"].choices = [
                ("", _("— Choisissez —")),
                *((v, label) for v, label in Relationship.choices if v in kind.relationships),
            ]
        if has_power_of_attorney:
            self.fields["power_of_attorney"].help_text = _(
                "Une procuration est déjà jointe. Envoyez un autre fichier pour la remplacer."
            )

    def clean_power_of_attorney(self):
        upload = self.cleaned_data.get("power_of_attorney")
        if upload:
            validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        subject_type = data.get("subject_type")
        if (
            subject_type
            and subject_type != Subject.SELF
            and not data.get("subject_niss")
            and "subject_niss" not in self.errors
        ):
            self.add_error(
                "subject_niss",
                _("Saisissez le numéro de registre national de la personne concernée."),
            )
        if subject_type == Subject.THIRD_PARTY:
            if not data.get("relationship"):
                self.add_error("relationship", _("Indiquez votre lien avec cette personne."))
            elif (
                data["relationship"] == Relationship.OTHER
                and not data.get("relationship_detail", "").strip()
            ):
                self.add_error("relationship_detail", _("Précisez votre lien avec cette personne."))
            if (
                not data.get("power_of_attorney")
                and not self.has_power_of_attorney
                and "power_of_attorney" not in self.errors
                and self.kind.power_of_attorney_required(
                    relationship=data.get("relationship", ""),
                    subject_niss=data.get("subject_niss", ""),
                )
            ):
                self.add_error(
                    "power_of_attorney",
                    _("Joignez la procuration signée par la personne concernée."),
                )
        if subject_type == Subject.SELF:
            data["subject_niss"] = ""
        return data


class PurposeForm(forms.Form):
    purpose = forms.ModelChoiceField(
        label=_("À quoi servira ce document ?"),
        queryset=Purpose.objects.none(),
        empty_label=_("— Choisissez un motif —"),
        error_messages={
            "required": _("Choisissez le motif de votre demande."),
            "invalid_choice": _("Choisissez un motif de la liste."),
        },
    )
    purpose_explanation = forms.CharField(
        label=_("Précisez le motif"),
        max_length=300,
        required=False,
        help_text=_("Obligatoire pour « Autre motif ». 300 caractères au maximum."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["purpose"]
        field.queryset = Purpose.objects.filter(kind=kind.slug, active=True)
        field.label_from_instance = lambda p: f"{p.label} — {_('gratuit')}" if p.free else p.label
        if kind.variants:
            field.choices = self._grouped_choices(field, kind)

    @staticmethod
    def _grouped_choices(field, kind):
        """Purposes common to every variant first, then one group per variant."""
        purposes = list(field.queryset)
        choices = [("", field.empty_label)]
        choices += [(p.pk, field.label_from_instance(p)) for p in purposes if not p.variant]
        for code, label in kind.variants:
            group = [(p.pk, field.label_from_instance(p)) for p in purposes if p.variant == code]
            if group:
                choices.append((label, group))
        return choices

    def clean(self):
        data = super().clean()
        purpose = data.get("purpose")
        explanation = data.get("purpose_explanation", "").strip()
        if purpose and purpose.needs_explanation and not explanation:
            self.add_error("purpose_explanation", _("Précisez le motif de votre demande."))
        data["purpose_explanation"] = explanation
        return data


class DeliveryForm(forms.Form):
    copies = forms.IntegerField(
        label=_("Nombre d'exemplaires"),
        min_value=1,
        max_value=20,
        initial=1,
        error_messages={
            "required": _("Indiquez le nombre d'exemplaires (de 1 à 20)."),
            "invalid": _("Le nombre d'exemplaires est un nombre entier, de 1 à 20."),
            "min_value": _("Il faut au moins 1 exemplaire."),
            "max_value": _("20 exemplaires au maximum par demande."),
        },
    )
    delivery = forms.ChoiceField(
        label=_("Comment souhaitez-vous recevoir le document ?"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        initial=Delivery.DOWNLOAD,
        error_messages={"required": _("Choisissez un mode de remise.")},
    )
    street = forms.CharField(label=_("Rue"), max_length=150, required=False)
    number = forms.CharField(label=_("Numéro"), max_length=10, required=False)
    box = forms.CharField(label=_("Boîte"), max_length=10, required=False)
    postcode = forms.CharField(
        label=_("Code postal"),
        max_length=4,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    city = forms.CharField(label=_("Localité"), max_length=100, required=False)

    ADDRESS_FIELDS = ("street", "number", "box", "postcode", "city")

    def clean_postcode(self):
        value = self.cleaned_data.get("postcode", "").strip()
        if value and not (value.isdigit() and len(value) == 4 and 1000 <= int(value) <= 9992):
            raise ValidationError(
                _(
                    "Saisissez un code postal belge : 4 chiffres, de 1000 à "
                    "9992. Nous n'envoyons qu'en Belgique."
                )
            )
        return value

    def clean(self):
        data = super().clean()
        if data.get("delivery") == Delivery.POST:
            required = {
                "street": _("Saisissez la rue."),
                "number": _("Saisissez le numéro."),
                "postcode": _("Saisissez le code postal."),
                "city": _("Saisissez la localité."),
            }
            for name, message in required.items():
                if not (data.get(name) or "").strip() and name not in self.errors:
                    self.add_error(name, message)
        return data

    def postal_address(self):
        if self.cleaned_data.get("delivery") != Delivery.POST:
            return {}
        return {name: self.cleaned_data.get(name, "").strip() for name in self.ADDRESS_FIELDS}


class AnswerForm(forms.Form):
    message = forms.CharField(
        label=_("Votre réponse"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachment = forms.FileField(
        label=_("Document à joindre"),
        required=False,
        help_text=_("PDF, JPEG ou PNG, 5 Mo au maximum."),
    )

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        empty = not (data.get("message") or "").strip() and not data.get("attachment")
        if empty and not self.errors:
            raise ValidationError(_("Écrivez votre réponse ou joignez un document."))
        return data


class TrackingForm(forms.Form):
    code = forms.CharField(
        label=_("Code de suivi"),
        max_length=20,
        help_text=_(
            "10 caractères, indiqués sur la confirmation de votre demande. Exemple : ABCDE-23456"
        ),
        error_messages={"required": _("Saisissez votre code de suivi.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class VerificationForm(forms.Form):
    code = forms.CharField(
        label=_("Code de vérification"),
        max_length=20,
        help_text=_("12 caractères, imprimés en bas du document. Exemple : ABCD-EFGH-2345"),
        error_messages={"required": _("Saisissez le code de vérification du document.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class PdfCheckForm(forms.Form):
    pdf = forms.FileField(
        label=_("Le fichier PDF reçu"),
        help_text=_(
            "Nous comparons son empreinte avec celle du document délivré. "
            "Le fichier n'est pas conservé."
        ),
        error_messages={"required": _("Choisissez le fichier PDF à comparer.")},
    )

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > 10 * 1024 * 1024:
            raise ValidationError(_("Ce fichier est trop grand pour être un de nos documents."))
        return upload
