"""Reads for the API, scoped like the web's (guichet.selectors, guichet.bureau.selectors)."""

from dataclasses import dataclass

from django.http import Http404

from guichet.bureau import selectors as bureau_selectors
from guichet.kinds import registry
from guichet.models import DocumentRequest, KindSettings, Purpose


@dataclass(frozen=True)
class CatalogueEntry:
    kind: object  # guichet.kinds.DocumentKind
    settings: KindSettings
    purposes: list


def catalogue(*, kind_slug=None):
    """The kinds offered online (active KindSettings), with their active purposes: two
    queries whatever the number of kinds."""
    settings_by_kind = {s.kind: s for s in KindSettings.objects.filter(active=True)}
    purposes = Purpose.objects.filter(active=True, kind__in=list(settings_by_kind))
    if kind_slug is not None:
        purposes = purposes.filter(kind=kind_slug)
    by_kind = {}
    for purpose in purposes:
        by_kind.setdefault(purpose.kind, []).append(purpose)
    return [
        CatalogueEntry(
            kind=kind, settings=settings_by_kind[kind.slug], purposes=by_kind.get(kind.slug, [])
        )
        for kind in registry.all()
        if kind.slug in settings_by_kind and (kind_slug is None or kind.slug == kind_slug)
    ]


def queue(*, scope, data, offered_kinds):
    """The back office's queue for an API caller (same filter set as the queue page)."""
    return bureau_selectors.queue(
        kinds=scope.visible_kinds, user_id=scope.user.pk, data=data, offered_kinds=offered_kinds
    )


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
