"""The citizen's ordering steps. Each form keeps what was typed when it is sent back."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from guichet import languages
from guichet.constants import Delivery, PaymentChoice, Relationship, Subject
from guichet.fields import NationalNumberField, required_when_shown
from guichet.models import Purpose
from guichet.uploads import validate_upload

# The answer "another child" in the list of the applicant's minor children.
OTHER_CHILD = "autre"


def _only_revealed(data, files, hidden):
    """The data and files without the fields in `hidden`: a field hidden by an answer is
    ignored (and comes back empty), whether or not the browser hid it (JavaScript off, or a
    value typed before changing the answer)."""
    data, files = data.copy(), files.copy()
    for name in hidden:
        data.pop(name, None)
        files.pop(name, None)
    return data, files


class SubjectForm(forms.Form):
    subject_type = forms.ChoiceField(
        label=_("Pour qui demandez-vous ce document ?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez pour qui vous demandez ce document.")},
    )
    child = required_when_shown(
        forms.ChoiceField(
            label=_("Quel enfant ?"),
            widget=forms.RadioSelect,
            required=False,
            error_messages={"invalid_choice": _("Choisissez un enfant de la liste.")},
        )
    )
    child_niss = required_when_shown(
        NationalNumberField(label=_("Numéro de registre national de l'enfant"), required=False)
    )
    subject_niss = required_when_shown(
        NationalNumberField(
            label=_("Numéro de registre national de la personne concernée"), required=False
        )
    )
    relationship = required_when_shown(
        forms.ChoiceField(
            label=_("Votre lien avec cette personne"),
            choices=[("", _("— Choisissez —")), *Relationship.choices],
            required=False,
        )
    )
    relationship_detail = required_when_shown(
        forms.CharField(label=_("Précisez votre lien"), max_length=200, required=False)
    )
    power_of_attorney = required_when_shown(
        forms.FileField(
            label=_("Procuration signée"),
            required=False,
            help_text=_(
                "PDF, JPEG ou PNG, 5 Mo au maximum, avec une copie de la carte d'identité "
                "de la personne concernée."
            ),
        )
    )

    # The fields each answer to "for whom" reveals; the others are ignored.
    REVEALED = {
        Subject.SELF: (),
        Subject.MINOR_CHILD: ("child", "child_niss"),
        Subject.THIRD_PARTY: (
            "subject_niss",
            "relationship",
            "relationship_detail",
            "power_of_attorney",
        ),
    }

    def __init__(
        self, data=None, files=None, *, kind, children=(), has_power_of_attorney=False, **kwargs
    ):
        """`children`: the applicant's minor children the registers know, as (opaque key,
        SubjectInfo) pairs, offered as choices; the key never shows a national number."""
        if data is not None:
            data, files = _only_revealed(data, files or {}, self._hidden(data, children))
        super().__init__(data, files, **kwargs)
        self.kind = kind
        self.children = dict(children)
        self.has_power_of_attorney = has_power_of_attorney
        self.fields["subject_type"].choices = [
            (value, label) for value, label in Subject.choices if value in kind.subjects
        ]
        if kind.relationships:
            self.fields["relationship"].choices = [
                ("", _("— Choisissez —")),
                *((v, label) for v, label in Relationship.choices if v in kind.relationships),
            ]
        if self.children:
            self.fields["child"].choices = [
                *((key, child_label(info)) for key, info in children),
                (OTHER_CHILD, _("Un autre enfant (par exemple inscrit dans une autre commune)")),
            ]
        else:
            del self.fields["child"]
        if has_power_of_attorney:
            self.power_of_attorney_kept()

    @classmethod
    def _hidden(cls, data, children):
        chosen = data.get("subject_type")
        if chosen not in cls.REVEALED:
            return ()  # nothing chosen yet: keep everything typed for the page sent back
        conditional = {name for names in cls.REVEALED.values() for name in names}
        hidden = conditional - set(cls.REVEALED[chosen])
        if data.get("relationship") != Relationship.OTHER:
            hidden.add("relationship_detail")
        if children and data.get("child") != OTHER_CHILD:
            hidden.add("child_niss")
        return hidden

    def power_of_attorney_kept(self):
        """A power of attorney waits in the draft: a new file only replaces it."""
        self.has_power_of_attorney = True
        field = self.fields["power_of_attorney"]
        field.label = _("Remplacer la procuration")
        field.help_text = _(
            "Seulement pour envoyer un autre fichier : PDF, JPEG ou PNG, 5 Mo au maximum."
        )
        # A page sent back has already drawn the field (error summary): draw it anew.
        self._bound_fields_cache.pop("power_of_attorney", None)

    def clean_power_of_attorney(self):
        upload = self.cleaned_data.get("power_of_attorney")
        if upload:
            validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        subject_type = data.get("subject_type")
        if subject_type == Subject.MINOR_CHILD:
            data["subject_niss"] = self._child_niss(data)
        elif (
            subject_type == Subject.THIRD_PARTY
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

    def _child_niss(self, data):
        """The national number of the child: chosen in the list, or typed."""
        child = data.get("child", "")
        if self.children and child in self.children:
            return self.children[child].niss
        if self.children and not child:
            if "child" not in self.errors:
                self.add_error("child", _("Choisissez votre enfant dans la liste."))
            return ""
        if not data.get("child_niss") and "child_niss" not in self.errors:
            self.add_error(
                "child_niss", _("Saisissez le numéro de registre national de votre enfant.")
            )
        return data.get("child_niss", "")


def child_label(info):
    """How a child is named in the list: name and birth date, never the national number."""
    if info.birth_date is None:
        return f"{info.first_name} {info.last_name}"
    return _("%(name)s, né(e) le %(date)s") % {
        "name": f"{info.first_name} {info.last_name}",
        "date": date_format(info.birth_date, "j F Y"),
    }


class PurposeSelect(forms.Select):
    """The purposes grouped by variant, each purpose reserved to a variant carrying it
    (data-variant): static/js/site.js disables the other variants' purposes once a variant
    is chosen. Without JavaScript the groups show it, and check_order refuses a mismatch."""

    def __init__(self, attrs=None, *, variants):
        super().__init__(attrs)
        self.variants = variants

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        variant = self.variants.get(str(value))
        if variant:
            option["attrs"]["data-variant"] = variant
        return option


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
    purpose_explanation = required_when_shown(
        forms.CharField(
            label=_("Précisez le motif"),
            max_length=300,
            required=False,
            help_text=_("300 caractères au maximum."),
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    )

    def __init__(self, data=None, *args, kind, **kwargs):
        purposes = Purpose.objects.filter(kind=kind.slug, active=True)
        # The pks of the purposes asking for an explanation: the field shows for them only
        # (data-show-when), and is ignored for any other purpose.
        self.explained = [
            str(pk) for pk in purposes.filter(needs_explanation=True).values_list("pk", flat=True)
        ]
        if data is not None and str(data.get("purpose", "")) not in self.explained:
            data, _files = _only_revealed(data, {}, ("purpose_explanation",))
        super().__init__(data, *args, **kwargs)
        field = self.fields["purpose"]
        field.queryset = purposes
        field.label_from_instance = lambda p: (
            f"{p.localized_label()} — {_('gratuit')}" if p.free else p.localized_label()
        )
        if kind.variants:
            field.widget = PurposeSelect(
                attrs={"data-variant-field": kind.variant_field},
                variants={str(p.pk): p.variant for p in purposes if p.variant},
            )
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
    copies = required_when_shown(
        forms.IntegerField(
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
    )
    delivery = forms.ChoiceField(
        label=_("Comment souhaitez-vous recevoir le document ?"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        initial=Delivery.DOWNLOAD,
        error_messages={"required": _("Choisissez un mode de remise.")},
    )
    street = required_when_shown(forms.CharField(label=_("Rue"), max_length=150, required=False))
    number = required_when_shown(forms.CharField(label=_("Numéro"), max_length=10, required=False))
    box = forms.CharField(label=_("Boîte"), max_length=10, required=False)
    postcode = required_when_shown(
        forms.CharField(
            label=_("Code postal"),
            max_length=4,
            required=False,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        )
    )
    city = required_when_shown(forms.CharField(label=_("Localité"), max_length=100, required=False))

    ADDRESS_FIELDS = ("street", "number", "box", "postcode", "city")

    def __init__(self, data=None, *args, **kwargs):
        # The address is asked for the post only, copies for a paper document only (a
        # download is one file however often it is printed): hidden, they are ignored.
        if data is not None:
            chosen = data.get("delivery")
            hidden = () if chosen == Delivery.POST else self.ADDRESS_FIELDS
            if chosen == Delivery.DOWNLOAD:
                hidden = (*hidden, "copies")
            data, _files = _only_revealed(data, {}, hidden)
            if chosen == Delivery.DOWNLOAD:
                data["copies"] = "1"
        super().__init__(data, *args, **kwargs)
        # The document's language, asked only where the commune has two administrative
        # languages (Brussels); never English (guichet.languages).
        if languages.citizen_chooses():
            self.fields["document_language"] = forms.ChoiceField(
                label=_("En quelle langue le document doit-il être rédigé ?"),
                choices=languages.language_choices(),
                widget=forms.RadioSelect,
                initial=languages.document_language(),
                error_messages={
                    "required": _("Choisissez la langue du document."),
                    "invalid_choice": _(
                        "Choisissez une langue de la liste : le document n'est rédigé que "
                        "dans une langue administrative de la commune."
                    ),
                },
            )

    def chosen_document_language(self):
        """The language chosen, or the commune's only administrative language."""
        return languages.document_language(self.cleaned_data.get("document_language"))

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
    # One of the two is required: neither is "(facultatif)".
    message = required_when_shown(
        forms.CharField(
            label=_("Votre réponse"),
            max_length=3000,
            required=False,
            help_text=_("Écrivez votre réponse, joignez un document, ou les deux."),
            widget=forms.Textarea(attrs={"rows": 5}),
        )
    )
    attachment = required_when_shown(
        forms.FileField(
            label=_("Document à joindre"),
            required=False,
            help_text=_("PDF, JPEG ou PNG, 5 Mo au maximum."),
        )
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


class PaymentChoiceForm(forms.Form):
    """How the citizen means to pay a fee, on the check-your-answers page. `options` are the
    ways offered for this order (guichet.ordering.payment_options); any other is refused."""

    LABELS = {
        PaymentChoice.ONLINE: _("En ligne maintenant (Bancontact, carte de crédit)"),
        PaymentChoice.TRANSFER: _("Par virement bancaire (code QR ou communication structurée)"),
        PaymentChoice.COUNTER: _("Au guichet, au retrait du document (espèces ou carte)"),
    }

    payment_choice = forms.ChoiceField(
        label=_("Comment souhaitez-vous payer ?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez comment vous souhaitez payer."),
            "invalid_choice": _("Ce mode de paiement n'est pas proposé pour cette demande."),
        },
    )

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payment_choice"].choices = [(o, self.LABELS[o]) for o in options]
