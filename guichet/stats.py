"""Managers' figures, computed in one place for the page, the exports and the API.

Nothing here returns personal data: counts, durations and categories only. Rejection reasons
are reported by category (the list clerks choose from); free text never leaves the request.
"""

import datetime
import statistics
from dataclasses import asdict, dataclass

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    Sum,
)
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet import access, communes
from guichet.constants import OPEN_STATES, Channel, RejectionCode, State, staff_state_choices
from guichet.kinds import registry
from guichet.models import DocumentRequest, KindSettings, Payment, Refund
from guichet.workdays import WorkingCalendar

PRESETS = {
    "7j": 7,
    "30j": 30,
    "90j": 90,
    "365j": 365,
}
AGE_BUCKETS = [
    (1, _("moins d'un jour")),
    (5, _("1 à 5 jours")),
    (30, _("5 à 30 jours")),
    (None, _("plus de 30 jours")),
]


@dataclass(frozen=True)
class StatsFilters:
    start: datetime.date
    end: datetime.date  # inclusive
    kind: str = ""
    channel: str = ""  # "", "auto" or "clerk"
    service: str = ""  # a handling group name, "" = every service

    @classmethod
    def last_days(cls, days, **kwargs):
        end = timezone.localdate()
        return cls(start=end - datetime.timedelta(days=days - 1), end=end, **kwargs)

    def kinds(self):
        slugs = access.kinds_of_service(self.service) if self.service else access.all_kinds()
        return [s for s in slugs if not self.kind or s == self.kind]

    def bounds(self):
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        return start, end

    def as_dict(self):
        data = asdict(self)
        data["start"], data["end"] = self.start.isoformat(), self.end.isoformat()
        return data


def requests_in_scope(filters):
    """Requests submitted in the period, of the selected kinds and channel."""
    start, end = filters.bounds()
    queryset = DocumentRequest.objects.filter(
        kind__in=filters.kinds(), submitted_at__gte=start, submitted_at__lt=end
    )
    if filters.channel == Channel.AUTO:
        queryset = queryset.filter(channel=Channel.AUTO)
    elif filters.channel == Channel.CLERK:
        queryset = queryset.exclude(channel=Channel.AUTO)
    return queryset


def percentile(values, rank):
    """The `rank`-th percentile (1 to 99), interpolated between the closest values
    (statistics' "inclusive" method, R-7); None without values."""
    if len(values) < 2:
        return values[0] if values else None
    return statistics.quantiles(values, n=100, method="inclusive")[rank - 1]


def _volumes(queryset, trunc):
    tz = timezone.get_current_timezone()
    rows = (
        queryset.annotate(bucket=trunc("submitted_at", tzinfo=tz))
        .values("bucket")
        .annotate(
            submitted=Count("pk"),
            issued=Count("pk", filter=Q(issued_at__isnull=False)),
            auto=Count("pk", filter=Q(channel=Channel.AUTO)),
        )
        .order_by("bucket")
    )
    return [
        {
            "period": _bucket_date(row["bucket"]).isoformat(),
            "submitted": row["submitted"],
            "issued": row["issued"],
            "auto_issued": row["auto"],
        }
        for row in rows
    ]


def _bucket_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def compute(filters, *, now=None):
    now = now or timezone.now()
    scope = requests_in_scope(filters)
    totals = scope.aggregate(
        submitted=Count("pk"),
        issued=Count("pk", filter=Q(issued_at__isnull=False)),
        auto_issued=Count("pk", filter=Q(channel=Channel.AUTO)),
        rejected=Count("pk", filter=Q(state=State.REJECTED)),
        cancelled=Count("pk", filter=Q(state=State.CANCELLED)),
    )
    totals["auto_share"] = (
        round(totals["auto_issued"] / totals["issued"], 4) if totals["issued"] else None
    )

    delays = dict(KindSettings.objects.values_list("kind", "announced_delay_days"))
    calendar = WorkingCalendar()
    hours, on_time, late = [], 0, 0
    for kind, submitted, issued in (
        scope.filter(issued_at__isnull=False)
        .values_list("kind", "submitted_at", "issued_at")
        .iterator(chunk_size=5000)
    ):
        hours.append((issued - submitted).total_seconds() / 3600)
        deadline = calendar.after(timezone.localtime(submitted).date(), delays.get(kind, 5))
        if timezone.localtime(issued).date() <= deadline:
            on_time += 1
        else:
            late += 1
    hours.sort()

    labels = dict(RejectionCode.choices)
    reasons = {}
    rejected = scope.filter(state=State.REJECTED).values_list("rejection_code")
    for code, count in rejected.annotate(count=Count("pk")).values_list("rejection_code", "count"):
        label = str(labels.get(code or RejectionCode.OTHER, labels[RejectionCode.OTHER]))
        reasons[label] = reasons.get(label, 0) + count

    return {
        "filters": filters.as_dict(),
        "totals": totals,
        "time_to_issue_hours": {
            "count": len(hours),
            "median": round(statistics.median(hours), 2) if hours else None,
            "p90": round(percentile(hours, 90), 2) if hours else None,
        },
        "on_time": {
            "on_time": on_time,
            "late": late,
            "rate": round(on_time / (on_time + late), 4) if on_time + late else None,
        },
        "volumes": {
            "day": _volumes(scope, TruncDay),
            "week": _volumes(scope, TruncWeek),
            "month": _volumes(scope, TruncMonth),
        },
        "backlog": backlog(filters, now=now),
        "revenue": revenue(filters),
        "rejection_reasons": sorted(
            ({"reason": reason, "count": count} for reason, count in reasons.items()),
            key=lambda row: (-row["count"], row["reason"]),
        ),
    }


def backlog(filters, *, now=None):
    """Open requests now (whatever the period), by state and by age."""
    now = now or timezone.now()
    open_requests = DocumentRequest.objects.filter(kind__in=filters.kinds(), state__in=OPEN_STATES)
    aggregates = {}
    lower = None
    for days, label in AGE_BUCKETS:
        condition = Q()
        if lower is not None:
            condition &= Q(submitted_at__lte=now - datetime.timedelta(days=lower))
        if days is not None:
            condition &= Q(submitted_at__gt=now - datetime.timedelta(days=days))
        aggregates[str(label)] = Count("pk", filter=condition)
        lower = days
    rows = open_requests.values("state").annotate(
        total=Count("pk"),
        **{f"age_{i}": aggregate for i, aggregate in enumerate(aggregates.values())},
    )
    by_state = {row["state"]: row for row in rows}
    labels = list(aggregates)
    return [
        {
            "state": value,
            "label": str(label),
            "count": by_state.get(value, {}).get("total", 0),
            "ages": {
                labels[i]: by_state.get(value, {}).get(f"age_{i}", 0) for i in range(len(labels))
            },
        }
        for value, label in staff_state_choices()
        if value in OPEN_STATES
    ]


def _money(value):
    """An amount for the figures: a number with two decimals (never a localised string)."""
    return round(float(value or 0), 2)


def revenue(filters):
    """Fees paid in the period (by payment date), of the selected kinds and channel: the
    total, what was refunded, by kind, by purpose and by payment method."""
    start, end = filters.bounds()
    paid = Payment.objects.filter(
        status=Payment.Status.PAID,
        paid_at__gte=start,
        paid_at__lt=end,
        request__kind__in=filters.kinds(),
    )
    if filters.channel == Channel.AUTO:
        paid = paid.filter(request__channel=Channel.AUTO)
    elif filters.channel == Channel.CLERK:
        paid = paid.exclude(request__channel=Channel.AUTO)
    total = paid.aggregate(count=Count("pk"), amount=Sum("amount"))
    refunded = Refund.objects.filter(
        status=Refund.Status.DONE, done_at__gte=start, done_at__lt=end, payment__in=paid
    ).aggregate(amount=Sum("amount"))["amount"]

    def grouped(*fields):
        return (
            paid.values(*fields).annotate(count=Count("pk"), amount=Sum("amount")).order_by(*fields)
        )

    kind_labels = {kind.slug: str(kind.label) for kind in registry.all()}
    method_labels = {value: str(label) for value, label in Payment.Method.choices}
    return {
        "count": total["count"],
        "paid": _money(total["amount"]),
        "refunded": _money(refunded),
        "net": _money((total["amount"] or 0) - (refunded or 0)),
        "by_kind": [
            {
                "kind": row["request__kind"],
                "label": kind_labels.get(row["request__kind"], row["request__kind"]),
                "count": row["count"],
                "amount": _money(row["amount"]),
            }
            for row in grouped("request__kind")
        ],
        "by_purpose": [
            {
                "kind": row["request__kind"],
                "purpose": row["request__purpose"],
                "label": row["request__purpose_label"],
                "count": row["count"],
                "amount": _money(row["amount"]),
            }
            for row in grouped("request__kind", "request__purpose", "request__purpose_label")
        ],
        "by_method": [
            {
                "method": row["method"],
                "label": method_labels.get(row["method"], row["method"]),
                "count": row["count"],
                "amount": _money(row["amount"]),
            }
            for row in grouped("method")
        ],
    }


# -- every commune's figures (the intercommunale's managers) ---------------------------------


class _MedianHours(Aggregate):
    """PostgreSQL's exact median (PERCENTILE_CONT) of an interval, in hours. Requests never
    issued have no interval (NULL) and are left out, as the aggregate ignores NULLs."""

    function = "PERCENTILE_CONT"
    template = (
        "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (%(expressions)s)) "
        "/ 3600.0)"
    )
    output_field = FloatField()


def _time_to_issue():
    return ExpressionWrapper(F("issued_at") - F("submitted_at"), output_field=DurationField())


INTERCOMMUNAL_COLUMNS = (
    "received",
    "issued",
    "issued_auto",
    "issued_clerk",
    "refused",
    "open",
    "median_hours",
    "revenue",
)


def intercommunal_summary(filters, *, now=None):
    """Every commune's figures for the period and kind of `filters` (a StatsFilters; its
    channel and service are not used): requests received, issued (automatically, by a clerk),
    refused, open now, the median time from submission to issue (hours, over the requests
    received in the period and issued) and the net revenue (fees paid in the period, less
    what was refunded of them in the period). Counts, durations and amounts only: no name,
    no national number, no reference.

    Returns {"filters", "communes": [row per commune, by name], "totals"}; every value is a
    plain number (int, float or None), never a localised string. Five queries whatever the
    number of communes (requests by commune with a ROLLUP row for the totals, open requests,
    payments, refunds, the communes' names), read across the fence on purpose
    (communes.everywhere)."""
    from guichet.models import Commune

    start, end = filters.bounds()
    with communes.everywhere():
        requests = DocumentRequest.objects.all()
        payments = Payment.objects.filter(status=Payment.Status.PAID, paid_at__gte=start)
        refunds = Refund.objects.filter(
            status=Refund.Status.DONE,
            done_at__gte=start,
            done_at__lt=end,
            payment__status=Payment.Status.PAID,
            payment__paid_at__gte=start,
            payment__paid_at__lt=end,
        )
        if filters.kind:
            requests = requests.filter(kind=filters.kind)
            payments = payments.filter(request__kind=filters.kind)
            refunds = refunds.filter(payment__request__kind=filters.kind)
        scope = requests.filter(submitted_at__gte=start, submitted_at__lt=end)
        postgres = connection.vendor == "postgresql"
        issued = Q(issued_at__isnull=False)
        # Counted on submitted_at (never NULL), not the key: the covering index (migration
        # 0020) holds every column these read, so PostgreSQL need not visit the table.
        figures = {
            "received": Count("submitted_at"),
            "issued": Count("submitted_at", filter=issued),
            "issued_auto": Count("submitted_at", filter=issued & Q(channel=Channel.AUTO)),
            "refused": Count("submitted_at", filter=Q(state=State.REJECTED)),
        }
        if postgres:
            figures["median_hours"] = _MedianHours(_time_to_issue())
            by_commune = _with_total(scope.values("commune_id").annotate(**figures).order_by())
            overall_median = by_commune.pop(None, {}).get("median_hours")
        else:
            by_commune = {
                row.pop("commune_id"): row
                for row in scope.values("commune_id").annotate(**figures).order_by()
            }
            overall_median = _python_medians(scope, by_commune)
        open_now = dict(
            requests.filter(state__in=OPEN_STATES)
            .values("commune_id")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("commune_id", "n")
        )
        paid = dict(
            payments.filter(paid_at__lt=end)
            .values("commune_id")
            .annotate(amount=Sum("amount"))
            .order_by()
            .values_list("commune_id", "amount")
        )
        refunded = dict(
            refunds.values("commune_id")
            .annotate(amount=Sum("amount"))
            .order_by()
            .values_list("commune_id", "amount")
        )
        names = list(
            Commune.objects.order_by("name", "pk").values("pk", "slug", "name", "nis_code")
        )

    rows = []
    for commune in names:
        counted = by_commune.get(commune["pk"], {})
        issued_count = counted.get("issued", 0)
        median = counted.get("median_hours")
        rows.append(
            {
                "commune": commune["slug"],
                "nis_code": commune["nis_code"],
                "name": commune["name"],
                "received": counted.get("received", 0),
                "issued": issued_count,
                "issued_auto": counted.get("issued_auto", 0),
                "issued_clerk": issued_count - counted.get("issued_auto", 0),
                "refused": counted.get("refused", 0),
                "open": open_now.get(commune["pk"], 0),
                "median_hours": round(median, 2) if median is not None else None,
                "revenue": _money(
                    (paid.get(commune["pk"]) or 0) - (refunded.get(commune["pk"]) or 0)
                ),
            }
        )
    totals = {
        column: sum(row[column] for row in rows)
        for column in INTERCOMMUNAL_COLUMNS
        if column not in ("median_hours", "revenue")
    }
    totals["median_hours"] = round(overall_median, 2) if overall_median is not None else None
    totals["revenue"] = _money(sum(row["revenue"] for row in rows))
    return {"filters": filters.as_dict(), "communes": rows, "totals": totals}


def _with_total(grouped):
    """{commune id: figures} of a query grouped by commune, run with GROUP BY ROLLUP
    (PostgreSQL) so that the same scan also gives the whole installation's row (under the key
    None): the overall median needs every value again, and a second scan of a year's
    requests costs as much as the first."""
    sql, params = grouped.query.sql_with_params()
    quote = connection.ops.quote_name
    column = f"{quote(grouped.model._meta.db_table)}.{quote('commune_id')}"
    # Django writes the grouping as the select index ("GROUP BY 1") or the column; inside
    # ROLLUP a number would be a constant, so the column is named.
    head, found, tail = sql.rpartition(" GROUP BY ")
    if not found or tail not in ("1", column):
        raise RuntimeError(f"unexpected grouping in: {sql}")
    sql = f"{head} GROUP BY ROLLUP ({column})"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [description[0] for description in cursor.description]
        rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    return {row.pop("commune_id"): row for row in rows}


def _python_medians(scope, by_commune):
    """Medians without PERCENTILE_CONT (SQLite: development and tests): per commune into
    `by_commune`, and the overall one returned."""
    per_commune, everything = {}, []
    for commune_id, submitted, issued in scope.filter(issued_at__isnull=False).values_list(
        "commune_id", "submitted_at", "issued_at"
    ):
        hours = (issued - submitted).total_seconds() / 3600
        per_commune.setdefault(commune_id, []).append(hours)
        everything.append(hours)
    for commune_id, values in per_commune.items():
        by_commune.setdefault(commune_id, {})["median_hours"] = statistics.median(values)
    return statistics.median(everything) if everything else None
