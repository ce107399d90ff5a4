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
