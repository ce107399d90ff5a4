"""Intercommunale support: a commune lets a support account read its back office.

A commune's administrators open a grant (`grant_open`) for one named account of the group
"Support intercommunal", with a reason and a last day (at most MAX_DAYS days ahead, DEFAULT_DAYS
by default), and may close it earlier (`grant_revoke`). While it is valid the account signs in on
the commune's host and reads its back office as a manager does; every page it opens is written
to the commune's audit (`page_viewed`), every write it attempts is refused and written too
(guichet.staff.middleware). Expired or revoked, the account is any other commune's staff:
refused at sign-in, 404 past it.

Why one named account rather than the whole group: the commune knows who reads its data and
for what, the audit names the person the commune chose, and someone joining the support group
later gains nothing without a grant of their own.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.formats import date_format

from guichet import roles
from guichet.audit import audit
from guichet.models import AuditEntry, DocumentRequest, SupportGrant
from guichet.refusals import ActionRefused

MAX_DAYS = 30
DEFAULT_DAYS = 7
LOG_ACTIONS = ("guichet.support.viewed", "guichet.support.refused")
GRANT_ACTIONS = ("guichet.support.granted", "guichet.support.revoked")


def support_accounts():
    """The accounts a commune may open its back office to."""
    return (
        get_user_model()
        .objects.filter(groups__name=roles.SUPPORT, is_active=True)
        .order_by("last_name", "first_name", "username")
    )


def latest_last_day(today=None):
    return (today or timezone.localdate()) + datetime.timedelta(days=MAX_DAYS)


def default_last_day(today=None):
    return (today or timezone.localdate()) + datetime.timedelta(days=DEFAULT_DAYS)


def _end_of(day):
    """Midnight after `day`, local time: a grant's last day is a whole day."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


def grant_open(*, user, by, reason, last_day):
    """Open the current commune's back office to `user` (a support account) until the end of
    `last_day` (today to MAX_DAYS days ahead). Audited `guichet.support.granted`."""
    today = timezone.localdate()
    if not support_accounts().filter(pk=user.pk).exists():
        raise ActionRefused("support_not_a_support_account")
    if not today <= last_day <= latest_last_day(today):
        raise ActionRefused(
            "support_end_out_of_range", date=date_format(latest_last_day(today), "j F Y")
        )
    with transaction.atomic():
        grant = SupportGrant.objects.create(
            user=user, reason=reason.strip(), ends_at=_end_of(last_day), granted_by=by
        )
        audit(
            "guichet.support.granted",
            actor=by,
            reason=grant.reason,
            grant=grant.pk,
            account=user.get_username(),
            until=date_format(last_day, "j F Y"),
        )
    return grant


def grant_revoke(*, grant, by):
    """Close a grant now: the account's next page is a 404. Audited `guichet.support.revoked`;
    a grant already expired or revoked is refused (`support_already_closed`)."""
    with transaction.atomic():
        grant = SupportGrant.objects.select_for_update().get(pk=grant.pk)
        if not grant.is_active:
            raise ActionRefused("support_already_closed")
        grant.revoked_at = timezone.now()
        grant.revoked_by = by
        grant.save(update_fields=["revoked_at", "revoked_by"])
        audit(
            "guichet.support.revoked",
            actor=by,
            grant=grant.pk,
            account=grant.user.get_username(),
        )
    return grant


def _document_request(path):
    """The request a back-office page names by its reference, if any (never a query)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    reference = match.kwargs.get("reference")
    if not reference:
        return None
    return DocumentRequest.objects.filter(reference=reference).first()


def page_viewed(*, grant, request, status, refused=False):
    """Write what the support account opened (or tried to change) under `grant`: the path
    without its query string (a search may hold a name), the method, the answer's status,
    the request the page names. Written for the grant's commune (the current one)."""
    return audit(
        "guichet.support.refused" if refused else "guichet.support.viewed",
        actor=request.user,
        document_request=_document_request(request.path),
        grant=grant.pk,
        path=request.path,
        method=request.method,
        status=status,
    )


def grants():
    """The current commune's grants, newest first, with their people."""
    return SupportGrant.objects.select_related("user", "granted_by", "revoked_by")


def log(grant=None):
    """The support's reading log of the current commune (of one grant), newest first."""
    entries = AuditEntry.objects.filter(action__in=LOG_ACTIONS).select_related("actor", "request")
    if grant is not None:
        entries = entries.filter(data__grant=grant.pk)
    return entries.order_by("-created_at", "-pk")
