"""Managers' statistics and exports (permission guichet.view_statistics; others get 404)."""

import csv
import datetime
import unicodedata

from django import forms
from django.apps import apps
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guichet import access, spreadsheets, stats
from guichet.audit import audit
from guichet.charts import bar_chart
from guichet.constants import Channel
from guichet.kinds import registry
from guichet.resources import (
    FORMATS,
    RequestOfficeResource,
    RequestResource,
    RequestWithNamesOfficeResource,
    RequestWithNamesResource,
    StatsOfficeResource,
    StatsResource,
)

PRESET_CHOICES = [
    ("7j", gettext_lazy("7 derniers jours")),
    ("30j", gettext_lazy("30 derniers jours")),
    ("90j", gettext_lazy("90 derniers jours")),
    ("365j", gettext_lazy("12 derniers mois")),
    ("custom", gettext_lazy("Dates choisies")),
]
MAX_SPAN_DAYS = 3 * 366
DEFAULT_PERIOD = "30j"


def service_choices():
    """(handling group, label) of each service that handles a registered kind, the label being
    the verbose name of the kind's app, in alphabetical order."""
    labels = {}
    for kind in registry.all():
        if kind.handling_group:
            config = apps.get_containing_app_config(type(kind).__module__)
            labels.setdefault(kind.handling_group, config.verbose_name)
    return sorted(labels.items(), key=lambda item: _sort_key(item[1]))


def _sort_key(text):
    return unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().casefold()


class StatsFilterForm(forms.Form):
    period = forms.ChoiceField(
        label=gettext_lazy("Période"),
        choices=PRESET_CHOICES,
        required=False,
        initial=DEFAULT_PERIOD,  # what the page shows before any choice
    )
    start = forms.DateField(
        label=gettext_lazy("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(label=gettext_lazy("Document"), required=False)
    channel = forms.ChoiceField(
        label=gettext_lazy("Canal"),
        required=False,
        choices=[
            ("", gettext_lazy("Tous")),
            (Channel.AUTO, gettext_lazy("Automatique")),
            (Channel.CLERK, gettext_lazy("Agent")),
        ],
    )
    service = forms.ChoiceField(label=gettext_lazy("Service"), required=False)

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and (data.get("start") or data.get("end")):
            # Typed dates choose the period, whatever the period list says (the page's
            # script selects "Dates choisies" as they are typed; without it, the same).
            data = data.copy()
            data["period"] = "custom"
        super().__init__(data, *args, **kwargs)
        self.fields["kind"].choices = [
            ("", _("Tous")),
            *[(k.slug, k.label) for k in registry.all()],
        ]
        self.fields["service"].choices = [("", _("Tous")), *service_choices()]

    def clean(self):
        data = super().clean()
        if data.get("period") == "custom":
            start, end = data.get("start"), data.get("end")
            if not start:
                self.add_error("start", _("Indiquez la date de début."))
            if not end:
                self.add_error("end", _("Indiquez la date de fin."))
            if start and end:
                if start > end:
                    self.add_error("end", _("La date de fin précède la date de début."))
                elif (end - start).days > MAX_SPAN_DAYS:
                    self.add_error("end", _("Choisissez une période de trois ans au plus."))
        return data

    def filters(self):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        extra = {
            "kind": data.get("kind", ""),
            "channel": data.get("channel", ""),
            "service": data.get("service", ""),
        }
        if data.get("period") == "custom":
            return stats.StatsFilters(start=data["start"], end=data["end"], **extra)
        days = stats.PRESETS.get(data.get("period") or DEFAULT_PERIOD, 30)
        return stats.StatsFilters.last_days(days, **extra)


def _require_statistics(request):
    if not request.user.has_perm("guichet.view_statistics"):
        raise Http404


def stats_page(request):
    _require_statistics(request)
    form = StatsFilterForm(request.GET or None)
    filters = form.filters()
    figures = stats.compute(filters)
    span = (filters.end - filters.start).days
    grain = "day" if span <= 62 else "week" if span <= 400 else "month"
    volumes = [{**row, **_period_labels(row["period"], grain)} for row in figures["volumes"][grain]]
    chart = bar_chart(
        volumes, [("submitted", _("Reçues")), ("issued", _("Délivrées"))], label_key="short"
    )
    return render(
        request,
        "bureau/stats.html",
        {
            "form": form,
            "figures": figures,
            "filters": filters,
            "chart": chart,
            "grain": grain,
            "volumes": volumes,
            "query": request.GET.urlencode(),
            "can_export_names": access.may_export_names(request.user),
        },
        status=400 if form.errors else 200,
    )


def _period_labels(period, grain):
    """A period's start (ISO) as people read it: short under the chart, whole in the table."""
    day = datetime.date.fromisoformat(period)
    if grain == "month":
        return {"short": day.strftime("%m/%Y"), "long": date_format(day, "F Y")}
    if grain == "week":
        return {
            "short": day.strftime("%d/%m"),
            "long": _("semaine du %(day)s") % {"day": date_format(day, "j F Y")},
        }
    return {"short": day.strftime("%d/%m"), "long": date_format(day, "l j F Y")}


def _filename(stem, fmt):
    return f"{stem}-{timezone.localdate():%Y%m%d}.{fmt}"


# ?variante=codes: the machine-readable variant kept for integrations (codes, ISO 8601, ","),
# see docs/backoffice.md. JSON is always that variant.
MACHINE_VARIANT = "codes"


def _machine_readable(request, fmt):
    return fmt == "json" or (fmt == "csv" and request.GET.get("variante") == MACHINE_VARIANT)


def _office_file(sheet, fmt):
    """(content, content type) of an office spreadsheet."""
    if fmt == "xlsx":
        return spreadsheets.xlsx(sheet), spreadsheets.XLSX_CONTENT_TYPE
    if fmt == "ods":
        return spreadsheets.ods(sheet), spreadsheets.ODS_CONTENT_TYPE
    return spreadsheets.office_csv(sheet), spreadsheets.CSV_CONTENT_TYPE


def stats_export(request, fmt):
    _require_statistics(request)
    if fmt not in FORMATS:
        raise Http404
    form = StatsFilterForm(request.GET or None)
    filters = form.filters()
    figures = stats.compute(filters)
    if _machine_readable(request, fmt):
        rows = StatsResource.rows(figures)
        file_format = FORMATS[fmt]()
        content = file_format.export_data(StatsResource().export(rows))
        content_type = file_format.get_content_type()
    else:
        sheet = StatsOfficeResource().sheet(figures)
        rows = sheet.rows
        content, content_type = _office_file(sheet, fmt)
    audit(
        "guichet.export.statistics",
        actor=request.user,
        format=fmt,
        filters=filters.as_dict(),
        rows=len(rows),
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename("statistiques", fmt)}"'
    return response


def requests_export(request, fmt):
    """Request-level export. CSV streams row by row (100,000 rows in constant memory); the
    other formats are built in memory and limited to MAX_ROWS_IN_MEMORY rows."""
    _require_statistics(request)
    if fmt not in FORMATS or access.support_access(request.user) is not None:
        raise Http404  # support reads pages; it takes no list of requests away
    with_names = request.GET.get("noms") == "1"
    if with_names and not access.may_export_names(request.user):
        raise Http404
    form = StatsFilterForm(request.GET or None)
    filters = form.filters()
    queryset = stats.requests_in_scope(filters).order_by("submitted_at", "pk")
    machine = _machine_readable(request, fmt)
    if machine:
        resource = RequestWithNamesResource() if with_names else RequestResource()
    else:
        resource = RequestWithNamesOfficeResource() if with_names else RequestOfficeResource()
    audit_data = {
        "format": fmt,
        "filters": filters.as_dict(),
        "with_names": with_names,
        "variant": "codes" if machine else "office",
    }
    stem = "demandes-nominatives" if with_names else "demandes"

    if fmt == "csv":

        def counted(rows):
            count = 0
            for row in rows:
                count += 1
                yield row
            audit("guichet.export.requests", actor=request.user, **audit_data, rows=count)

        if machine:

            def lines():
                writer = csv.writer(_Echo())
                yield "\ufeff" + writer.writerow(resource.get_export_headers())
                for row in counted(resource.csv_rows(queryset)):
                    yield writer.writerow(row)

        else:

            def lines():
                yield from spreadsheets.office_csv_lines(
                    resource.get_export_headers(), counted(resource.rows(queryset))
                )

        response = StreamingHttpResponse(lines(), content_type=spreadsheets.CSV_CONTENT_TYPE)
    else:
        total = queryset.count()
        if total > MAX_ROWS_IN_MEMORY:
            return HttpResponse(
                _(
                    "%(n)s demandes : trop pour ce format. Choisissez le format CSV, ou une "
                    "période plus courte."
                )
                % {"n": total},
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        if machine:
            file_format = FORMATS[fmt]()
            content = file_format.export_data(resource.export(queryset))
            content_type = file_format.get_content_type()
        else:
            content, content_type = _office_file(resource.sheet(queryset), fmt)
        audit("guichet.export.requests", actor=request.user, **audit_data, rows=total)
        response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, fmt)}"'
    response["Cache-Control"] = "private, no-store"
    return response


class _Echo:
    def write(self, value):
        return value


MAX_ROWS_IN_MEMORY = 50_000
