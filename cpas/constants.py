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
