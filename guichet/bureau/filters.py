"""The back-office queue's filters (the queue page and the API's staff queue)."""

import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet import codes
from guichet.bureau.forms import AGE_CHOICES, ASSIGNED_CHOICES, SORT_CHOICES
from guichet.constants import OPEN_STATES, staff_state_choices


def _without_empty(choices):
    return [(code, label) for code, label in choices if code]


def _label(choices, code=""):
    return dict(choices)[code]


class QueueFilter(django_filters.FilterSet):
    """Open requests by default, oldest first. Data that does not validate filters nothing
    (the page shows the errors next to the fields; the API answers them as a problem)."""

    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="filter_search",
        max_length=100,
        help_text=_("Référence, code de suivi ou nom."),
    )
    kind = django_filters.ChoiceFilter(label=_("Document"), empty_label=_("Tous"))
    state = django_filters.ChoiceFilter(
        label=_("État"),
        empty_label=_("Ouvertes (à traiter)"),
        choices=[("all", _("Tous les états")), *staff_state_choices()],
        method="filter_state",
    )
    assigned = django_filters.ChoiceFilter(
        label=_("Assignées à"),
        empty_label=_label(ASSIGNED_CHOICES),
        choices=_without_empty(ASSIGNED_CHOICES),
        method="filter_assigned",
    )
    age = django_filters.ChoiceFilter(
        label=_("Ancienneté"),
        empty_label=_label(AGE_CHOICES),
        choices=_without_empty(AGE_CHOICES),
        method="filter_age",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Tri"), empty_label=None, choices=SORT_CHOICES, method="filter_sort"
    )

    def __init__(self, data, *, queryset, kinds, user_id):
        """`kinds`: the DocumentKinds offered in the kind filter; `user_id`: who "me" is."""
        # Always bound: no data at all means the defaults, not an unfiltered queue.
        super().__init__(data if data is not None else {}, queryset=queryset)
        self.user_id = user_id
        self.kind_slugs = [k.slug for k in kinds]
        self.filters["kind"].extra["choices"] = [(k.slug, k.label) for k in kinds]

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data if self.is_valid() else {}
        queryset = queryset.order_by("submitted_at", "pk")
        if not data.get("state"):
            queryset = queryset.filter(state__in=OPEN_STATES)
        for name, value in data.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_state(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(state=value)

    def filter_assigned(self, queryset, name, value):
        if value == "me":
            return queryset.filter(assigned_to=self.user_id)
        return queryset.filter(assigned_to__isnull=True)

    def filter_age(self, queryset, name, value):
        if value == "overdue":  # past the kind's announced delay, as the dashboard counts
            from guichet.bureau.selectors import overdue_filter

            return queryset.filter(overdue_filter(self.kind_slugs))
        limit = timezone.now() - datetime.timedelta(days=int(value))
        return queryset.filter(submitted_at__lt=limit)

    def filter_search(self, queryset, name, value):
        query = value.strip()
        if not query:
            return queryset
        return queryset.filter(
            Q(reference=query)
            | Q(tracking_code=codes.normalise(query))
            | Q(subject_last_name__icontains=query)
            | Q(applicant_last_name__icontains=query)
        )

    def filter_sort(self, queryset, name, value):
        return queryset.order_by("-submitted_at", "pk") if value == "newest" else queryset
