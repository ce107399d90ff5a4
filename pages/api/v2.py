"""/api/v2/: the content API, Wagtail's read API (wagtail.api.v2) for the website's content.

Endpoints: pages (with the fields of works notices and events), images, associations.
Public and read-only: no authentication, a rate per client address
(WEBSITE_API_V2_THROTTLE), and answers that shared caches and browsers may keep
(Cache-Control: public, max-age=WEBSITE_API_V2_CACHE_SECONDS). What is never given: the
person who proposed an event (submitter_*), an association's moderation data.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import SimpleRateThrottle
from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from guichet.network import client_ip
from pages.models import Association, EventPage, WorksNoticePage


class ContentApiThrottle(SimpleRateThrottle):
    scope = "content-api"

    def get_rate(self):
        return settings.WEBSITE_API_V2_THROTTLE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


# The fields each page type gives the API (listed here rather than on the models, so that
# every type the API shows is described in one place).
PAGE_FIELDS = {
    WorksNoticePage: [
        "nature",
        "summary",
        "streets",
        "village",
        "location",
        "start_date",
        "end_date",
        "project_owner",
        "contractor",
        "traffic_impacts",
        "detour",
        "bus_impact",
        "waste_impact",
        "ordinance",
        APIField("status"),
    ],
    EventPage: [
        "category",
        "summary",
        "body",
        "start_date",
        "start_time",
        "end_date",
        "end_time",
        "recurrence",
        "recurrence_until",
        "last_date",
        "event_status",
        "attendance_mode",
        "online_url",
        "place_name",
        "address",
        "location",
        "organiser_name",
        APIField("organiser_association"),
        "free",
        "price",
        "accessibility",
        "accessibility_notes",
        "image",
        "image_alt",
        "booking_url",
    ],
}
ASSOCIATION_FIELDS = [
    "name",
    "slug",
    "category",
    "description",
    "email",
    "phone",
    "address",
    "location",
    "website",
    "facebook_url",
    "instagram_url",
    "other_social_url",
    "enterprise_number",
    "languages",
    "children_activities",
    "updated_at",
]


class _PublicReadOnly:
    """Anonymous, JSON only, throttled, cacheable."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ContentApiThrottle]
    renderer_classes = [JSONRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(
                response, public=True, max_age=settings.WEBSITE_API_V2_CACHE_SECONDS
            )
        else:
            patch_cache_control(response, no_store=True)
        return response


class ContentPagesAPIViewSet(_PublicReadOnly, PagesAPIViewSet):
    @classmethod
    def get_body_fields(cls, model):
        fields = super().get_body_fields(model)
        for page_type, extra in PAGE_FIELDS.items():
            if issubclass(model, page_type):
                fields = fields + cls._convert_api_fields(extra)
        return fields


class ContentImagesAPIViewSet(_PublicReadOnly, ImagesAPIViewSet):
    pass


class AssociationsAPIViewSet(_PublicReadOnly, BaseAPIViewSet):
    model = Association
    name = "associations"
    filter_backends = [FieldsFilter, OrderingFilter, SearchFilter]
    body_fields = [*BaseAPIViewSet.body_fields, *ASSOCIATION_FIELDS]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "name",
        "category",
        "children_activities",
    ]
    known_query_parameters = BaseAPIViewSet.known_query_parameters | {
        "category",
        "children_activities",
    }

    def get_queryset(self):
        return Association.objects.filter(published=True).order_by("name", "id")


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", ContentPagesAPIViewSet)
api_router.register_endpoint("images", ContentImagesAPIViewSet)
api_router.register_endpoint("associations", AssociationsAPIViewSet)
