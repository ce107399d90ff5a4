"""The CPAS cases' audit actions, in the counter's registry (guichet.audit): each entry names
its case in its data ({"case": id, "reference": "CPAS-2026-00012"}), never the person."""

from django.utils.translation import gettext_lazy as _

from guichet import audit

CASE_ACTIONS = (
    "cpas.case.received",
    "cpas.case.status_changed",
    "cpas.case.assigned",
    "cpas.case.due_date_changed",
    "cpas.case.notes_changed",
    "cpas.case.anonymised",
)


def _status_labels(entry):
    from cpas.constants import CaseStatus

    labels = dict(CaseStatus.choices)
    return {
        "before": labels.get(entry.from_state, entry.from_state),
        "after": labels.get(entry.to_state, entry.to_state),
    }


def _assignee(entry):
    return {"assignee": entry.data.get("assignee") or _("personne")}


def _due_date(entry):
    import datetime

    from django.utils.formats import date_format

    raw = entry.data.get("due_date", "")
    try:
        return {"date": date_format(datetime.date.fromisoformat(raw), "j F Y")}
    except ValueError:
        return {"date": raw}


def register():
    audit.register(
        "cpas.case.received",
        clerk=_("Demande reçue par le formulaire du site"),
        erase=set(),
    )
    audit.register(
        "cpas.case.status_changed",
        clerk=_("Statut changé par %(actor)s : « %(before)s » → « %(after)s »"),
        erase=set(),
        context=_status_labels,
    )
    audit.register(
        "cpas.case.assigned",
        clerk=_("Attribuée à %(assignee)s par %(actor)s"),
        erase=set(),
        context=_assignee,
    )
    audit.register(
        "cpas.case.due_date_changed",
        clerk=_("Date de rappel fixée au %(date)s par %(actor)s"),
        erase=set(),
        context=_due_date,
    )
    audit.register(
        "cpas.case.notes_changed",
        clerk=_("Notes internes modifiées par %(actor)s"),
        erase=set(),
    )
    audit.register(
        "cpas.case.anonymised",
        clerk=_("Demande anonymisée : le délai de conservation est écoulé"),
        erase=set(),
    )


def case_history(case):
    """The case's audit entries, oldest first, each with the sentence staff read."""
    from guichet.models import AuditEntry

    entries = AuditEntry.objects.filter(action__in=CASE_ACTIONS, data__case=case.pk).order_by(
        "created_at", "pk"
    )
    return [(entry, audit.clerk_sentence(entry)) for entry in entries]
