"""/api/v1/ itself: where to start — the schema, the docs and each group's endpoints."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

# Endpoint groups (the schema's tags) → URL names of their endpoints without parameters.
GROUPS = {
    "public": ["kinds", "verification"],
    "citizen": ["citizen-requests"],
    "staff": ["staff-requests", "staff-take-next"],
    "statistics": ["statistics"],
}

_links = serializers.DictField(child=serializers.URLField())
RootSerializer = inline_serializer(
    "ApiRoot",
    {
        "title": serializers.CharField(),
        "version": serializers.CharField(),
        "schema": serializers.URLField(),
        "docs": serializers.URLField(),
        "endpoints": serializers.DictField(child=_links),
    },
)


class ApiRootView(APIView):
    """Public: nothing here depends on who asks. `extra_groups` adds the endpoints other apps
    mount under /api/v1/ (group → URL names), given by the URLconf that mounts them."""

    authentication_classes = []
    permission_classes = [AllowAny]
    extra_groups = {}

    @extend_schema(
        tags=["public"],
        operation_id="api_root",
        summary="Racine de l'API / API root",
        description="Liens vers le schéma OpenAPI, la documentation et les points d'entrée "
        "sans paramètre, par groupe. Links to the OpenAPI schema, the docs and the "
        "endpoints without parameters, by group.",
        responses={200: RootSerializer},
    )
    def get(self, request):
        # The endpoints share this view's namespace ("api" in the root URLconf).
        namespace = request.resolver_match.namespace

        def link(name):
            full_name = f"{namespace}:{name}" if namespace else name
            return request.build_absolute_uri(reverse(full_name))

        endpoints = {}
        for group, names in {**GROUPS, **self.extra_groups}.items():
            links = {}
            for name in names:
                try:
                    links[name] = link(name)
                except NoReverseMatch:
                    continue
            if links:
                endpoints[group] = links
        return Response(
            {
                "title": settings.SPECTACULAR_SETTINGS["TITLE"],
                "version": settings.SPECTACULAR_SETTINGS["VERSION"],
                "schema": link("schema"),
                "docs": link("docs"),
                "endpoints": endpoints,
            }
        )
