"""Writes on appointment cases: a request arrives from the form (case_submit), CPAS staff
follow it up (case_update), retention anonymises it (cpas.retention). Every change writes an
audit entry through guichet.audit (actions registered in cpas.audit)."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cpas.constants import PHONE_FIELD_TYPE, CaseStatus
from cpas.models import AppointmentCase, CaseCounter, CpasSettings
from guichet import communes, sequences
from guichet.audit import audit
from guichet.workdays import working_days_after

logger = logging.getLogger(__name__)

# "Un assistant social vous rappelle dans les trois jours ouvrables."
CALLBACK_WORKING_DAYS = 3


def next_case_reference(*, year):
    """CPAS-2026-00012: gapless per year (guichet.sequences), so a rolled-back request gives
    its number back."""
    return f"CPAS-{year}-{sequences.next_number(CaseCounter, year=year):05d}"


def _display(value):
    if isinstance(value, bool):
        return _("Oui") if value else _("Non")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def read_answers(page, cleaned_data):
    """The form's answers in its order, with what the case list needs picked out: the name
    (the first one-line field named "nom…", else the first one-line field), the phone (the
    first phone field, E.164), the e-mail and the subject (the first drop-down or radio)."""
    answers, picked = [], {"name": "", "phone": "", "email": "", "subject": ""}
    singles = []
    for field in page.get_form_fields():
        value = cleaned_data.get(field.clean_name)
        text = _display(value)
        if field.field_type == PHONE_FIELD_TYPE and text:
            from cpas.phones import display

            answers.append({"label": field.label, "value": display(text)})
        else:
            answers.append({"label": field.label, "value": text})
        if not text:
            continue
        if field.field_type == PHONE_FIELD_TYPE and not picked["phone"]:
            picked["phone"] = text
        elif field.field_type == "email" and not picked["email"]:
            picked["email"] = text
        elif field.field_type in ("dropdown", "radio") and not picked["subject"]:
            picked["subject"] = text
        elif field.field_type == "singleline":
            singles.append((field.clean_name, text))
    named = [text for clean_name, text in singles if clean_name.startswith("nom")]
    picked["name"] = (named or [text for _name, text in singles] or [""])[0]
    return answers, picked


@transaction.atomic
def case_submit(*, page, answers):
    """Keep one request sent through `page` as a new case with the next reference; after
    commit, confirm to the person (when they gave an e-mail) and tell the CPAS."""
    now = timezone.now()
    rows, picked = read_answers(page, answers)
    case = AppointmentCase.objects.create(
        reference=next_case_reference(year=timezone.localdate(now).year),
        page=page,
        received_at=now,
        due_date=working_days_after(timezone.localdate(now), CALLBACK_WORKING_DAYS),
        answers=rows,
        name=picked["name"][:200],
        phone=picked["phone"][:20],
        email=picked["email"],
        subject=picked["subject"][:200],
    )
    audit("cpas.case.received", case=case.pk, reference=case.reference)
    case_id = case.pk
    transaction.on_commit(lambda: send_case_emails(case_id=case_id))
    return case


def notification_addresses(commune=None):
    """Where the commune's CPAS is told of new requests: its settings in /cms/, else the
    server's."""
    commune = commune or communes.current_or_home()
    row = CpasSettings.objects.filter(site_id=commune.site_id).first() if commune.site_id else None
    addresses = row.addresses() if row else []
    if addresses:
        return addresses
    raw = settings.CPAS_NOTIFICATION_EMAIL
    return [address.strip() for address in raw.split(",") if address.strip()]


def send_case_emails(*, case_id):
    """The confirmation to the person and the notification to the CPAS. A mail server that
    refuses does not undo the request (it is listed in /cms/) and the visitor sees no error."""
    case = AppointmentCase.objects.select_related("page").filter(pk=case_id).first()
    if case is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        home = case.page.get_cpas_home() if case.page else None
        context = {
            "case": case,
            "cpas_name": _("Le CPAS de %(place)s") % {"place": communes.of(case).place},
            "cpas_phone": home.phone if home else "",
            "admin_url": settings.WAGTAILADMIN_BASE_URL
            + reverse("cpas_cases:edit", args=[case.pk]),
        }
        messages = []
        if case.email:
            messages.append(
                (
                    _("Votre demande de rendez-vous au CPAS (%(reference)s)")
                    % {"reference": case.reference},
                    render_to_string("cpas/email/appointment_confirmation.txt", context),
                    [case.email],
                    "confirmation",
                )
            )
        addresses = notification_addresses(communes.of(case))
        if addresses:
            subject = (case.page.subject if case.page else "") or _(
                "Nouvelle demande de rendez-vous au CPAS"
            )
            messages.append(
                (
                    f"{subject} – {case.reference}",
                    render_to_string("cpas/email/appointment_notification.txt", context),
                    addresses,
                    "notification",
                )
            )
    for subject, body, recipients, what in messages:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        except OSError as error:  # smtplib errors, refused connection, timeout
            logger.warning(
                "CPAS appointment %s not sent: case id=%s error=%s",
                what,
                case.pk,
                type(error).__name__,
            )


# What staff may change on a case, in the order the audit entries are written.
EDITABLE = ("status", "assignee", "due_date", "notes")


@transaction.atomic
def case_update(*, case, by, **changes):
    """Apply the staff's changes (any of EDITABLE) to `case` and write one audit entry per
    field that actually changed. Closing stamps `closed_at` (which retention counts from);
    reopening clears it. Returns the names of the fields that changed."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    locked = AppointmentCase.objects.select_for_update().get(pk=case.pk)
    changed = [
        name for name in EDITABLE if name in changes and getattr(locked, name) != changes[name]
    ]
    if not changed:
        return []
    before = {name: getattr(locked, name) for name in changed}
    for name in changed:
        setattr(locked, name, changes[name])
    update_fields = list(changed)
    if "status" in changed:
        locked.closed_at = timezone.now() if locked.status == CaseStatus.CLOSED else None
        update_fields.append("closed_at")
    locked.save(update_fields=update_fields)
    ref = {"case": locked.pk, "reference": locked.reference}
    for name in changed:
        if name == "status":
            audit(
                "cpas.case.status_changed",
                actor=by,
                from_state=before["status"],
                to_state=locked.status,
                **ref,
            )
        elif name == "assignee":
            assignee = locked.assignee
            audit(
                "cpas.case.assigned",
                actor=by,
                assignee=(assignee.get_full_name() or assignee.get_username()) if assignee else "",
                **ref,
            )
        elif name == "due_date":
            due = locked.due_date.isoformat()
            audit("cpas.case.due_date_changed", actor=by, due_date=due, **ref)
        elif name == "notes":
            # The notes themselves stay on the case only (retention erases them there).
            audit("cpas.case.notes_changed", actor=by, **ref)
    for name in EDITABLE:
        setattr(case, name, getattr(locked, name))
    case.closed_at = locked.closed_at
    return changed
