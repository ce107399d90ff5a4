from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm

from pages.constants import WorksNature, WorksStatus


class ImageForm(BaseImageForm):
    """Wagtail's image form with a required text alternative (WCAG 1.1.1)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            field = self.fields["description"]
            field.required = True
            field.label = _("Texte alternatif")
            field.help_text = _(
                "Obligatoire : ce que l'image montre, pour les personnes qui ne la voient pas."
            )
            field.error_messages["required"] = _("Décrivez l'image (texte alternatif).")


class WorksFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("État"),
        required=False,
        choices=[
            ("", _("En cours et à venir")),
            (WorksStatus.ONGOING, WorksStatus.ONGOING.label),
            (WorksStatus.UPCOMING, WorksStatus.UPCOMING.label),
            (WorksStatus.FINISHED, _("Terminés")),
            ("all", _("Tous")),
        ],
    )
    nature = forms.ChoiceField(
        label=_("Nature"), required=False, choices=[("", _("Toutes")), *WorksNature.choices]
    )
    street = forms.CharField(
        label=_("Rue"),
        required=False,
        max_length=80,
        # The commune's streets as suggestions (the <datalist> of works_index_page.html).
        widget=forms.TextInput(attrs={"list": "works-street-names", "autocomplete": "off"}),
    )


HONEYPOT_FIELD = "site_web"


def _honeypot():
    return forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class AlertSubscribeForm(forms.Form):
    """Works alerts: an address and the streets to follow (choices: pages.streets)."""

    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        max_length=254,
        error_messages={
            "required": _("Écrivez l'adresse e-mail qui recevra les alertes."),
            "invalid": _("Écrivez une adresse e-mail complète, comme nom@exemple.be."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    streets = forms.MultipleChoiceField(
        label=_("Les rues à suivre"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Cochez au moins une rue."),
            "invalid_choice": _("Choisissez les rues dans la liste."),
        },
    )

    def __init__(self, *args, street_names=(), **kwargs):
        from pages.streets import street_slug

        super().__init__(*args, **kwargs)
        self.names = {street_slug(name): name for name in street_names}
        self.fields["streets"].choices = list(self.names.items())
        self.fields[HONEYPOT_FIELD] = _honeypot()

    def street_names(self):
        return [self.names[slug] for slug in self.cleaned_data["streets"]]


class FeedbackForm(forms.Form):
    """ "Cette page vous a-t-elle aidé ?" — a yes/no and an optional comment."""

    COMMENT_MAX = 1000

    page = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    helpful = forms.TypedChoiceField(
        label=_("Cette page vous a-t-elle aidé ?"),
        choices=[("oui", _("Oui")), ("non", _("Non"))],
        coerce=lambda value: value == "oui",
        widget=forms.RadioSelect,
        error_messages={"required": _("Répondez « Oui » ou « Non ».")},
    )
    comment = forms.CharField(
        label=_("Comment pouvons-nous améliorer cette page ?"),
        help_text=_(
            "N'écrivez aucune donnée personnelle (nom, adresse, numéro de registre national) : "
            "nous ne répondons pas aux commentaires. Pour une question, contactez "
            "l'administration."
        ),
        required=False,
        max_length=COMMENT_MAX,
        error_messages={
            "max_length": _(
                "Écrivez au plus %(limit_value)d caractères (vous en avez écrit %(show_value)d)."
            )
        },
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = _honeypot()
