"""The public catalogue of kinds and document verification."""

from django import forms
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from guichet.api.serializers.common import (
    STATUS_LABELS,
    CodeLabelSerializer,
    kind_label,
    labelled,
)
from guichet.constants import DocumentStatus, Relationship, Subject


class PurposeSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    supplement = serializers.DecimalField(max_digits=6, decimal_places=2)
    free = serializers.BooleanField(help_text="Motif social : aucun frais.")
    needs_explanation = serializers.BooleanField(
        help_text="`purpose_explanation` est alors obligatoire."
    )
    variant = serializers.CharField(help_text="Variante à laquelle ce motif est réservé, ou vide.")


class DetailsFieldSerializer(serializers.Serializer):
    """One question of the kind's own form, to send in `details` when ordering."""

    name = serializers.CharField()
    label = serializers.CharField()
    type = serializers.ChoiceField(choices=["string", "date", "choice", "integer", "boolean"])
    required = serializers.BooleanField()
    help_text = serializers.CharField(allow_blank=True)
    choices = CodeLabelSerializer(many=True)


def _field_type(field):
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(field, forms.ChoiceField):
        return "choice"
    if isinstance(field, forms.IntegerField):
        return "integer"
    if isinstance(field, forms.BooleanField):
        return "boolean"
    return "string"


def details_fields(kind):
    if kind.details_form is None:
        return []
    return [
        {
            "name": name,
            "label": str(field.label or name),
            "type": _field_type(field),
            "required": field.required,
            "help_text": str(field.help_text or ""),
            "choices": labelled(field.choices) if isinstance(field, forms.ChoiceField) else [],
        }
        for name, field in kind.details_form.base_fields.items()
    ]


class KindSerializer(serializers.Serializer):
    """A document kind as the citizen's catalogue shows it; fees and delays come from the
    commune's configuration (the same rows as the website's procedure pages)."""

    slug = serializers.CharField(source="kind.slug")
    label = serializers.CharField(source="kind.label")
    summary = serializers.CharField(source="kind.summary")
    who_may_ask = serializers.CharField(source="kind.who_may_ask")
    what_is_needed = serializers.CharField(source="kind.what_is_needed")
    base_fee = serializers.DecimalField(
        source="settings.base_fee", max_digits=6, decimal_places=2, help_text="EUR, par exemplaire."
    )
    announced_delay_days = serializers.IntegerField(
        source="settings.announced_delay_days", help_text="Délai annoncé, en jours ouvrables."
    )
    validity_days = serializers.IntegerField(
        source="settings.validity_days",
        help_text="Durée pendant laquelle le document reste vérifiable en ligne.",
    )
    can_auto_issue = serializers.BooleanField(source="kind.can_auto_issue")
    subjects = serializers.SerializerMethodField()
    relationships = serializers.SerializerMethodField()
    variants = serializers.SerializerMethodField()
    variant_field = serializers.CharField(source="kind.variant_field")
    details_fields = serializers.SerializerMethodField()
    purposes = PurposeSerializer(many=True)
    order_url = serializers.SerializerMethodField()

    @extend_schema_field(CodeLabelSerializer(many=True))
    def get_subjects(self, entry):
        return labelled((v, label) for v, label in Subject.choices if v in entry.kind.subjects)

    @extend_schema_field(CodeLabelSerializer(many=True))
    def get_relationships(self, entry):
        if Subject.THIRD_PARTY not in entry.kind.subjects:
            return []
        allowed = entry.kind.relationships
        return labelled(
            (v, label) for v, label in Relationship.choices if not allowed or v in allowed
        )

    @extend_schema_field(CodeLabelSerializer(many=True))
    def get_variants(self, entry):
        return labelled(entry.kind.variants)

    @extend_schema_field(DetailsFieldSerializer(many=True))
    def get_details_fields(self, entry):
        return details_fields(entry.kind)

    @extend_schema_field(serializers.CharField(help_text="Commander sur le site."))
    def get_order_url(self, entry):
        return reverse("guichet:order", args=[entry.kind.slug])


class VerificationInputSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=20,
        help_text="Code de vérification imprimé sur le document, par exemple ABCD-EFGH-2345.",
    )
    sha256 = serializers.RegexField(
        r"^[0-9a-fA-F]{64}$",
        required=False,
        help_text="Empreinte SHA-256 (hexadécimal) d'un fichier PDF à comparer au document "
        "délivré ; le fichier lui-même n'est jamais envoyé.",
    )


class VerificationSerializer(serializers.Serializer):
    """What /verifier/ shows: no personal data beyond the holder's initials."""

    code = serializers.CharField(source="verification_code")
    kind = serializers.CharField()
    kind_label = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    status_label = serializers.SerializerMethodField()
    issued_at = serializers.DateTimeField()
    valid_until = serializers.DateTimeField()
    holder_initials = serializers.CharField()
    revoked_at = serializers.DateTimeField(
        allow_null=True, help_text="Date de la révocation, ou null."
    )
    revocation_reason = serializers.CharField(help_text="Motif de la révocation, ou vide.")
    sha256_matches = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField())
    def get_kind_label(self, document):
        return kind_label(document.kind)

    @extend_schema_field(serializers.ChoiceField(choices=DocumentStatus.choices))
    def get_status(self, document):
        return document.status()

    @extend_schema_field(serializers.CharField())
    def get_status_label(self, document):
        return str(STATUS_LABELS[document.status()])

    @extend_schema_field(
        serializers.BooleanField(
            allow_null=True, help_text="Résultat de la comparaison, si `sha256` a été envoyé."
        )
    )
    def get_sha256_matches(self, document):
        digest = self.context.get("sha256")
        if not digest:
            return None
        return digest.lower() == document.sha256
