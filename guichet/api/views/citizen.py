"""A signed-in citizen's own requests (/api/v1/me/…). Anyone else's reference answers 404."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from guichet import selectors, services, workflow
from guichet.api.ordering import order_from
from guichet.api.permissions import IsCitizen
from guichet.api.problems import Problem
from guichet.api.schema import problems
from guichet.api.serializers.citizen import (
    AnswerSerializer,
    CitizenFiltersSerializer,
    CitizenRequestDetailSerializer,
    CitizenRequestSerializer,
    OrderSerializer,
)
from guichet.api.views.base import (
    REFERENCE_PARAMETER,
    PrivateResponseMixin,
    check_reference,
    validated_form,
    validated_query,
)
from guichet.citizens.session import assurance_level
from guichet.constants import State
from guichet.forms import AnswerForm
from guichet.ratelimit import hit


def own_request(request, reference):
    """The citizen's request, or 404 (also for a malformed reference: nothing is looked up)."""
    return selectors.request_of_citizen(user=request.user, reference=check_reference(reference))


def detail_response(request, document_request, status_code=status.HTTP_200_OK, headers=None):
    """The request as it is now (after a service changed it), with its document."""
    fresh = selectors.requests_of_citizen(user=request.user).get(pk=document_request.pk)
    return Response(CitizenRequestDetailSerializer(fresh).data, status=status_code, headers=headers)


IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Rejouer sans doublon / retry without a duplicate (1–255 caractères).",
)


def idempotency_key(request):
    """The client's Idempotency-Key, hashed to the stored key's size ("" when absent).

    Keys are per citizen (a unique constraint on applicant and key), so two citizens may use
    the same value. Web drafts use their own random keys; the prefix keeps both apart.
    """
    value = request.headers.get("Idempotency-Key", "").strip()
    if not value:
        return ""
    if len(value) > 255:
        raise Problem(
            _("L'en-tête Idempotency-Key dépasse 255 caractères."),
            "The Idempotency-Key header is longer than 255 characters.",
            status_code=status.HTTP_400_BAD_REQUEST,
        )
    return "api-" + hashlib.sha256(value.encode()).hexdigest()[:28]


class CitizenRequestsView(PrivateResponseMixin, ListAPIView):
    permission_classes = [IsCitizen]
    serializer_class = CitizenRequestSerializer

    def get_queryset(self):
        requests = (
            selectors.requests_of_citizen(user=self.request.user)
            .prefetch_related("payments__refunds")
            .order_by("-submitted_at", "-pk")
        )
        filters = validated_query(CitizenFiltersSerializer, self.request)
        if filters.get("state"):
            requests = requests.filter(state=filters["state"])
        if filters.get("kind"):
            requests = requests.filter(kind=filters["kind"])
        return requests

    @extend_schema(
        tags=["citizen"],
        operation_id="me_requests_list",
        summary="Mes demandes / My requests",
        parameters=[CitizenFiltersSerializer],
        responses={200: CitizenRequestSerializer(many=True), **problems(400, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["citizen"],
        operation_id="me_requests_create",
        summary="Commander un document / Order a document",
        description="Mêmes contrôles que le formulaire du site, en une fois. Les demandes "
        "qui exigent une procuration signée se font sur le site (l'API v1 ne reçoit pas de "
        "fichier). Same checks as the website's form; requests needing a signed power of "
        "attorney are made on the website. Limité comme la confirmation sur le site "
        "(ORDER_RATE_LIMIT par 10 minutes et par IP). Un en-tête `Idempotency-Key` "
        "(1 à 255 caractères) rend la commande rejouable : la même clé renvoie la demande "
        "déjà créée au lieu d'en créer une autre. An `Idempotency-Key` header makes the "
        "order safe to retry: the same key returns the request already created.",
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        request=OrderSerializer,
        responses={
            201: CitizenRequestDetailSerializer,
            **problems(400, 429),
        },
        examples=[
            OpenApiExample(
                "Composition de ménage pour soi",
                value={"kind": "composition-menage", "purpose": "mutuelle"},
                request_only=True,
            ),
        ],
    )
    def post(self, request):
        serializer = OrderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = order_from(citizen=request.citizen, data=serializer.validated_data)
        order.submission_key = idempotency_key(request)
        # The web counts confirmed orders only; so does the API (same counter, per IP).
        if not hit(request, scope="order", limit=settings.ORDER_RATE_LIMIT, window=600):
            raise Problem(
                _(
                    "Trop de demandes envoyées depuis votre connexion en peu de temps. "
                    "Réessayez dans quelques minutes."
                ),
                "Too many orders sent from your connection in a short time. Try again in a "
                "few minutes.",
                status_code=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        try:
            created = services.request_submit(
                citizen=request.citizen, assurance=assurance_level(request), order=order
            )
        except DjangoValidationError as refusal:
            # Checked again at submission: the register changed since the order was checked.
            raise Problem(
                " ".join(refusal.messages),
                "The order no longer meets the conditions of this document (the register "
                "changed meanwhile): see detail.",
                status_code=status.HTTP_400_BAD_REQUEST,
            ) from refusal
        return detail_response(
            request,
            created,
            status_code=status.HTTP_201_CREATED,
            headers={"Location": CitizenRequestSerializer(created).data["url"]},
        )


class CitizenRequestView(PrivateResponseMixin, GenericAPIView):
    permission_classes = [IsCitizen]
    serializer_class = CitizenRequestDetailSerializer

    @extend_schema(
        tags=["citizen"],
        operation_id="me_requests_retrieve",
        summary="Une de mes demandes, avec son suivi / One of my requests, with its timeline",
        parameters=[REFERENCE_PARAMETER],
        responses={200: CitizenRequestDetailSerializer, **problems(404)},
    )
    def get(self, request, reference):
        return detail_response(request, own_request(request, reference))


class CitizenCancelView(PrivateResponseMixin, GenericAPIView):
    permission_classes = [IsCitizen]
    serializer_class = CitizenRequestDetailSerializer

    @extend_schema(
        tags=["citizen"],
        operation_id="me_requests_cancel",
        summary="Annuler ma demande / Cancel my request",
        description="Possible tant qu'aucun agent ne l'a prise en charge (sinon 409). "
        "Possible until a clerk has taken it (409 otherwise).",
        parameters=[REFERENCE_PARAMETER],
        request=None,
        responses={200: CitizenRequestDetailSerializer, **problems(404, 409)},
    )
    def post(self, request, reference):
        document_request = own_request(request, reference)
        services.request_cancel(
            document_request=document_request,
            citizen_user=request.user,
            expected_state=workflow.seen_state(
                request.data.get("expected_state"),
                document_request,
                # Waiting for its payment or for a clerk: either may be withdrawn.
                otherwise=document_request.state
                if document_request.state in (State.AWAITING_PAYMENT, State.SUBMITTED)
                else State.SUBMITTED,
            ),
        )
        return detail_response(request, document_request)


class CitizenAnswerView(PrivateResponseMixin, GenericAPIView):
    permission_classes = [IsCitizen]
    serializer_class = AnswerSerializer

    @extend_schema(
        tags=["citizen"],
        operation_id="me_requests_answer",
        summary="Répondre à l'agent / Answer the clerk",
        description="Quand la demande attend votre réponse (`awaiting_citizen`). Les pièces "
        "jointes se joignent sur le site. Attachments are sent through the website.",
        parameters=[REFERENCE_PARAMETER],
        request=AnswerSerializer,
        responses={200: CitizenRequestDetailSerializer, **problems(400, 404, 409)},
    )
    def post(self, request, reference):
        document_request = own_request(request, reference)
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cleaned = validated_form(AnswerForm(data=serializer.validated_data, files={}))
        services.request_citizen_answer(
            document_request=document_request, citizen_user=request.user, message=cleaned["message"]
        )
        return detail_response(request, document_request)
