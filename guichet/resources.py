"""Exports for managers (django-import-export Resources).

`RequestResource` never carries personal data (reference, kind, state, channel, timestamps,
delays, purpose category, postcode); `RequestWithNamesResource` adds names and is offered to
administrators only. National numbers are in no export.
"""

from types import SimpleNamespace

from import_export import fields, resources
from import_export.formats import base_formats

from guichet.kinds import registry
from guichet.models import DocumentRequest

FORMATS = {
    "csv": base_formats.CSV,
    "xlsx": base_formats.XLSX,
    "ods": base_formats.ODS,
    "json": base_formats.JSON,
}


def _hours(start, end):
    if start is None or end is None:
        return ""
    return round((end - start).total_seconds() / 3600, 2)


class RequestResource(resources.ModelResource):
    kind_label = fields.Field(column_name="document")
    delay_hours = fields.Field(column_name="délai (heures)")
    postcode = fields.Field(column_name="code postal")

    class Meta:
        model = DocumentRequest
        fields = [
            "reference",
            "kind",
            "kind_label",
            "state",
            "channel",
            "submitted_at",
            "reviewed_at",
            "issued_at",
            "closed_at",
            "delay_hours",
            "purpose",
            "copies",
            "delivery",
            "postcode",
        ]
        export_order = fields
        import_id_fields = ["reference"]
        chunk_size = 2000

    def dehydrate_kind_label(self, request):
        kind = registry.get(request.kind)
        return str(kind.label) if kind else request.kind

    def dehydrate_delay_hours(self, request):
        return _hours(request.submitted_at, request.issued_at)

    def dehydrate_postcode(self, request):
        return (request.postal_address or {}).get("postcode", "")

    # The streaming CSV reads rows with values() (no model instances, no per-row field
    # machinery: 100,000 rows in a few seconds) and renders each column with the same widget
    # or dehydrate logic as export_resource; a test checks both give the same rows.
    value_fields = [
        "reference",
        "kind",
        "state",
        "channel",
        "submitted_at",
        "reviewed_at",
        "issued_at",
        "closed_at",
        "purpose",
        "copies",
        "delivery",
        "postal_address",
    ]

    def fast_kind_label(self, row, labels):
        return labels.get(row["kind"], row["kind"])

    def fast_delay_hours(self, row, labels):
        return _hours(row["submitted_at"], row["issued_at"])

    def fast_postcode(self, row, labels):
        return (row["postal_address"] or {}).get("postcode", "")

    def csv_rows(self, queryset):
        labels = {kind.slug: str(kind.label) for kind in registry.all()}
        columns = []
        for field in self.get_export_fields():
            name = self.get_field_name(field)
            fast = getattr(self, f"fast_{name}", None)
            if fast is not None:
                columns.append(lambda row, fast=fast: fast(row, labels))
            else:
                columns.append(lambda row, f=field: f.widget.render(row[f.attribute]))
        for row in queryset.values(*self.value_fields).iterator(chunk_size=5000):
            yield [column(row) for column in columns]


class RequestWithNamesResource(RequestResource):
    applicant = fields.Field(column_name="demandeur")
    subject = fields.Field(column_name="personne concernée")

    class Meta(RequestResource.Meta):
        fields = [*RequestResource.Meta.fields, "applicant", "subject"]
        export_order = fields

    def dehydrate_applicant(self, request):
        return f"{request.applicant_last_name} {request.applicant_first_name}".strip()

    def dehydrate_subject(self, request):
        return f"{request.subject_last_name} {request.subject_first_name}".strip()

    value_fields = [
        *RequestResource.value_fields,
        "applicant_last_name",
        "applicant_first_name",
        "subject_last_name",
        "subject_first_name",
    ]

    def fast_applicant(self, row, labels):
        return f"{row['applicant_last_name']} {row['applicant_first_name']}".strip()

    def fast_subject(self, row, labels):
        return f"{row['subject_last_name']} {row['subject_first_name']}".strip()


class StatsResource(resources.Resource):
    """The aggregated figures of guichet.stats.compute, one row per (section, key)."""

    section = fields.Field(attribute="section", column_name="section")
    key = fields.Field(attribute="key", column_name="clé")
    value = fields.Field(attribute="value", column_name="valeur")

    def dehydrate_value(self, row):
        return row.value  # numbers stay numbers in XLSX, ODS and JSON

    @staticmethod
    def rows(figures):
        rows = []
        for name, value in figures["filters"].items():
            rows.append(("filtre", name, value))
        for name, value in figures["totals"].items():
            rows.append(("totaux", name, value))
        for name, value in figures["time_to_issue_hours"].items():
            rows.append(("délai de délivrance (heures)", name, value))
        for name, value in figures["on_time"].items():
            rows.append(("dans les délais", name, value))
        for grain in ("day", "week", "month"):
            for row in figures["volumes"][grain]:
                for metric in ("submitted", "issued", "auto_issued"):
                    rows.append((f"volume par {grain}", f"{row['period']} {metric}", row[metric]))
        for row in figures["backlog"]:
            rows.append(("en cours", row["state"], row["count"]))
            for age, count in row["ages"].items():
                rows.append(("en cours par âge", f"{row['state']} {age}", count))
        for row in figures["rejection_reasons"]:
            rows.append(("motifs de refus", row["reason"], row["count"]))
        return [SimpleNamespace(section=s, key=k, value="" if v is None else v) for s, k, v in rows]
