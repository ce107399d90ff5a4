"""Managers' figures, computed in one place for the page, the exports and the API.

Nothing here returns personal data: counts, durations and categories only. Rejection reasons
are reported by category (the list clerks choose from); free text never leaves the request.
"""

import datetime
import statistics
from dataclasses import asdict, dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet import access
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
