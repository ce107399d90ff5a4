"""The back office through the API (/api/v1/staff/…): the queue, a request, its actions.

Each action validates with the back office's form, then calls the one service the back office
calls (guichet.bureau.views.ACTION_HANDLERS). A request outside the caller's kinds answers
404; a visible request of another service (managers) answers 403 to any action; a refusal of
the service (state changed, already done) answers 409 with its French message.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from guichet import services, workflow
from guichet.api import selectors
from guichet.api.permissions import IsQueueStaff, staff_scope
from guichet.api.problems import forbidden
from guichet.api.schema import problems
from guichet.api.serializers.staff import (
    AskSerializer,
    IssueSerializer,
    NoteSerializer,
    QueueFiltersSerializer,
    RejectSerializer,
    RevokeSerializer,
    StaffRequestDetailSerializer,
    StaffRequestSerializer,
)
from guichet.api.views.base import (
    REFERENCE_PARAMETER,
    PrivateResponseMixin,
    check_reference,
    validated_form,
    validated_query,
)
from guichet.bureau.forms import (
    AskForm,
    IssueForm,
    NoteForm,
    RejectForm,
    RevokeForm,
)
from guichet.kinds import registry

TAGS = ["staff"]


def _request_in_scope(scope, reference):
    return selectors.request_in_scope(scope=scope, reference=check_reference(reference))


def _detail(scope, reference):
    """The request as it is now (after a service changed it)."""
    document_request = selectors.request_in_scope(scope=scope, reference=reference)
    return Response(StaffRequestDetailSerializer(document_request, context={"scope": scope}).data)


def _not_your_service():
    return forbidden(
        _("Votre service ne traite pas ce type de demande."),
        "Your service does not handle this kind of request.",
    )


class QueueView(PrivateResponseMixin, ListAPIView):
    permission_classes = [IsQueueStaff]
    serializer_class = StaffRequestSerializer

    def get_queryset(self):
        self.scope = staff_scope(self.request)
        # Every kind is a valid choice; one outside the caller's scope simply matches nothing
        # (the queue is scoped before it is filtered).
        filters = selectors.queue(
            scope=self.scope,
            data=validated_query(QueueFiltersSerializer, self.request),
            offered_kinds=registry.all(),
        )
        validated_form(filters.form, query=True)
        return filters.qs

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        context = {
            **self.get_serializer_context(),
            "overdue_ids": selectors.overdue_ids(scope=self.scope, requests=page),
        }
        data = StaffRequestSerializer(page, many=True, context=context).data
        return self.get_paginated_response(data)

    @extend_schema(
        tags=TAGS,
        operation_id="staff_requests_list",
        summary="La file / The queue",
        description="Les demandes des types de votre service (toutes pour les gestionnaires), "
        "avec les filtres du back office. Requests of your service's kinds, with the back "
        "office's filters.",
        parameters=[QueueFiltersSerializer],
        responses={200: StaffRequestSerializer(many=True), **problems(400, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class TakeNextView(PrivateResponseMixin, GenericAPIView):
    permission_classes = [IsQueueStaff]
    serializer_class = StaffRequestDetailSerializer

    @extend_schema(
        tags=TAGS,
        operation_id="staff_requests_take_next",
        summary="Prendre la demande suivante / Take the next request",
        description="La plus ancienne demande reçue non assignée de vos types vous est "
        "attribuée ; 204 si la file est vide. The oldest unassigned request is assigned to "
        "you; 204 when the queue is empty.",
        request=None,
        responses={
            200: StaffRequestDetailSerializer,
            204: OpenApiResponse(description="File vide / Empty queue"),
        },
    )
    def post(self, request):
        scope = staff_scope(request)
        if not scope.handled_kinds:
            raise forbidden(
                _("Votre compte ne traite aucun type de demande."),
                "Your account handles no kind of request.",
            )
        claimed = services.request_take_next(by=scope.user, kinds=list(scope.handled_kinds))
        if claimed is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return _detail(scope, claimed.reference)


class StaffRequestView(PrivateResponseMixin, GenericAPIView):
    permission_classes = [IsQueueStaff]
    serializer_class = StaffRequestDetailSerializer

    @extend_schema(
        tags=TAGS,
        operation_id="staff_requests_retrieve",
        summary="Une demande, son journal et ses actions / A request, its log and actions",
        parameters=[REFERENCE_PARAMETER],
        responses={200: StaffRequestDetailSerializer, **problems(404)},
    )
    def get(self, request, reference):
        scope = staff_scope(request)
        document_request = _request_in_scope(scope, reference)
        return Response(
            StaffRequestDetailSerializer(document_request, context={"scope": scope}).data
        )


class ActionView(PrivateResponseMixin, APIView):
    """One back-office action: validate like the back office, call its service."""

    permission_classes = [IsQueueStaff]
    input_class = None  # serializer of the JSON body (shape and types), documented
    form_class = None  # the back office's form for this action (its rules and messages)

    def post(self, request, reference):
        scope = staff_scope(request)
        document_request = _request_in_scope(scope, reference)
        if not scope.handles(document_request.kind):
            raise _not_your_service()
        data = {}
        if self.input_class is not None:
            serializer = self.input_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        form = None
        if self.form_class is not None:
            form = self.form_class(data=data)
            validated_form(form)
        self.perform(scope.user, document_request, data, form)
        return _detail(scope, document_request.reference)

    def perform(self, user, document_request, data, form):
        raise NotImplementedError


def _action_schema(name, summary, description, *, request=None):
    return extend_schema_view(
        post=extend_schema(
            tags=TAGS,
            operation_id=f"staff_requests_{name}",
            summary=summary,
            description=description,
            parameters=[REFERENCE_PARAMETER],
            request=request,
            responses={200: StaffRequestDetailSerializer, **problems(400, 403, 404, 409)},
        )
    )


@_action_schema(
    "claim", "Prendre en charge / Claim", "La demande reçue devient la vôtre (état `in_review`)."
)
class ClaimView(ActionView):
    def perform(self, user, document_request, data, form):
        services.request_start_review(
            document_request=document_request,
            by=user,
            expected_state=workflow.seen_state(data.get("expected_state"), document_request),
        )


@_action_schema(
    "release", "Remettre dans la file / Release", "Seul l'agent qui l'a prise peut la remettre."
)
class ReleaseView(ActionView):
    def perform(self, user, document_request, data, form):
        services.request_release(
            document_request=document_request,
            by=user,
            expected_state=workflow.seen_state(data.get("expected_state"), document_request),
        )


@_action_schema(
    "ask",
    "Poser une question au citoyen / Ask the citizen",
    "La demande attend la réponse du citoyen, prévenu par e-mail.",
    request=AskSerializer,
)
class AskView(ActionView):
    input_class = AskSerializer
    form_class = AskForm

    def perform(self, user, document_request, data, form):
        services.request_ask_citizen(
            document_request=document_request,
            by=user,
            message=form.cleaned_data["message"],
            expected_state=workflow.seen_state(data.get("expected_state"), document_request),
        )


@_action_schema(
    "issue",
    "Délivrer / Issue",
    "Produit, scelle et attache le PDF ; le citoyen est prévenu. Confirmez avoir "
    "vérifié l'aperçu (`checked`), comme dans le back office.",
    request=IssueSerializer,
)
class IssueView(ActionView):
    input_class = IssueSerializer
    form_class = IssueForm

    def perform(self, user, document_request, data, form):
        services.request_issue(
            document_request=document_request,
            by=user,
            expected_state=workflow.seen_state(data.get("expected_state"), document_request),
        )


@_action_schema(
    "reject",
    "Refuser / Reject",
    "Le motif (et l'explication) est communiqué au citoyen.",
    request=RejectSerializer,
)
class RejectView(ActionView):
    input_class = RejectSerializer
    form_class = RejectForm

    def perform(self, user, document_request, data, form):
        services.request_reject(
            document_request=document_request,
            by=user,
            reason=form.reason_text(),
            rejection_code=form.cleaned_data["reason"],
            expected_state=workflow.seen_state(data.get("expected_state"), document_request),
        )


@_action_schema(
    "close", "Clôturer / Close", "Document délivré et remis (envoyé ou retiré au guichet)."
)
class CloseView(ActionView):
    def perform(self, user, document_request, data, form):
        services.request_close(
            document_request=document_request,
            by=user,
            expected_state=workflow.seen_state(data.get("expected_state"), document_request),
        )


@_action_schema(
    "note",
    "Ajouter une note interne / Add an internal note",
    "Visible par les agents uniquement.",
    request=NoteSerializer,
)
class NoteView(ActionView):
    input_class = NoteSerializer
    form_class = NoteForm

    def perform(self, user, document_request, data, form):
        services.request_add_note(
            document_request=document_request, by=user, body=form.cleaned_data["body"]
        )


@_action_schema(
    "revoke",
    "Révoquer le document / Revoke the document",
    "La page de vérification indiquera « révoqué ».",
    request=RevokeSerializer,
)
class RevokeView(ActionView):
    input_class = RevokeSerializer
    form_class = RevokeForm

    def perform(self, user, document_request, data, form):
        document = getattr(document_request, "document", None)
        if document is None:
            raise services.ActionRefused("no_document")
        services.document_revoke(
            document=document,
            by=user,
            reason=form.cleaned_data["reason"],
            expected_state=workflow.seen_state(data.get("expected_state"), document_request),
        )
