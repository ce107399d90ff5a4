"""The one form field for a national number typed by a person (citizen, clerk, admin)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from guichet import niss

# Room for the number as printed on the card, "85.07.30-033.28", and a few stray spaces.
TYPED_LENGTH = 20


class NationalNumberField(forms.CharField):
    """Accepts "85.07.30-033.28", "85073003328" or the digits with spaces; cleans to the 11
    digits after the checks of `guichet.niss.validate` (check digits, century, calendar day).
    With `allow_bis=False` (default) a BIS number is refused: use it wherever a number of the
    national register is required."""

    default_help_text = _("11 chiffres, au dos de la carte d'identité. Exemple : 85.07.30-033.28")

    def __init__(self, *, allow_bis=False, **kwargs):
        self.allow_bis = allow_bis
        # The typed text may carry dots, dashes and spaces; the cleaned value has 11 digits,
        # whatever a model field's max_length says.
        kwargs["max_length"] = TYPED_LENGTH
        kwargs.pop("min_length", None)
        if not kwargs.get("help_text"):
            kwargs["help_text"] = self.default_help_text
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        return niss.validate(value, allow_bis=self.allow_bis) if value else value


def required_when_shown(field):
    """Mark a field that is optional for the form but required once the answer revealing it
    is given (a third party's number, the postal address...): its label never says
    "(facultatif)" (templates/includes/field.html), the form's clean() requires it."""
    field.required_when_shown = True
    return field
