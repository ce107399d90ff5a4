"""Shapes shared by several parts of the API (problems, labelled codes, documents)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from guichet.constants import DocumentStatus
from guichet.kinds import registry


def form_messages(form_class, name, *keys):
    """The error messages of a web form's field, so that the API words its errors the same
    way. An empty string counts as missing, as in the form."""
    messages = form_class.base_fields[name].error_messages
    chosen = {key: messages[key] for key in keys if key in messages}
    if "required" in chosen:
        chosen["blank"] = chosen["required"]
    return chosen


class QueryDateField(serializers.DateField):
    """A date in the query string (YYYY-MM-DD). Present but empty is an error, not "absent":
    the contract says the parameter is a date."""

    def get_value(self, dictionary):
        if dictionary.get(self.field_name) == "":
            return ""
        return super().get_value(dictionary)


class ProblemErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Message en français.")
    code = serializers.CharField(help_text="Code stable, par exemple `required`, `invalid`.")
    pointer = serializers.CharField(
        required=False, help_text="Pointeur JSON (RFC 6901) dans le corps, préfixé de « # »."
    )
    parameter = serializers.CharField(required=False, help_text="Paramètre de requête fautif.")


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details, with the English counterpart of title and detail."""

    type = serializers.CharField(help_text="`about:blank` ou un type propre à l'API (tag:…).")
    title = serializers.CharField()
    title_en = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    detail_en = serializers.CharField()
    instance = serializers.CharField(required=False)
    errors = ProblemErrorSerializer(many=True, required=False)


class CodeLabelSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


def labelled(choices):
    return [{"code": str(code), "label": str(label)} for code, label in choices]


def kind_label(kind_slug):
    kind = registry.get(kind_slug)
    return str(kind.label) if kind else kind_slug


STATUS_LABELS = {
    DocumentStatus.VALID: _("valide"),
    DocumentStatus.EXPIRED: _("expiré"),
    DocumentStatus.REVOKED: _("révoqué"),
}


class DocumentSerializer(serializers.Serializer):
    """The issued document of a request, as its holder or a clerk sees it."""

    verification_code = serializers.CharField()
    issued_at = serializers.DateTimeField()
    valid_until = serializers.DateTimeField()
    status = serializers.SerializerMethodField()
    revoked_at = serializers.DateTimeField(
        allow_null=True, help_text="Date de la révocation, ou null : le document est valable."
    )
    revocation_reason = serializers.CharField(help_text="Motif de la révocation, ou vide.")

    @extend_schema_field(serializers.ChoiceField(choices=DocumentStatus.choices))
    def get_status(self, document):
        return document.status()
