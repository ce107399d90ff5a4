"""Managers' statistics and exports (permission guichet.view_statistics; others get 404)."""

import csv
import unicodedata

from django import forms
from django.apps import apps
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guichet import access, stats
from guichet.audit import audit
from guichet.charts import bar_chart
from guichet.constants import Channel
from guichet.kinds import registry
from guichet.resources import FORMATS, RequestResource, RequestWithNamesResource, StatsResource

PRESET_CHOICES = [
    ("7j", gettext_lazy("7 derniers jours")),
    ("30j", gettext_lazy("30 derniers jours")),
    ("90j", gettext_lazy("90 derniers jours")),
    ("365j", gettext_lazy("12 derniers mois")),
    ("custom", gettext_lazy("Dates choisies")),
]
MAX_SPAN_DAYS = 3 * 366


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
        label=gettext_lazy("Période"), choices=PRESET_CHOICES, required=False
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
        days = stats.PRESETS.get(data.get("period") or "30j", 30)
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
    chart = bar_chart(
        figures["volumes"][grain], [("submitted", _("Reçues")), ("issued", _("Délivrées"))]
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
            "query": request.GET.urlencode(),
            "can_export_names": access.may_export_names(request.user),
        },
        status=400 if form.errors else 200,
    )


def _filename(stem, fmt):
    return f"{stem}-{timezone.localdate():%Y%m%d}.{fmt}"


def stats_export(request, fmt):
    _require_statistics(request)
    if fmt not in FORMATS:
        raise Http404
    form = StatsFilterForm(request.GET or None)
    filters = form.filters()
    figures = stats.compute(filters)
    rows = StatsResource.rows(figures)
    dataset = StatsResource().export(rows)
    audit(
        "guichet.export.statistics",
        actor=request.user,
        format=fmt,
        filters=filters.as_dict(),
        rows=len(rows),
    )
    file_format = FORMATS[fmt]()
    response = HttpResponse(
        file_format.export_data(dataset), content_type=file_format.get_content_type()
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("statistiques", fmt)}"'
    return response


class _Echo:
    def write(self, value):
        return value


def requests_export(request, fmt):
    """Request-level export. CSV streams row by row (100,000 rows in constant memory); the
    other formats are built in memory and limited to MAX_ROWS_IN_MEMORY rows."""
    _require_statistics(request)
    if fmt not in FORMATS:
        raise Http404
    with_names = request.GET.get("noms") == "1"
    if with_names and not access.may_export_names(request.user):
        raise Http404
    form = StatsFilterForm(request.GET or None)
    filters = form.filters()
    queryset = stats.requests_in_scope(filters).order_by("submitted_at", "pk")
    resource = RequestWithNamesResource() if with_names else RequestResource()
    audit_data = {"format": fmt, "filters": filters.as_dict(), "with_names": with_names}
    stem = "demandes-nominatives" if with_names else "demandes"

    if fmt == "csv":

        def rows():
            writer = csv.writer(_Echo())
            yield "\ufeff" + writer.writerow(resource.get_export_headers())
            count = 0
            for row in resource.csv_rows(queryset):
                count += 1
                yield writer.writerow(row)
            audit("guichet.export.requests", actor=request.user, **audit_data, rows=count)

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
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
        dataset = resource.export(queryset)
        audit("guichet.export.requests", actor=request.user, **audit_data, rows=total)
        file_format = FORMATS[fmt]()
        response = HttpResponse(
            file_format.export_data(dataset), content_type=file_format.get_content_type()
        )
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, fmt)}"'
    response["Cache-Control"] = "private, no-store"
    return response


MAX_ROWS_IN_MEMORY = 50_000
