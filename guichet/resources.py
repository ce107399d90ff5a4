"""Exports for managers (django-import-export Resources).

Each list comes in two variants:

- for the office (`RequestOfficeResource`, `StatsOfficeResource`): French headers, labels
  instead of codes ("Délivrée", not `issued`), typed values (local date-times, numbers) that
  `guichet.spreadsheets` writes as a fr-BE CSV, XLSX or ODS;
- for integrations (`RequestResource`, `StatsResource`): codes, ISO 8601 time stamps and the
  column names they always had, as CSV (",", UTF-8) or JSON.

The request lists never carry personal data (reference, kind, state, channel, timestamps,
delays, purpose category, postcode); the variants "with names" add names and are offered to
administrators only. National numbers are in no export.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.formats import base_formats

from guichet.constants import Channel, Delivery, RejectionCode, State, staff_state_label
from guichet.kinds import registry
from guichet.models import DocumentRequest
from guichet.spreadsheets import Sheet

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
        revenue = figures["revenue"]
        for name in ("count", "paid", "refunded", "net"):
            rows.append(("recettes", name, revenue[name]))
        for row in revenue["by_kind"]:
            rows.append(("recettes par document", f"{row['kind']} count", row["count"]))
            rows.append(("recettes par document", f"{row['kind']} amount", row["amount"]))
        for row in revenue["by_purpose"]:
            key = f"{row['kind']} {row['purpose']}"
            rows.append(("recettes par motif", f"{key} count", row["count"]))
            rows.append(("recettes par motif", f"{key} amount", row["amount"]))
        for row in revenue["by_method"]:
            rows.append(("recettes par moyen", f"{row['method']} count", row["count"]))
            rows.append(("recettes par moyen", f"{row['method']} amount", row["amount"]))
        return [SimpleNamespace(section=s, key=k, value="" if v is None else v) for s, k, v in rows]


# -- for the office: French headers, labels, typed cells ------------------------------------


def _labels(choices):
    """{code: label} translated once for a whole export ("" for no code), not per row."""
    return {"": "", None: "", **{code: str(label) for code, label in choices}}


class RequestOfficeResource(resources.Resource):
    """One row per request, as a Belgian office opens it. Rows are read with values() (no
    model instances): 100,000 rows stream in constant memory."""

    value_fields = [*RequestResource.value_fields, "rejection_code"]

    def columns(self):
        """(header, width in characters, value of a values() row). Labels are translated
        and the time zone looked up once per export: 100,000 rows call these getters."""
        kinds = {kind.slug: str(kind.label) for kind in registry.all()}
        states = {code: str(staff_state_label(code)) for code in State.values}
        channels, deliveries = _labels(Channel.choices), _labels(Delivery.choices)
        reasons = _labels(RejectionCode.choices)
        zone = timezone.get_current_timezone()

        def local(value):
            # Local time without a zone: spreadsheets have none.
            return value.astimezone(zone).replace(tzinfo=None) if value else None

        def rejection(row):
            # As the statistics count it: a refusal without a category is "Autre motif".
            if row["state"] != State.REJECTED:
                return ""
            return reasons[row["rejection_code"] or RejectionCode.OTHER]

        return [
            (_("Référence"), 13, lambda r: r["reference"]),
            (_("Document"), 34, lambda r: kinds.get(r["kind"], r["kind"])),
            (_("État"), 22, lambda r: states.get(r["state"], r["state"])),
            (_("Canal"), 24, lambda r: channels.get(r["channel"], r["channel"])),
            (_("Reçue le"), 17, lambda r: local(r["submitted_at"])),
            (_("Prise en charge le"), 17, lambda r: local(r["reviewed_at"])),
            (_("Délivrée le"), 17, lambda r: local(r["issued_at"])),
            (_("Clôturée le"), 17, lambda r: local(r["closed_at"])),
            (_("Délai de délivrance (heures)"), 14, _hours_or_none),
            (_("Motif"), 28, lambda r: r["purpose_label"]),
            (_("Exemplaires"), 12, lambda r: r["copies"]),
            (_("Remise"), 30, lambda r: deliveries.get(r["delivery"], r["delivery"])),
            (_("Code postal"), 11, lambda r: (r["postal_address"] or {}).get("postcode", "")),
            (_("Motif du refus"), 36, rejection),
        ]

    def get_export_headers(self, selected_fields=None):
        return [str(header) for header, _width, _value in self.columns()]

    def rows(self, queryset):
        getters = [value for _header, _width, value in self.columns()]
        fields_ = [*self.value_fields, "purpose_label"]
        for row in queryset.values(*fields_).iterator(chunk_size=5000):
            yield [getter(row) for getter in getters]

    def sheet(self, queryset):
        columns = self.columns()
        return Sheet(
            title=_("Demandes"),
            headers=[str(header) for header, _w, _v in columns],
            rows=list(self.rows(queryset)),
            widths=[width for _h, width, _v in columns],
        )


def _hours_or_none(row):
    hours = _hours(row["submitted_at"], row["issued_at"])
    return None if hours == "" else hours


class RequestWithNamesOfficeResource(RequestOfficeResource):
    value_fields = [
        *RequestOfficeResource.value_fields,
        "applicant_last_name",
        "applicant_first_name",
        "subject_last_name",
        "subject_first_name",
    ]

    def columns(self):
        return [
            *super().columns(),
            (
                _("Demandeur"),
                28,
                lambda r: f"{r['applicant_last_name']} {r['applicant_first_name']}".strip(),
            ),
            (
                _("Personne concernée"),
                28,
                lambda r: f"{r['subject_last_name']} {r['subject_first_name']}".strip(),
            ),
        ]


class StatsOfficeResource(resources.Resource):
    """The aggregated figures as the page shows them: one row per figure, in French."""

    @staticmethod
    def rows(figures):
        totals = figures["totals"]
        delay = figures["time_to_issue_hours"]
        on_time = figures["on_time"]
        filters = figures["filters"]
        rows = [
            (_("Période"), _("du"), _parse_date(filters["start"])),
            (_("Période"), _("au"), _parse_date(filters["end"])),
            (_("Totaux"), _("reçues"), totals["submitted"]),
            (_("Totaux"), _("délivrées"), totals["issued"]),
            (_("Totaux"), _("délivrées automatiquement"), totals["auto_issued"]),
            (_("Totaux"), _("refusées"), totals["rejected"]),
            (_("Totaux"), _("annulées"), totals["cancelled"]),
            (_("Totaux"), _("part délivrée automatiquement"), totals["auto_share"]),
            (_("Délai de délivrance (heures)"), _("médiane"), delay["median"]),
            (_("Délai de délivrance (heures)"), _("90e centile"), delay["p90"]),
            (_("Dans le délai annoncé"), _("dans le délai"), on_time["on_time"]),
            (_("Dans le délai annoncé"), _("en retard"), on_time["late"]),
            (_("Dans le délai annoncé"), _("taux"), on_time["rate"]),
        ]
        grains = [("day", _("Volumes par jour")), ("week", _("Volumes par semaine"))]
        grains.append(("month", _("Volumes par mois")))
        metrics = [
            ("submitted", _("reçues")),
            ("issued", _("délivrées")),
            ("auto_issued", _("dont automatiques")),
        ]
        for grain, section in grains:
            for row in figures["volumes"][grain]:
                for key, label in metrics:
                    period = _parse_date(row["period"]).strftime("%d/%m/%Y")
                    rows.append((section, f"{period} {label}", row[key]))
        for row in figures["backlog"]:
            rows.append((_("En cours aujourd'hui"), row["label"], row["count"]))
            for age, count in row["ages"].items():
                rows.append(
                    (_("En cours aujourd'hui, par ancienneté"), f"{row['label']}, {age}", count)
                )
        for row in figures["rejection_reasons"]:
            rows.append((_("Motifs de refus"), row["reason"], row["count"]))
        revenue = figures["revenue"]
        rows += [
            (_("Recettes (EUR)"), _("paiements"), revenue["count"]),
            (_("Recettes (EUR)"), _("encaissé"), Decimal(str(revenue["paid"]))),
            (_("Recettes (EUR)"), _("remboursé"), Decimal(str(revenue["refunded"]))),
            (_("Recettes (EUR)"), _("net"), Decimal(str(revenue["net"]))),
        ]
        for section, key in (
            (_("Recettes par document (EUR)"), "by_kind"),
            (_("Recettes par motif (EUR)"), "by_purpose"),
            (_("Recettes par moyen de paiement (EUR)"), "by_method"),
        ):
            for row in revenue[key]:
                rows.append((section, row["label"], Decimal(str(row["amount"]))))
        return [(str(section), str(key), value) for section, key, value in rows]

    def sheet(self, figures):
        return Sheet(
            title=_("Statistiques"),
            headers=[_("Rubrique"), _("Chiffre"), _("Valeur")],
            rows=self.rows(figures),
            widths=[36, 48, 14],
        )


def _parse_date(value):
    return datetime.date.fromisoformat(value)
