"""Every commune's figures for the intercommunale's managers (/bureau/statistiques/
intercommunales/): counts, durations and amounts per commune, no personal data.

The intercommunale's managers are attached to no commune: the page answers on every commune's
host, to them only (permission guichet.view_intercommunal_statistics, which no commune's
administrator holds; StaffSurfaceMiddleware lets them reach this page and nothing else of a
commune). Anyone else gets 404."""

import csv
import io
import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from guichet import access, stats
from guichet.bureau.stats_views import StatsFilterForm

# Sortable columns (the table's headers), then the default order.
SORTS = ("name", *stats.INTERCOMMUNAL_COLUMNS)
DEFAULT_SORT = "name"
EXPORT_FORMATS = ("csv", "json")
HEADINGS = [
    ("name", gettext_lazy("Commune")),
    ("received", gettext_lazy("Reçues")),
    ("issued", gettext_lazy("Délivrées")),
    ("issued_auto", gettext_lazy("dont automatiques")),
    ("issued_clerk", gettext_lazy("dont par un agent")),
    ("refused", gettext_lazy("Refusées")),
    ("open", gettext_lazy("En cours aujourd'hui")),
    ("median_hours", gettext_lazy("Délai médian (heures)")),
    ("revenue", gettext_lazy("Recettes nettes (€)")),
]


class IntercommunalFilterForm(StatsFilterForm):
    """The period and the document of the commune's statistics page (no channel, no
    service: the columns already split the channels, and services are each commune's)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["channel"]
        del self.fields["service"]


def _require_intercommunal(request):
    if not access.sees_intercommunal_statistics(request.user):
        raise Http404


def _sorted(rows, key, descending):
    """Rows by `key`; a commune without that figure (no median) always comes last."""
    if key == "name":
        return sorted(rows, key=lambda row: str(row["name"]).casefold(), reverse=descending)
    present = [row for row in rows if row[key] is not None]
    missing = [row for row in rows if row[key] is None]
    return sorted(present, key=lambda row: row[key], reverse=descending) + missing


def page(request):
    _require_intercommunal(request)
    form = IntercommunalFilterForm(request.GET or None)
    filters = form.filters()
    summary = stats.intercommunal_summary(filters)
    sort = request.GET.get("tri") if request.GET.get("tri") in SORTS else DEFAULT_SORT
    descending = request.GET.get("ordre") == "desc"
    kept = request.GET.copy()
    for name in ("tri", "ordre"):
        kept.pop(name, None)
    headings = [
        {
            "key": key,
            "label": label,
            "sorted": key == sort,
            "aria_sort": ("descending" if descending else "ascending") if key == sort else "",
            "next_order": "asc" if key == sort and descending else "desc" if key == sort else "asc",
        }
        for key, label in HEADINGS
    ]
    return render(
        request,
        "bureau/intercommunal_stats.html",
        {
            "form": form,
            "filters": filters,
            "summary": summary,
            "rows": _sorted(summary["communes"], sort, descending),
            "headings": headings,
            "kept": kept.urlencode(),
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )


def export(request, fmt):
    """The same figures for integrations and spreadsheets: codes as keys, plain numbers
    (decimal point, never localised), one row per commune then a `total` row."""
    _require_intercommunal(request)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    filters = IntercommunalFilterForm(request.GET or None).filters()
    summary = stats.intercommunal_summary(filters)
    stem = f"statistiques-intercommunales-{timezone.localdate():%Y%m%d}"
    if fmt == "json":
        response = HttpResponse(
            json.dumps(summary, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
    else:
        response = HttpResponse(_csv(summary), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _number(value):
    """A figure as integrations read it: `1234.5`, `12`, or empty when there is none."""
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def _csv(summary):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["commune", "nis_code", "name", *stats.INTERCOMMUNAL_COLUMNS])
    for row in summary["communes"]:
        writer.writerow(
            [
                row["commune"],
                row["nis_code"],
                row["name"],
                *(_number(row[column]) for column in stats.INTERCOMMUNAL_COLUMNS),
            ]
        )
    totals = summary["totals"]
    writer.writerow(
        ["total", "", "", *(_number(totals[column]) for column in stats.INTERCOMMUNAL_COLUMNS)]
    )
    return "\ufeff" + out.getvalue()
