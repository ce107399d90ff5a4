"""Reads on appointment cases: who may see them, and the CPAS staff they may be given to."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from cpas.models import AppointmentCase
from cpas.roles import CPAS_EDITORS

VIEW_CASES = "cpas.view_appointmentcase"


def can_see_cases(user):
    """CPAS staff (and the administrators, who hold every group's permissions); never the
    communication staff or the clerks, who may edit the website or work the counter."""
    return bool(user and user.is_active and user.has_perm(VIEW_CASES))


def cases_visible_to(*, user):
    if not can_see_cases(user):
        return AppointmentCase.objects.none()
    return AppointmentCase.objects.select_related("assignee")


def cpas_staff():
    """Who a case may be given to: active members of the CPAS group."""
    return (
        get_user_model()
        .objects.filter(Q(groups__name=CPAS_EDITORS), is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
