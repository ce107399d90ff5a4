"""Retention of the appointment cases (GDPR): a case closed for longer than
CPAS_CASE_RETENTION_DAYS (default 365 days, 12 months) loses the person's name, phone,
e-mail, answers and the staff's notes; its reference, subject, status and dates stay for the
CPAS's figures, and its audit entries (which never held the person's data) stay whole.

Registered with the counter's purge (guichet.retention.register_purge), so
`manage.py purge_expired` runs both. Safe to run any number of times."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cpas.constants import CaseStatus
from cpas.models import AppointmentCase
from guichet.audit import audit

LABEL = _("demandes de rendez-vous du CPAS anonymisées")


def anonymise_closed_cases(*, now=None):
    now = now or timezone.now()
    retention = datetime.timedelta(days=settings.CPAS_CASE_RETENTION_DAYS)
    expired = AppointmentCase.objects.filter(
        status=CaseStatus.CLOSED, closed_at__lt=now - retention, anonymised_at__isnull=True
    )
    count = 0
    for pk in expired.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            case = AppointmentCase.objects.select_for_update().get(pk=pk)
            if case.status != CaseStatus.CLOSED or case.anonymised_at:
                continue  # reopened or anonymised meanwhile
            case.name = case.phone = case.email = case.notes = ""
            case.answers = []
            case.anonymised_at = now
            case.save(update_fields=["name", "phone", "email", "notes", "answers", "anonymised_at"])
            audit("cpas.case.anonymised", case=case.pk, reference=case.reference)
            count += 1
    return count
