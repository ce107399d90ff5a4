from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guichet import support


class SupportAccountField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


class SupportGrantForm(forms.Form):
    """What an administrator fills in to open the commune's back office to the support."""

    account = SupportAccountField(
        label=gettext_lazy("Compte de support"),
        queryset=None,
        empty_label=gettext_lazy("Choisissez un compte"),
        error_messages={
            "required": gettext_lazy("Choisissez le compte de support à qui ouvrir l'accès."),
            "invalid_choice": gettext_lazy(
                "Ce compte n'appartient pas (ou plus) au support intercommunal : choisissez-en "
                "un dans la liste."
            ),
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("Motif"),
        help_text=gettext_lazy(
            "Ce que le support doit examiner. Pas de donnée personnelle : une référence de "
            "demande suffit."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": gettext_lazy("Indiquez le motif de l'accès."),
            "max_length": gettext_lazy(
                "Le motif compte au plus %(limit_value)d caractères (celui-ci en compte "
                "%(show_value)d)."
            ),
        },
    )
    last_day = forms.DateField(
        label=gettext_lazy("Dernier jour d'accès"),
        help_text=gettext_lazy(
            "30 jours au plus ; l'accès prend fin à minuit après ce jour. Vous pouvez le "
            "révoquer plus tôt."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("Indiquez le dernier jour d'accès."),
            "invalid": gettext_lazy("Indiquez une date, par exemple 31/12/2026."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = support.support_accounts()
        self.fields["last_day"].initial = support.default_last_day()

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Indiquez le motif de l'accès."))
        return reason

    def clean_last_day(self):
        day = self.cleaned_data["last_day"]
        today = timezone.localdate()
        latest = support.latest_last_day(today)
        if day < today:
            raise forms.ValidationError(
                _("Ce jour est passé : choisissez aujourd'hui ou plus tard.")
            )
        if day > latest:
            raise forms.ValidationError(
                _("Choisissez le %(latest)s au plus tard (30 jours).")
                % {"latest": date_format(latest, "j F Y")}
            )
        return day
