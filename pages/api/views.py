"""Works notices of the website as open data: JSON (paginated) and GeoJSON (RFC 7946)."""

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from guichet.api.schema import problems
from guichet.api.views.base import validated_form, validated_query
from pages.api import selectors
from pages.api.serializers import (
    WorksFeatureCollectionSerializer,
    WorksFiltersSerializer,
    WorksNoticeSerializer,
    as_feature,
)
from pages.forms import WorksFilterForm
from pages.selectors import site_context

DESCRIPTION = (
    "Les avis de travaux publiés sur /travaux/, avec les filtres de la page (état, nature, "
    "rue) et des dates. Works notices published on /travaux/, with the page's filters and "
    "dates. Données ouvertes sous la licence WEBSITE_OPEN_DATA_LICENCE."
)


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


def _notices(request):
    params = validated_query(WorksFiltersSerializer, request)
    form = WorksFilterForm(
        data={key: params.get(key, "") for key in ("status", "nature", "street")}
    )
    day = params.get("on") or timezone.localdate()
    notices = selectors.works(
        filters=validated_form(form, query=True),
        day=day,
        date_from=params.get("date_from"),
        date_to=params.get("date_to"),
    )
    return notices, day


class WorksView(ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = WorksNoticeSerializer

    def list(self, request, *args, **kwargs):
        notices, day = _notices(request)
        page = self.paginate_queryset(notices)
        context = {**self.get_serializer_context(), "day": day}
        return self.get_paginated_response(
            WorksNoticeSerializer(page, many=True, context=context).data
        )

    @extend_schema(
        tags=["public"],
        operation_id="works_list",
        summary="Travaux / Works",
        description=DESCRIPTION,
        parameters=[WorksFiltersSerializer],
        responses={200: WorksNoticeSerializer(many=True), **problems(400, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class WorksGeoJSONView(APIView):
    permission_classes = [AllowAny]
    renderer_classes = [GeoJSONRenderer, JSONRenderer]

    @extend_schema(
        tags=["public"],
        operation_id="works_geojson",
        summary="Travaux en GeoJSON / Works as GeoJSON",
        description=DESCRIPTION + " Une FeatureCollection, sans pagination.",
        parameters=[WorksFiltersSerializer],
        responses={200: WorksFeatureCollectionSerializer, **problems(400)},
    )
    def get(self, request):
        notices, day = _notices(request)
        items = WorksNoticeSerializer(
            notices, many=True, context={"request": request, "day": day}
        ).data
        return Response(
            {
                "type": "FeatureCollection",
                "metadata": {
                    "publisher": site_context()["commune"]["name"],
                    "license": settings.WEBSITE_OPEN_DATA_LICENCE,
                    "license_url": settings.WEBSITE_OPEN_DATA_LICENCE_URL,
                    "generated_at": timezone.now().isoformat(timespec="seconds"),
                },
                "features": [as_feature(item) for item in items],
            }
        )
