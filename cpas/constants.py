from django.db import models
from django.utils.translation import gettext_lazy as _


class Accent(models.TextChoices):
    """The CPAS accent colours: a fixed set, each ≥ 4.5:1 against white (text and buttons),
    drawn from static/pages/site-extra.css as classes (no inline style: CSP-ready)."""

    TEAL = "teal", _("Sarcelle")
    PLUM = "plum", _("Prune")
    GREEN = "green", _("Vert")
    BROWN = "brown", _("Brun")
    BLUE = "blue", _("Bleu communal")


# The hex values, for tests and the admin help text; the CSS holds the same values.
ACCENT_COLOURS = {
    Accent.TEAL: "#00695c",
    Accent.PLUM: "#6a1b4d",
    Accent.GREEN: "#2e6b30",
    Accent.BROWN: "#7a4100",
    Accent.BLUE: "#0b4f8a",
}


class CaseStatus(models.TextChoices):
    """Where an appointment request stands, in the order CPAS staff work it."""

    NEW = "new", _("Nouvelle")
    ASSIGNED = "assigned", _("Attribuée")
    CALLED_BACK = "called_back", _("Rappelée")
    SCHEDULED = "scheduled", _("Rendez-vous fixé")
    CLOSED = "closed", _("Clôturée")


# The person is still waiting for the CPAS's call: past the due date, the case is overdue.
AWAITING_CALLBACK = (CaseStatus.NEW, CaseStatus.ASSIGNED)

# The phone field type of the appointment form (added to Wagtail's form field types).
PHONE_FIELD_TYPE = "phone"
