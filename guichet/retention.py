"""Retention (GDPR): what is kept, and for how long. Safe to run any number of times.

- Issued PDFs are deleted after their availability window (DOCUMENT_AVAILABILITY_DAYS,
  default 183 days ≈ 6 months); the hash and verification code stay, so /verifier/ still
  answers.
- Requests finished (closed, rejected, cancelled) for longer than REQUEST_RETENTION_DAYS
  (default 730) are anonymised and archived: names, national numbers, e-mail, address and
  free texts are erased, messages and uploaded files deleted. Audit entries are kept (who did
  what and when); each action's registration in guichet.audit says what is erased from them
  (free-text reasons, the citizen's name).
- Uploads of abandoned orders (pending/) older than a day are deleted.
- Other apps add their own purges with `register_purge(label, purge)` (the CPAS anonymises
  its closed appointment cases): `purge(now=...)` returns how many rows it purged, reported
  under `label`. The core imports none of them.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from guichet import audit
from guichet.constants import State
from guichet.models import AuditEntry, DocumentRequest, IssuedDocument
from guichet.storage import private_storage

FINAL_STATES = [State.CLOSED, State.REJECTED, State.CANCELLED]
ERASED = ""


@dataclass
class PurgeReport:
    documents_removed: int = 0
    requests_anonymised: int = 0
    pending_uploads_removed: int = 0
    # label → count, one per purge registered by another app
    others: dict = field(default_factory=dict)


# (label, purge) pairs registered by the apps that keep personal data of their own.
purges = []


def register_purge(label, purge):
    if all(existing is not purge for _label, existing in purges):
        purges.append((label, purge))


def purge_expired(*, now=None):
    now = now or timezone.now()
    report = PurgeReport()
    window = datetime.timedelta(days=getattr(settings, "DOCUMENT_AVAILABILITY_DAYS", 183))
    for document in IssuedDocument.objects.filter(
        issued_at__lt=now - window, file_removed_at__isnull=True
    ).exclude(file=""):
        if document.file:
            document.file.storage.delete(document.file.name)
        document.file = ""
        document.file_removed_at = now
        document.save(update_fields=["file", "file_removed_at"])
        report.documents_removed += 1

    retention = datetime.timedelta(days=getattr(settings, "REQUEST_RETENTION_DAYS", 730))
    expired = DocumentRequest.objects.filter(state__in=FINAL_STATES, closed_at__lt=now - retention)
    for pk in expired.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            request = DocumentRequest.objects.select_for_update().get(pk=pk)
            if request.state not in FINAL_STATES:
                continue  # changed meanwhile
            _anonymise(request)
            report.requests_anonymised += 1

    report.pending_uploads_removed = _purge_pending(now)
    for label, purge in purges:
        report.others[str(label)] = purge(now=now)
    audit.audit("guichet.retention.purged", **report.__dict__)
    return report


def _anonymise(request):
    for attachment in request.attachments.all():
        attachment.file.storage.delete(attachment.file.name)
    request.attachments.all().delete()
    request.messages.all().delete()
    for name in (
        "applicant_niss",
        "applicant_first_name",
        "applicant_last_name",
        "applicant_email",
        "subject_niss",
        "subject_first_name",
        "subject_last_name",
        "relationship_detail",
        "purpose_explanation",
        "review_reason",
        "rejection_reason",
    ):
        setattr(request, name, ERASED)
    request.details = {}
    request.postal_address = {}
    request.applicant = None
    previous_state = request.state
    request.archive()
    request.save()
    _erase_audit_entries(request)
    audit.audit(
        "guichet.request.anonymised",
        document_request=request,
        from_state=previous_state,
        to_state=request.state,
    )


def _erase_audit_entries(request):
    """Erase from the request's audit entries what their action's registration says. An
    entry whose code is no longer registered loses its reason and details; its author, who
    may have been a clerk, is kept."""
    entries = AuditEntry.objects.filter(request=request)
    registered = audit.codes()
    keeps_reason = registered - audit.codes_erasing(audit.REASON)
    entries.exclude(action__in=keeps_reason).update(reason=ERASED)
    keeps_data = registered - audit.codes_erasing(audit.DATA)
    entries.exclude(action__in=keeps_data).update(data={})
    entries.filter(action__in=audit.codes_erasing(audit.ACTOR)).update(
        actor=None, actor_label=audit.erased_citizen_label()
    )


def _purge_pending(now):
    storage = private_storage()
    try:
        _dirs, files = storage.listdir("pending")
    except FileNotFoundError:
        return 0
    # Real time, as the files' times are; get_modified_time() rather than a path on disk: the
    # storage may be a bucket (guichet/storage.py).
    limit = timezone.now() - datetime.timedelta(days=1)
    removed = 0
    for name in files:
        if storage.get_modified_time(f"pending/{name}") < limit:
            storage.delete(f"pending/{name}")
            removed += 1
    return removed
