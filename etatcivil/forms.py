from django import forms
from django.utils.translation import gettext_lazy as _

from etatcivil.constants import normalise_baec_reference
from etatcivil.refusals import MESSAGES


class DigitiseForm(forms.Form):
    """The clerk records that a paper act is now in the BAEC, under its reference there."""

    baec_reference = forms.CharField(
        label=_("Référence de l'acte dans la BAEC"),
        max_length=60,
        help_text=_(
            "Telle que l'application BAEC l'affiche après la numérisation, par exemple "
            "BAEC-1984-000123."
        ),
        error_messages={
            "required": _("Indiquez la référence de l'acte dans la BAEC."),
            "max_length": MESSAGES["etatcivil.baec_reference_invalid"],
        },
    )

    def clean_baec_reference(self):
        reference = normalise_baec_reference(self.cleaned_data["baec_reference"])
        if not reference:
            raise forms.ValidationError(MESSAGES["etatcivil.baec_reference_invalid"])
        return reference
