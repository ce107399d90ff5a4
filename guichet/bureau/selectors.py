"""Reads for the back office, scoped to the kinds the staff member may see (404 otherwise)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from guichet import access, dispatch
from guichet.bureau.filters import QueueFilter
from guichet.constants import OPEN_STATES, Channel, State, staff_state_choices
from guichet.kinds import registry
from guichet.models import AuditEntry, DocumentRequest, KindSettings, RequestMessage
from guichet.payments.summary import payment_label
from guichet.workdays import WorkingCalendar


def requests_visible_to(*, user, kinds=None):
    kinds = kinds if kinds is not None else access.visible_kinds(user)
    return DocumentRequest.objects.filter(kind__in=kinds)


def queue(*, kinds, user_id, data, offered_kinds=None):
    """The back-office queue of these kind slugs, filtered by `data` (QueryDict or dict) as
    QueueFilter says: returns the filter set (its `form` to show, its `qs` to list). The kind
    filter offers `offered_kinds` (DocumentKinds), by default these kinds. Used by the queue
    page and the API."""
    if offered_kinds is None:
        offered_kinds = [registry.get(slug) for slug in kinds]
    return QueueFilter(
        data,
        queryset=DocumentRequest.objects.filter(kind__in=kinds).select_related("assigned_to"),
        kinds=offered_kinds,
        user_id=user_id,
    )


def request_for_staff(*, user, reference):
    request = (
        requests_visible_to(user=user)
        .select_related("assigned_to", "applicant", "document")
        .filter(reference=reference)
        .first()
    )
    if request is None:
        raise Http404
    return request


def open_assigned_to(*, user, kinds):
    """How many open requests of these kinds this clerk holds."""
    return DocumentRequest.objects.filter(
        kind__in=kinds, assigned_to=user, state__in=OPEN_STATES
    ).count()


def overdue_filter(kinds, today=None):
    """Q matching open requests older than their kind's announced delay (working days)."""
    today = today or timezone.localdate()
    delays = dict(
        KindSettings.objects.filter(kind__in=kinds).values_list("kind", "announced_delay_days")
    )
    calendar = WorkingCalendar()
    condition = Q(pk__in=[])
    for kind in kinds:
        limit = calendar.before(today, delays.get(kind, 5))
        start = timezone.make_aware(datetime.datetime.combine(limit, datetime.time.min))
        condition |= Q(kind=kind, submitted_at__lt=start)
    return Q(state__in=OPEN_STATES) & condition


@dataclass(frozen=True)
class QueueRow:
    """One line of the queue: the request, its kind, when it is due (announced delay in
    working days from its submission) and whether it is late."""

    request: DocumentRequest
    kind: object
    due: datetime.date
    overdue: bool
    payment: str = ""  # "Payé", "Paiement attendu", "À payer au guichet", "Gratuit"…

    @property
    def requester_differs(self):
        r = self.request
        return (r.applicant_first_name, r.applicant_last_name) != (
            r.subject_first_name,
            r.subject_last_name,
        )


def queue_rows(requests, *, today=None):
    """QueueRows for a page of requests: one query for the delays, one calendar for the
    page (no query per row)."""
    today = today or timezone.localdate()
    kinds = {r.kind for r in requests}
    delays = dict(
        KindSettings.objects.filter(kind__in=kinds).values_list("kind", "announced_delay_days")
    )
    calendar = WorkingCalendar()
    rows = []
    for r in requests:
        due = calendar.after(timezone.localdate(r.submitted_at), delays.get(r.kind, 5))
        rows.append(
            QueueRow(
                request=r,
                kind=registry.get(r.kind),
                due=due,
                overdue=r.state in OPEN_STATES and due < today,
                payment=payment_label(r),
            )
        )
    return rows


def dashboard(*, user):
    kinds = access.visible_kinds(user)
    visible = requests_visible_to(user=user, kinds=kinds)
    by_state = dict(
        visible.filter(state__in=OPEN_STATES).values_list("state").annotate(n=Count("pk"))
    )
    today_start = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time.min)
    )
    # Every figure below counts requests issued today or still open: reading only those
    # (two index ranges) instead of every request the commune ever had.
    counts = visible.filter(Q(issued_at__gte=today_start) | Q(state__in=OPEN_STATES)).aggregate(
        auto_today=Count("pk", filter=Q(channel=Channel.AUTO, issued_at__gte=today_start)),
        issued_today=Count("pk", filter=Q(issued_at__gte=today_start)),
        mine=Count("pk", filter=Q(assigned_to=user, state__in=OPEN_STATES)),
        replied=Count(
            "pk", filter=Q(assigned_to=user, citizen_replied=True, state=State.IN_REVIEW)
        ),
        overdue=Count("pk", filter=overdue_filter(kinds)),
    )
    mine = list(
        visible.filter(assigned_to=user, state__in=OPEN_STATES).order_by("submitted_at")[:10]
    )
    return {
        "by_state": [
            (value, label, by_state.get(value, 0))
            for value, label in staff_state_choices()
            if value in OPEN_STATES
        ],
        "counts": counts,
        "mine": mine,
        "handover": dispatch.counts(kinds=kinds),
        "kinds": [registry.get(slug) for slug in kinds],
        # Managers read: no "Prendre la suivante", no "Mes demandes en cours".
        "handles": bool(access.handled_kinds(user)),
    }


def staff_timeline(*, document_request):
    entries = list(
        AuditEntry.objects.filter(request=document_request)
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    notes = list(
        RequestMessage.objects.filter(request=document_request)
        .select_related("author")
        .prefetch_related("attachments")
    )
    return entries, notes
