"""A citizen's own requests. NISS numbers are masked; the tracking code is the citizen's own."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from guichet import audit, issuing, languages, niss, selectors
from guichet.api.serializers.common import DocumentSerializer, form_messages, kind_label
from guichet.constants import (
    Delivery,
    MessageAuthor,
    PaymentChoice,
    Relationship,
    State,
    Subject,
)
from guichet.forms import AnswerForm, DeliveryForm, PurposeForm, SubjectForm
from guichet.kinds import registry
from guichet.payments import ogm
from guichet.payments.citizen import AWAITING, NONE, PAID, REFUNDED, payment_info

# The states a citizen may still withdraw a request from (as on the website).
CITIZEN_CANCELLABLE = (State.AWAITING_PAYMENT, State.SUBMITTED)


class TimelineEntrySerializer(serializers.Serializer):
    event = serializers.CharField(help_text="Par exemple `submitted`, `issued`.")
    label = serializers.CharField()
    state = serializers.CharField(help_text="État de la demande après l'événement.")
    at = serializers.DateTimeField()


class MessageSerializer(serializers.Serializer):
    author = serializers.ChoiceField(choices=MessageAuthor.choices, source="author_role")
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    attachments = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_attachments(self, message):
        return [a.original_name for a in message.attachments.all()]


class DetailSummarySerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.CharField()


class AddressSerializer(serializers.Serializer):
    street = serializers.CharField(max_length=150, required=False, allow_blank=True)
    number = serializers.CharField(max_length=10, required=False, allow_blank=True)
    box = serializers.CharField(max_length=10, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=4, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)


class CitizenRequestSerializer(serializers.Serializer):
    reference = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.SerializerMethodField()
    state = serializers.ChoiceField(choices=State.choices)
    state_label = serializers.CharField(source="get_state_display")
    submitted_at = serializers.DateTimeField()
    issued_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(
        source="document.revoked_at",
        allow_null=True,
        read_only=True,
        help_text="Date à laquelle l'administration a révoqué le document délivré, ou null.",
    )
    posted_at = serializers.DateTimeField(
        allow_null=True, read_only=True, help_text="Envoyée par la poste le …, ou null."
    )
    pickup_until = serializers.DateField(
        allow_null=True,
        read_only=True,
        help_text="Remise au guichet : le document y est gardé jusqu'à cette date, ou null.",
    )
    collected_at = serializers.DateTimeField(
        allow_null=True, read_only=True, help_text="Remise au guichet le …, ou null."
    )
    fee = serializers.DecimalField(
        max_digits=7, decimal_places=2, help_text='EUR, en texte ("3.00"); "0.00" : gratuit.'
    )
    payment_choice = serializers.ChoiceField(
        choices=PaymentChoice.choices,
        allow_blank=True,
        help_text="Comment le citoyen a choisi de payer ; vide pour une demande gratuite.",
    )
    payment_status = serializers.SerializerMethodField()
    paid_at = serializers.DateTimeField(allow_null=True, help_text="Payée le …, ou null.")
    payment_due_until = serializers.DateTimeField(
        allow_null=True,
        help_text="En attente de paiement : à payer avant cette date, sinon annulée ; ou null.",
    )
    structured_communication = serializers.SerializerMethodField()
    document_language = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.ChoiceField(
            choices=[AWAITING, PAID, REFUNDED, NONE],
            help_text=(
                "`awaiting` : paiement attendu (en ligne, virement, ou au guichet au retrait) ; "
                "`paid` : payée ; `refunded` : le paiement est remboursé ou en cours de "
                "remboursement ; `none` : rien à payer."
            ),
        )
    )
    def get_payment_status(self, document_request):
        return payment_info(document_request).status

    @extend_schema_field(
        serializers.CharField(
            allow_null=True,
            help_text="Communication structurée du virement (+++123/4567/89002+++), ou null.",
        )
    )
    def get_structured_communication(self, document_request):
        digits = document_request.structured_communication
        return ogm.display(digits) if digits else None

    @extend_schema_field(
        serializers.ChoiceField(
            choices=list(languages.DOCUMENT_LANGUAGES),
            help_text=(
                "Langue dans laquelle le document est rédigé (délivré) ou le sera : une langue "
                "administrative de la commune, jamais `en`, indépendante de `Accept-Language`. "
                "The language the certificate is (or will be) written in: one of the "
                "commune's administrative languages, never `en`, whatever `Accept-Language`."
            ),
        )
    )
    def get_document_language(self, document_request):
        document = getattr(document_request, "document", None)
        if document is not None:
            return document.language  # the issued file's, whatever the settings say since
        return issuing.document_language(document_request)

    @extend_schema_field(serializers.CharField())
    def get_kind_label(self, document_request):
        return kind_label(document_request.kind)

    @extend_schema_field(serializers.CharField(help_text="Cette demande dans l'API."))
    def get_url(self, document_request):
        return reverse("api:citizen-request", args=[document_request.reference])


class CitizenRequestDetailSerializer(CitizenRequestSerializer):
    tracking_code = serializers.CharField()
    channel = serializers.CharField(help_text="`auto`, `clerk` ou vide tant que non délivrée.")
    subject_type = serializers.ChoiceField(choices=Subject.choices)
    subject_name = serializers.CharField()
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
    rejection_reason = serializers.CharField()
    expected_date = serializers.SerializerMethodField()
    can_cancel = serializers.SerializerMethodField()
    can_answer = serializers.SerializerMethodField()
    document = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    messages = serializers.SerializerMethodField()

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

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_expected_date(self, document_request):
        return selectors.expected_date(document_request=document_request)

    @extend_schema_field(serializers.BooleanField())
    def get_can_cancel(self, document_request):
        return document_request.state in CITIZEN_CANCELLABLE

    @extend_schema_field(serializers.BooleanField())
    def get_can_answer(self, document_request):
        return document_request.state == State.AWAITING_CITIZEN

    @extend_schema_field(DocumentSerializer(allow_null=True))
    def get_document(self, document_request):
        document = getattr(document_request, "document", None)
        return DocumentSerializer(document).data if document is not None else None

    @extend_schema_field(
        serializers.CharField(allow_null=True, help_text="Téléchargement du PDF (même session).")
    )
    def get_download_url(self, document_request):
        document = getattr(document_request, "document", None)
        if document is None or not document.file or document.revoked_at:
            return None
        return reverse("guichet:download", args=[document_request.reference])

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, document_request):
        return [
            {
                "event": entry.action.rsplit(".", 1)[-1],
                "label": audit.citizen_sentence(entry),
                "state": entry.to_state,
                "at": entry.created_at,
            }
            for entry in selectors.citizen_timeline(document_request=document_request)
        ]

    @extend_schema_field(MessageSerializer(many=True))
    def get_messages(self, document_request):
        return MessageSerializer(
            selectors.citizen_messages(document_request=document_request), many=True
        ).data


class CitizenFiltersSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=State.choices, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=[], required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [k.slug for k in registry.all()]


class OrderSerializer(serializers.Serializer):
    """A new request: the answers of the web's ordering steps, in one document."""

    kind = serializers.ChoiceField(choices=[], help_text="Slug d'un type du catalogue.")
    subject_type = serializers.ChoiceField(
        choices=Subject.choices,
        default=Subject.SELF,
        error_messages=form_messages(SubjectForm, "subject_type", "required"),
    )
    subject_niss = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text="Pour un enfant mineur ou une autre personne : son numéro de registre national.",
    )
    relationship = serializers.ChoiceField(
        choices=Relationship.choices,
        required=False,
        allow_blank=True,
        help_text="Pour une autre personne : votre lien avec elle.",
    )
    relationship_detail = serializers.CharField(max_length=200, required=False, allow_blank=True)
    details = serializers.DictField(
        child=serializers.CharField(max_length=200, allow_blank=True, allow_null=True),
        required=False,
        help_text="Réponses aux questions propres au document (voir `details_fields` du "
        'catalogue), par exemple {"on_date": "2024-03-15"}.',
    )
    purpose = serializers.CharField(
        max_length=40,
        help_text="Code d'un motif du catalogue.",
        error_messages=form_messages(PurposeForm, "purpose", "required"),
    )
    purpose_explanation = serializers.CharField(max_length=300, required=False, allow_blank=True)
    copies = serializers.IntegerField(
        min_value=1,
        max_value=20,
        default=1,
        error_messages=form_messages(DeliveryForm, "copies", "invalid", "min_value", "max_value"),
    )
    delivery = serializers.ChoiceField(choices=Delivery.choices, default=Delivery.DOWNLOAD)
    postal_address = AddressSerializer(
        required=False, help_text="Obligatoire pour un envoi postal (`delivery`: `post`)."
    )
    document_language = serializers.CharField(
        max_length=8,
        required=False,
        allow_blank=True,
        help_text="Langue du document, là où la commune en a deux (Bruxelles) : une de ses "
        "langues administratives. Sans elle, ou avec une seule langue administrative : celle "
        "de `Accept-Language` si c'en est une, sinon la première. The document's language "
        "where the commune has two administrative languages.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.slug, k.label) for k in registry.all()]


class AnswerSerializer(serializers.Serializer):
    message = serializers.CharField(
        max_length=AnswerForm.base_fields["message"].max_length,
        allow_blank=True,
        help_text="Votre réponse à la question de l'agent. Les pièces jointes se joignent sur "
        "le site.",
    )
