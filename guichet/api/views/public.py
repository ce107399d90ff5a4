"""No sign-in needed: the catalogue of kinds and document verification."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from guichet import codes
from guichet.api import selectors
from guichet.api.problems import not_found
from guichet.api.schema import problems
from guichet.api.serializers.public import (
    KindSerializer,
    VerificationInputSerializer,
    VerificationSerializer,
)
from guichet.api.throttling import PublicLookupThrottle
from guichet.models import IssuedDocument


class KindListView(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = KindSerializer
    pagination_class = None

    @extend_schema(
        tags=["public"],
        operation_id="kinds_list",
        summary="Catalogue des documents / Catalogue of documents",
        description="Les documents proposés en ligne, avec prix, délais, motifs et questions "
        "propres. Documents offered online, with fees, delays, purposes and own questions.",
        responses={200: KindSerializer(many=True), **problems(429)},
    )
    def get(self, request):
        return Response(KindSerializer(selectors.catalogue(), many=True).data)


class KindDetailView(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = KindSerializer

    @extend_schema(
        tags=["public"],
        operation_id="kinds_retrieve",
        summary="Un document du catalogue / One document of the catalogue",
        parameters=[
            OpenApiParameter(
                "slug",
                str,
                OpenApiParameter.PATH,
                description="Slug du type de document",
                examples=[OpenApiExample("Composition de ménage", value="composition-menage")],
            )
        ],
        responses={200: KindSerializer, **problems(404, 429)},
    )
    def get(self, request, kind_slug):
        entries = selectors.catalogue(kind_slug=kind_slug)
        if not entries:
            raise not_found(
                _("Ce document n'est pas proposé en ligne."), "This document is not offered online."
            )
        return Response(KindSerializer(entries[0]).data)


class VerificationView(APIView):
    """The API twin of /verifier/: same answer, same per-IP limit (shared with the web)."""

    permission_classes = [AllowAny]
    throttle_classes = [*APIView.throttle_classes, PublicLookupThrottle]

    @extend_schema(
        tags=["public"],
        operation_id="verification_create",
        summary="Vérifier un document / Verify a document",
        description="Le code est envoyé dans le corps (jamais dans l'adresse), comme sur la page "
        "/verifier/. The code travels in the body, never in the URL. Limité par adresse IP "
        "(PUBLIC_LOOKUP_RATE_LIMIT par minute, compteur partagé avec le site).",
        request=VerificationInputSerializer,
        responses={
            200: VerificationSerializer,
            **problems(400, 404, 429),
        },
        examples=[
            OpenApiExample("Code", value={"code": "ABCD-EFGH-2345"}, request_only=True),
        ],
    )
    def post(self, request):
        serializer = VerificationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        code = codes.normalise_verification(serializer.validated_data["code"])
        document = IssuedDocument.objects.filter(verification_code=code).first()
        if document is None:
            raise not_found(
                _(
                    "Aucun document ne correspond à ce code. Vérifiez les 12 caractères "
                    "imprimés en bas du document."
                ),
                "No document matches this code. Check the 12 characters printed at the "
                "bottom of the document.",
            )
        context = {"sha256": serializer.validated_data.get("sha256")}
        return Response(
            VerificationSerializer(document, context=context).data, status=status.HTTP_200_OK
        )
