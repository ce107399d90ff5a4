from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from guichet import access, communes, roles

# Django's limit for usernames; django-axes records failed attempts in a 255-character column,
# which a longer name would overflow (a database error on PostgreSQL).
USERNAME_MAX_LENGTH = get_user_model()._meta.get_field("username").max_length


class StaffSignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Identifiant ou mot de passe incorrect. Vérifiez les majuscules et réessayez."
        ),
        "inactive": _("Ce compte est désactivé. Contactez l'administrateur de l'application."),
        "other_commune": _(
            "Ce compte n'a pas accès aux services de cette commune. Connectez-vous sur "
            "l'adresse de votre commune."
        ),
        "no_support_grant": _(
            "Aucun accès de support n'est ouvert pour cette commune, ou il a pris fin. "
            "Un administrateur de la commune peut en ouvrir un depuis son back office "
            "(menu « Accès de support »)."
        ),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        commune = communes.current()
        if access.works_in(user, commune) or access.sees_intercommunal_statistics(user):
            return
        if roles.SUPPORT in access.group_names(user):
            raise forms.ValidationError(
                self.error_messages["no_support_grant"], code="no_support_grant"
            )
        raise forms.ValidationError(self.error_messages["other_commune"], code="other_commune")

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = _("Identifiant")
        # AuthenticationForm sets max_length after the field is built, so without a
        # validator of its own a longer name would still reach authentication.
        username.max_length = USERNAME_MAX_LENGTH
        username.widget.attrs["maxlength"] = str(USERNAME_MAX_LENGTH)
        username.validators.append(
            MaxLengthValidator(
                USERNAME_MAX_LENGTH,
                message=_(
                    "L'identifiant compte au plus %(limit_value)d caractères "
                    "(celui-ci en compte %(show_value)d)."
                ),
            )
        )
        self.fields["password"].label = _("Mot de passe")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code de vérification"),
        help_text=_("Le code à 6 chiffres affiché par votre application, ou un code de secours."),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        error_messages={"required": _("Saisissez le code de vérification.")},
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isalnum():
            raise forms.ValidationError(
                _("Le code ne contient que des chiffres (ou des lettres pour un code de secours).")
            )
        return code
