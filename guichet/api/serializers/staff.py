"""The clerks' queue and requests. NISS numbers stay masked (v1); names are shown as in the
back office, since the clerk checks them against the register."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from guichet import audit, niss, workflow
from guichet.api.serializers.citizen import AddressSerializer, DetailSummarySerializer
from guichet.api.serializers.common import DocumentSerializer, form_messages, kind_label
from guichet.bureau import selectors as bureau_selectors
from guichet.bureau.forms import (
    AGE_CHOICES,
    ASSIGNED_CHOICES,
    REJECTION_REASONS,
    SORT_CHOICES,
    AskForm,
    IssueForm,
    NoteForm,
    RejectForm,
    RevokeForm,
)
from guichet.constants import Assurance, Delivery, MessageAuthor, State, Subject
from guichet.kinds import registry

QUEUE_STATE_CHOICES = ["all", *State.values]
ACTION_NAMES = ["claim", "ask", "issue", "reject", "release", "close", "note", "revoke"]


def _display_name(user):
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


class StaffRequestSerializer(serializers.Serializer):
    reference = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.SerializerMethodField()
    state = serializers.ChoiceField(choices=State.choices)
    state_label = serializers.CharField(source="staff_state_label")
    channel = serializers.CharField()
    subject_type = serializers.ChoiceField(choices=Subject.choices)
    subject_name = serializers.CharField()
    applicant_name = serializers.SerializerMethodField()
    assigned_to = serializers.SerializerMethodField()
    citizen_replied = serializers.BooleanField()
    overdue = serializers.SerializerMethodField()
    review_reason = serializers.CharField(
        help_text="Pourquoi la demande n'a pas été délivrée automatiquement."
    )
    submitted_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField())
    def get_kind_label(self, document_request):
        return kind_label(document_request.kind)

    @extend_schema_field(serializers.CharField())
    def get_applicant_name(self, document_request):
        first, last = document_request.applicant_first_name, document_request.applicant_last_name
        return f"{first} {last}".strip()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_assigned_to(self, document_request):
        return _display_name(document_request.assigned_to)

    @extend_schema_field(
        serializers.BooleanField(help_text="Ouverte depuis plus longtemps que le délai annoncé.")
    )
    def get_overdue(self, document_request):
        return document_request.pk in self.context.get("overdue_ids", ())

    @extend_schema_field(serializers.CharField())
    def get_url(self, document_request):
        return reverse("api:staff-request", args=[document_request.reference])


class StaffTimelineEntrySerializer(serializers.Serializer):
    action = serializers.CharField(help_text="Action du journal, par ex. guichet.request.issued.")
    label = serializers.SerializerMethodField()
    actor = serializers.CharField(source="actor_label")
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    reason = serializers.CharField()
    at = serializers.DateTimeField(source="created_at")

    @extend_schema_field(
        serializers.CharField(help_text="L'action en une phrase, comme dans le back-office.")
    )
    def get_label(self, entry):
        return audit.clerk_sentence(entry)


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    purpose = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class StaffMessageSerializer(serializers.Serializer):
    author_role = serializers.ChoiceField(choices=MessageAuthor.choices)
    author = serializers.SerializerMethodField()
    internal = serializers.BooleanField(help_text="Note interne, jamais montrée au citoyen.")
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    attachments = AttachmentSerializer(many=True)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author(self, message):
        return _display_name(message.author)


class StaffRequestDetailSerializer(StaffRequestSerializer):
    tracking_code = serializers.CharField()
    assurance = serializers.ChoiceField(choices=Assurance.choices)
    applicant_niss = serializers.SerializerMethodField()
    subject_niss = serializers.SerializerMethodField()
    relationship = serializers.CharField()
    relationship_detail = serializers.CharField()
    details = serializers.DictField(child=serializers.CharField(allow_null=True))
    details_summary = serializers.SerializerMethodField()
    purpose = serializers.CharField()
    purpose_label = serializers.CharField()
    purpose_explanation = serializers.CharField()
    copies = serializers.IntegerField()
    delivery = serializers.ChoiceField(choices=Delivery.choices)
    postal_address = AddressSerializer()
    fee = serializers.DecimalField(max_digits=7, decimal_places=2)
    rejection_reason = serializers.CharField()
    reviewed_at = serializers.DateTimeField(allow_null=True)
    issued_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    posted_at = serializers.DateTimeField(allow_null=True, help_text="Envoyée par la poste le …")
    pickup_until = serializers.DateField(
        allow_null=True, help_text="Remise au guichet : gardée jusqu'à cette date."
    )
    collected_at = serializers.DateTimeField(allow_null=True, help_text="Remise au guichet le …")
    handled = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    document = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    messages = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(help_text="Masqué : YY.MM.DD-***.**"))
    def get_applicant_niss(self, document_request):
        return niss.mask(document_request.applicant_niss)

    @extend_schema_field(serializers.CharField(help_text="Masqué : YY.MM.DD-***.**"))
    def get_subject_niss(self, document_request):
        return niss.mask(document_request.subject_niss)

    @extend_schema_field(DetailSummarySerializer(many=True))
    def get_details_summary(self, document_request):
        kind = registry.get(document_request.kind)
        if kind is None:
            return []
        return [
            {"label": str(label), "value": str(value)}
            for label, value in kind.details_summary(document_request.details)
        ]

    def _handled(self, document_request):
        return self.context["scope"].handles(document_request.kind)

    @extend_schema_field(
        serializers.BooleanField(help_text="Votre service traite ce type : vous pouvez agir.")
    )
    def get_handled(self, document_request):
        return self._handled(document_request)

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=ACTION_NAMES)))
    def get_actions(self, document_request):
        if not self._handled(document_request):
            return []
        return [*workflow.clerk_actions(document_request, self.context["scope"].user), "note"]

    @extend_schema_field(DocumentSerializer(allow_null=True))
    def get_document(self, document_request):
        document = getattr(document_request, "document", None)
        return DocumentSerializer(document).data if document is not None else None

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, document_request):
        return AttachmentSerializer(document_request.attachments.all(), many=True).data

    def _timeline(self, document_request):
        if "timeline" not in self.context:
            self.context["timeline"] = bureau_selectors.staff_timeline(
                document_request=document_request
            )
        return self.context["timeline"]

    @extend_schema_field(StaffTimelineEntrySerializer(many=True))
    def get_timeline(self, document_request):
        entries, _notes = self._timeline(document_request)
        return StaffTimelineEntrySerializer(entries, many=True).data

    @extend_schema_field(StaffMessageSerializer(many=True))
    def get_messages(self, document_request):
        _entries, notes = self._timeline(document_request)
        return StaffMessageSerializer(notes, many=True).data


# -- inputs ------------------------------------------------------------------------------------
class QueueFiltersSerializer(serializers.Serializer):
    """The back office's queue filters (guichet.bureau.filters.QueueFilter)."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="Référence, code de suivi ou nom.",
    )
    kind = serializers.ChoiceField(choices=[], required=False, allow_blank=True)
    state = serializers.ChoiceField(
        choices=QUEUE_STATE_CHOICES,
        required=False,
        allow_blank=True,
        help_text="Vide : les demandes ouvertes (à traiter) ; `all` : tous les états.",
    )
    assigned = serializers.ChoiceField(
        choices=[c for c, _label in ASSIGNED_CHOICES if c], required=False, allow_blank=True
    )
    age = serializers.ChoiceField(
        choices=[c for c, _label in AGE_CHOICES if c],
        required=False,
        allow_blank=True,
        help_text="Reçues depuis plus de N jours.",
    )
    sort = serializers.ChoiceField(
        choices=[c for c, _label in SORT_CHOICES], required=False, allow_blank=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [k.slug for k in registry.all()]


class ExpectedStateSerializer(serializers.Serializer):
    expected_state = serializers.ChoiceField(
        choices=State.choices,
        required=False,
        help_text="L'état que vous avez vu : si la demande a changé depuis, l'action est "
        "refusée (409) au lieu de s'appliquer à autre chose.",
    )


class AskSerializer(serializers.Serializer):
    message = serializers.CharField(
        max_length=3000, error_messages=form_messages(AskForm, "message", "required")
    )


class IssueSerializer(ExpectedStateSerializer):
    checked = serializers.BooleanField(
        help_text="Vous confirmez avoir vérifié l'aperçu du document (obligatoire).",
        error_messages=form_messages(IssueForm, "checked", "required"),
    )


class RejectSerializer(ExpectedStateSerializer):
    reason = serializers.ChoiceField(
        choices=[(code, label) for code, label in REJECTION_REASONS if code],
        error_messages=form_messages(RejectForm, "reason", "required"),
    )
    detail = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        help_text="Explication pour le citoyen ; obligatoire pour `other`.",
    )


class NoteSerializer(serializers.Serializer):
    body = serializers.CharField(
        max_length=3000, error_messages=form_messages(NoteForm, "body", "required")
    )


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=1000, error_messages=form_messages(RevokeForm, "reason", "required")
    )
