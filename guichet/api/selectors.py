"""Reads for the API, scoped like the web's (guichet.selectors, guichet.bureau.selectors)."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from guichet import codes
from guichet.bureau import selectors as bureau_selectors
from guichet.constants import OPEN_STATES
from guichet.kinds import registry
from guichet.models import DocumentRequest, KindSettings, Purpose


@dataclass(frozen=True)
class CatalogueEntry:
    kind: object  # guichet.kinds.DocumentKind
    settings: KindSettings
    purposes: list


def catalogue(*, slug=None):
    """The kinds offered online (active KindSettings), with their active purposes: two
    queries whatever the number of kinds."""
    settings_by_kind = {s.kind: s for s in KindSettings.objects.filter(active=True)}
    purposes = Purpose.objects.filter(active=True, kind__in=list(settings_by_kind))
    if slug is not None:
        purposes = purposes.filter(kind=slug)
    by_kind = {}
    for purpose in purposes:
        by_kind.setdefault(purpose.kind, []).append(purpose)
    return [
        CatalogueEntry(
            kind=kind, settings=settings_by_kind[kind.slug], purposes=by_kind.get(kind.slug, [])
        )
        for kind in registry.all()
        if kind.slug in settings_by_kind and (slug is None or kind.slug == slug)
    ]


def queue(*, scope, filters):
    """The back office's queue (guichet.bureau.views.queue) for an API caller: open requests
    by default, then the same filters with the same meaning. `filters` are the cleaned data
    of guichet.bureau.forms.QueueFilterForm."""
    requests = DocumentRequest.objects.filter(kind__in=scope.visible_kinds).select_related(
        "assigned_to"
    )
    state = filters.get("state")
    if not state:
        requests = requests.filter(state__in=OPEN_STATES)
    elif state != "all":
        requests = requests.filter(state=state)
    if filters.get("kind"):
        requests = requests.filter(kind=filters["kind"])
    if filters.get("assigned") == "me":
        requests = requests.filter(assigned_to=scope.user.pk)
    elif filters.get("assigned") == "none":
        requests = requests.filter(assigned_to__isnull=True)
    if filters.get("age"):
        limit = timezone.now() - datetime.timedelta(days=int(filters["age"]))
        requests = requests.filter(submitted_at__lt=limit)
    query = (filters.get("q") or "").strip()
    if query:
        code = codes.normalise(query)
        requests = requests.filter(
            Q(reference=query)
            | Q(tracking_code=code)
            | Q(subject_last_name__icontains=query)
            | Q(applicant_last_name__icontains=query)
        )
    order = "-submitted_at" if filters.get("sort") == "newest" else "submitted_at"
    return requests.order_by(order, "pk")


def overdue_ids(*, scope, requests):
    """Which of these (already fetched) requests are past their kind's announced delay."""
    kinds = list(scope.visible_kinds)
    return set(
        DocumentRequest.objects.filter(
            bureau_selectors.overdue_filter(kinds), pk__in=[r.pk for r in requests]
        ).values_list("pk", flat=True)
    )


def request_in_scope(*, scope, reference):
    request = (
        DocumentRequest.objects.filter(kind__in=scope.visible_kinds, reference=reference)
        .select_related("assigned_to", "applicant", "document")
        .first()
    )
    if request is None:
        raise Http404
    return request


def works(*, filters, day, date_from=None, date_to=None):
    """The website's works notices (pages.selectors.works_notices, same filters), keeping
    those whose period meets [date_from, date_to] when given."""
    from pages.selectors import works_notices

    notices = works_notices(
        status=filters.get("status", ""),
        nature=filters.get("nature", ""),
        street=filters.get("street", ""),
        day=day,
    )
    if date_from is not None:
        notices = [n for n in notices if n.end_date is None or n.end_date >= date_from]
    if date_to is not None:
        notices = [n for n in notices if n.start_date <= date_to]
    return notices
