"""Forms of the finance pages (/bureau/finances/)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_JOURNAL_DAYS = 366


class DayForm(forms.Form):
    jour = forms.DateField(
        label=_("Jour"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Indiquez une date valide, par exemple 04/12/2026.")},
    )

    def day(self):
        if self.is_bound and self.is_valid() and self.cleaned_data.get("jour"):
            return self.cleaned_data["jour"]
        return timezone.localdate()


class JournalForm(forms.Form):
    du = forms.DateField(
        label=_("Du"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Indiquez la date de début."),
            "invalid": _("Indiquez une date de début valide."),
        },
    )
    au = forms.DateField(
        label=_("Au"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Indiquez la date de fin."),
            "invalid": _("Indiquez une date de fin valide."),
        },
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("du"), data.get("au")
        if start and end:
            if start > end:
                self.add_error("au", _("La date de fin précède la date de début."))
            elif end - start > datetime.timedelta(days=MAX_JOURNAL_DAYS):
                self.add_error("au", _("Choisissez une période d'un an au plus."))
        return data


class StatementUploadForm(forms.Form):
    fichier = forms.FileField(
        label=_("Extrait de compte (CODA ou CAMT.053)"),
        help_text=_(
            "Le fichier du jour téléchargé depuis la banque en ligne : .cod, .txt ou .xml. "
            "Les virements qui paient exactement une demande sont rapprochés à l'import."
        ),
        error_messages={
            "required": _("Choisissez le fichier de l'extrait de compte."),
            "empty": _("Le fichier est vide."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".cod,.coda,.txt,.xml,.cdt"}),
    )


class AssignForm(forms.Form):
    query = forms.CharField(
        label=_("Référence ou communication structurée de la demande"),
        help_text=_("Par exemple 2026-000123 ou +++202/6000/12391+++."),
        max_length=40,
        error_messages={"required": _("Indiquez la référence ou la communication de la demande.")},
    )


class ResolveForm(forms.Form):
    note = forms.CharField(
        label=_("Ce qui a été fait"),
        help_text=_(
            "Par exemple : remboursé le 5/12 par virement ; versement pour un autre service ; "
            "deux demandes payées ensemble, réparties à la main."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Expliquez en quelques mots ce qui a été fait pour cette ligne.")
        },
    )
