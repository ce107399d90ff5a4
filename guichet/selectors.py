"""Reads, always scoped to what the asking user may see (out of scope → 404 in views)."""

import datetime
import statistics

from django.core.cache import cache
from django.db.models import F
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from guichet import audit, communes
from guichet.constants import Channel, State
from guichet.models import AuditEntry, DocumentRequest, KindSettings, RequestMessage
from guichet.workdays import working_days_after


def requests_of_citizen(*, user):
    return DocumentRequest.objects.filter(applicant=user).select_related("document")


def communes_elsewhere(*, user):
    """The other communes where this citizen has requests (citizens sign in federally: born
    in one commune, living in another), as (name, address of their requests): one query
    across the fence, names and links only."""
    current = communes.current_or_home()
    with communes.activated(None):
        ids = (
            DocumentRequest.objects.filter(applicant=user)
            .exclude(commune_id=current.pk)
            .values_list("commune_id", flat=True)
            .distinct()
        )
        elsewhere = [communes.get(pk) for pk in ids]
    return [
        (commune.name, commune.base_url + reverse("guichet:my_requests"))
        for commune in sorted(elsewhere, key=lambda c: c.name)
        if commune.active
    ]


def request_of_citizen(*, user, reference):
    """The citizen's own request, or 404 — whether it exists for someone else or not."""
    return get_object_or_404(requests_of_citizen(user=user), reference=reference)


def citizen_timeline(*, document_request):
    """The entries the citizen sees (guichet.audit says which), oldest first."""
    return list(
        AuditEntry.objects.filter(request=document_request, action__in=audit.citizen_codes())
        .order_by("created_at", "pk")
        .only("action", "created_at", "to_state", "reason")
    )


def citizen_messages(*, document_request):
    return list(
        RequestMessage.objects.filter(request=document_request, internal=False).prefetch_related(
            "attachments"
        )
    )


def median_processing_days(*, kind, now=None):
    """Median time from submission to issue of clerk-handled requests of the last 90 days,
    in days (float), or None without data. Cached for 10 minutes per kind."""
    key = f"median-processing:{kind}"
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    now = now or timezone.now()
    durations = (
        DocumentRequest.objects.filter(
            kind=kind, channel=Channel.CLERK, issued_at__gte=now - datetime.timedelta(days=90)
        )
        .annotate(duration=F("issued_at") - F("submitted_at"))
        .values_list("duration", flat=True)[:20000]
    )
    days = [d.total_seconds() / 86400 for d in durations if d is not None]
    median = statistics.median(days) if days else None
    cache.set(key, median or 0, timeout=600)
    return median


def expected_date(*, document_request):
    """When the citizen can expect the document: submission + the kind's real median
    processing time, or the announced delay (working days) while there is no history."""
    if document_request.state not in (State.SUBMITTED, State.IN_REVIEW, State.AWAITING_CITIZEN):
        return None
    submitted = timezone.localtime(document_request.submitted_at).date()
    median = median_processing_days(kind=document_request.kind)
    if median is not None:
        return submitted + datetime.timedelta(days=max(1, round(median)))
    delay = (
        KindSettings.objects.filter(
            commune_id=document_request.commune_id, kind=document_request.kind
        )
        .values_list("announced_delay_days", flat=True)
        .first()
    )
    return working_days_after(submitted, delay or 5)
