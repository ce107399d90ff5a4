"""Works notices of the municipal website (pages.WorksNoticePage), read only: open data."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from wagtail.rich_text import expand_db_html

from guichet.api.serializers.common import CodeLabelSerializer, QueryDateField, labelled
from pages.constants import TrafficImpact, WorksNature, WorksStatus
from pages.forms import WorksFilterForm

GEOMETRY_SCHEMA = {
    "type": "object",
    "nullable": True,
    "description": "Géométrie GeoJSON (RFC 7946), longitude puis latitude ; null sans lieu.",
    "properties": {
        "type": {"type": "string", "enum": ["Point", "LineString"]},
        "coordinates": {"type": "array", "items": {}},
    },
    "required": ["type", "coordinates"],
}


class WorksFiltersSerializer(serializers.Serializer):
    """The filters of /travaux/ (pages.forms.WorksFilterForm), plus dates."""

    status = serializers.ChoiceField(
        choices=[code for code, _label in WorksFilterForm.base_fields["status"].choices if code],
        required=False,
        allow_blank=True,
        help_text="Vide : en cours et à venir (comme /travaux/) ; `all` : tous.",
    )
    nature = serializers.ChoiceField(choices=WorksNature.values, required=False, allow_blank=True)
    street = serializers.CharField(max_length=80, required=False, allow_blank=True)
    on = QueryDateField(
        required=False, help_text="Jour auquel l'état est calculé (par défaut : aujourd'hui)."
    )
    date_from = QueryDateField(
        required=False, help_text="Chantiers encore en cours à cette date ou après."
    )
    date_to = QueryDateField(required=False, help_text="Chantiers commencés à cette date ou avant.")

    def validate(self, data):
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise serializers.ValidationError(
                {"date_to": "La date de fin précède la date de début."}
            )
        return data


class PhaseSerializer(serializers.Serializer):
    title = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    description = serializers.CharField()


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()


class WorksNoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    status_label = serializers.SerializerMethodField()
    nature = serializers.ChoiceField(choices=WorksNature.choices)
    nature_label = serializers.CharField()
    summary_html = serializers.SerializerMethodField()
    streets = serializers.ListField(child=serializers.CharField(), source="street_list")
    village = serializers.CharField()
    geometry = serializers.SerializerMethodField()
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    phases = serializers.SerializerMethodField()
    traffic_impacts = serializers.SerializerMethodField()
    detour = serializers.CharField()
    bus_impact = serializers.CharField()
    waste_impact = serializers.CharField()
    project_owner = serializers.CharField()
    contractor = serializers.CharField()
    contact = serializers.SerializerMethodField()
    ordinance = serializers.CharField()
    published_at = serializers.DateTimeField(source="first_published_at", allow_null=True)
    updated_at = serializers.DateTimeField(source="last_published_at", allow_null=True)

    def _day(self):
        return self.context["day"]

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Page du site."))
    def get_url(self, notice):
        request = self.context.get("request")
        url = notice.url
        if not url:
            return None
        return request.build_absolute_uri(url) if request is not None else url

    @extend_schema_field(serializers.ChoiceField(choices=WorksStatus.choices))
    def get_status(self, notice):
        return notice.status_on(self._day())

    @extend_schema_field(serializers.CharField())
    def get_status_label(self, notice):
        return str(WorksStatus(notice.status_on(self._day())).label)

    @extend_schema_field(serializers.CharField(help_text="Description, en HTML."))
    def get_summary_html(self, notice):
        return expand_db_html(notice.summary or "")

    @extend_schema_field(GEOMETRY_SCHEMA)
    def get_geometry(self, notice):
        return notice.geometry

    @extend_schema_field(PhaseSerializer(many=True))
    def get_phases(self, notice):
        return [
            {
                "title": phase["title"],
                "start": phase["start"],
                "end": phase.get("end"),
                "description": phase.get("description") or "",
            }
            for phase in notice.phase_list
        ]

    @extend_schema_field(CodeLabelSerializer(many=True))
    def get_traffic_impacts(self, notice):
        return labelled(
            (code, TrafficImpact(code).label)
            for code in notice.traffic_impacts or []
            if code in TrafficImpact.values
        )

    @extend_schema_field(ContactSerializer)
    def get_contact(self, notice):
        return {
            "name": notice.contact_name,
            "phone": notice.contact_phone,
            "email": notice.contact_email,
        }


@extend_schema_field(GEOMETRY_SCHEMA)
class GeometryField(serializers.JSONField):
    pass


class WorksFeatureSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Feature"])
    id = serializers.IntegerField()
    geometry = GeometryField()
    properties = serializers.DictField(
        help_text="Les champs de /api/v1/works/, sans `id` ni `geometry`."
    )


class WorksFeatureCollectionSerializer(serializers.Serializer):
    """RFC 7946 FeatureCollection; `metadata` is a foreign member (publisher, licence)."""

    type = serializers.ChoiceField(choices=["FeatureCollection"])
    metadata = serializers.DictField(help_text="Éditeur, licence, date de production.")
    features = WorksFeatureSerializer(many=True)


def as_feature(item):
    properties = {key: value for key, value in item.items() if key not in ("id", "geometry")}
    return {
        "type": "Feature",
        "id": item["id"],
        "geometry": item["geometry"],
        "properties": properties,
    }
