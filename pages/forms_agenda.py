"""Forms of the agenda and of the associations directory (public side)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pages.models.agenda import Accessibility, EventCategory
from pages.models.associations import (
    Association,
    AssociationCategory,
    Language,
    normalise_enterprise_number,
    normalise_phone,
)

HONEYPOT_FIELD = "site_web"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class EventFilterForm(forms.Form):
    start = forms.DateField(label=_("Du"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Au"), required=False, widget=DateInput())
    category = forms.ChoiceField(
        label=_("Catégorie"), required=False, choices=[("", _("Toutes")), *EventCategory.choices]
    )
    place = forms.CharField(label=_("Lieu"), required=False, max_length=80)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("La date « au » suit la date « du »."))
        return cleaned


class EventSubmissionForm(forms.Form):
    """What an association proposes; the event becomes a draft page awaiting moderation."""

    title = forms.CharField(label=_("Titre de l'événement"), max_length=200)
    category = forms.ChoiceField(
        label=_("Catégorie"), choices=[("", _("Choisissez une catégorie")), *EventCategory.choices]
    )
    summary = forms.CharField(
        label=_("Résumé"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Une ou deux phrases (300 caractères au plus)."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    start_date = forms.DateField(label=_("Date de début"), widget=DateInput())
    start_time = forms.TimeField(
        label=_("Heure de début"),
        required=False,
        widget=TimeInput(),
        help_text=_("Vide : toute la journée."),
    )
    end_date = forms.DateField(
        label=_("Date de fin"),
        required=False,
        widget=DateInput(),
        help_text=_("Pour un événement sur plusieurs jours."),
    )
    end_time = forms.TimeField(label=_("Heure de fin"), required=False, widget=TimeInput())
    place_name = forms.CharField(label=_("Lieu"), max_length=120, help_text=_("Salle, parc…"))
    address = forms.CharField(
        label=_("Adresse"), max_length=200, help_text=_("Rue et numéro, code postal, localité.")
    )
    organiser_name = forms.CharField(label=_("Organisateur"), max_length=150)
    free = forms.BooleanField(label=_("Entrée gratuite"), required=False)
    price = forms.CharField(
        label=_("Prix"), max_length=120, required=False, help_text=_("Par exemple : 8 €.")
    )
    booking_url = forms.URLField(
        label=_("Lien de réservation"),
        required=False,
        assume_scheme="https",
        help_text=_("Une adresse web commençant par https://."),
    )
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibilité"),
        choices=Accessibility.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    accessibility_notes = forms.CharField(
        label=_("Précisions sur l'accessibilité"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    submitter_name = forms.CharField(label=_("Votre nom"), max_length=120)
    submitter_email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        help_text=_(
            "Pour vous confirmer la réception, puis la publication. Elle n'est pas publiée."
        ),
    )
    site_web = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "Champ requis." in the error summary does not say which field: name it.
        for field in self.fields.values():
            if field.required:
                field.error_messages["required"] = _("Remplissez « %(label)s ».") % {
                    "label": field.label
                }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La date de fin suit la date de début."))
        start_time, end_time = cleaned.get("start_time"), cleaned.get("end_time")
        if end_time and not start_time:
            self.add_error("start_time", _("Indiquez l'heure de début avec l'heure de fin."))
        if start_time and end_time and (end in (None, start)) and end_time <= start_time:
            self.add_error("end_time", _("L'heure de fin suit l'heure de début."))
        if not cleaned.get("free") and not cleaned.get("price"):
            self.add_error("price", _("Indiquez le prix, ou cochez « Entrée gratuite »."))
        return cleaned


class AssociationFilterForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Catégorie"),
        required=False,
        choices=[("", _("Toutes")), *AssociationCategory.choices],
    )
    language = forms.ChoiceField(
        label=_("Langue"), required=False, choices=[("", _("Toutes")), *Language.choices]
    )
    children = forms.BooleanField(label=_("Activités pour enfants"), required=False)


class UpdateRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail de l'association"),
        help_text=_("Celle qui figure sur la fiche de l'association."),
    )
    site_web = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class AssociationEditForm(forms.ModelForm):
    """The association's own edit form (through its single-use link)."""

    languages = forms.MultipleChoiceField(
        label=_("Langues"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    website = forms.URLField(label=_("Site web"), required=False, assume_scheme="https")
    facebook_url = forms.URLField(label=_("Page Facebook"), required=False, assume_scheme="https")
    instagram_url = forms.URLField(
        label=_("Compte Instagram"), required=False, assume_scheme="https"
    )
    other_social_url = forms.URLField(
        label=_("Autre réseau social"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Association
        fields = [
            "name",
            "category",
            "description",
            "email",
            "phone",
            "address",
            "website",
            "facebook_url",
            "instagram_url",
            "other_social_url",
            "enterprise_number",
            "languages",
            "children_activities",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def clean_enterprise_number(self):
        return normalise_enterprise_number(self.cleaned_data.get("enterprise_number"))

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone"))
