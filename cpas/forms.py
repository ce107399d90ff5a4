"""The appointment form: Wagtail's form builder with French error messages, a phone number
field and a honeypot; the case list's filters and edit form in /cms/."""

import django.forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import FormBuilder

HONEYPOT_FIELD = "site_web"


class PhoneField(django.forms.CharField):
    """A Belgian or international phone number; cleans to E.164 (+32470123456). What the
    person typed stays in the field when it is refused."""

    default_error_messages = {
        "invalid": _(
            "Écrivez un numéro de téléphone belge, comme 0470 12 34 56 ou 081 24 60 00, ou "
            "un numéro étranger avec l'indicatif du pays, comme +33 6 12 34 56 78."
        ),
    }
    widget = django.forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})

    def to_python(self, value):
        from cpas import phones

        value = super().to_python(value)
        if value in self.empty_values:
            return ""
        normalised = phones.normalise(value)
        if normalised is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return normalised


class AppointmentFormBuilder(FormBuilder):
    def get_field_options(self, field):
        options = super().get_field_options(field)
        label = field.label
        if field.field_type == "checkbox":
            required = _("Cochez la case « %(label)s » pour envoyer la demande.")
        elif field.field_type in ("dropdown", "radio"):
            required = _("Choisissez une réponse pour « %(label)s ».")
        elif field.field_type in ("checkboxes", "multiselect"):
            required = _("Cochez au moins une réponse pour « %(label)s ».")
        else:
            required = _("Complétez « %(label)s ».")
        options["error_messages"] = {
            "required": required % {"label": label},
            "invalid": _("« %(label)s » : la valeur n'est pas valable.") % {"label": label},
            "invalid_choice": _("« %(label)s » : choisissez une réponse de la liste.")
            % {"label": label},
        }
        return options

    def create_email_field(self, field, options):
        options["error_messages"]["invalid"] = _(
            "Écrivez une adresse e-mail complète, comme nom@exemple.be."
        )
        options.setdefault("widget", django.forms.EmailInput(attrs={"autocomplete": "email"}))
        return django.forms.EmailField(**options)

    def create_phone_field(self, field, options):
        # The builder's generic "invalid" message would hide the example formats.
        options["error_messages"].pop("invalid", None)
        return PhoneField(**options)

    def create_singleline_field(self, field, options):
        field_obj = super().create_singleline_field(field, options)
        hint = field.clean_name or field.get_field_clean_name()
        if hint.startswith("nom"):
            field_obj.widget.attrs["autocomplete"] = "name"
        return field_obj

    def get_form_class(self):
        form_class = super().get_form_class()
        # A field people never see (hidden by CSS, skipped by keyboard and screen readers'
        # forms mode); robots that fill every input reveal themselves.
        form_class.base_fields[HONEYPOT_FIELD] = django.forms.CharField(
            label=_("Ne remplissez pas ce champ"),
            required=False,
            widget=django.forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        return form_class
