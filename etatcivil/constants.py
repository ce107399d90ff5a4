import re

from django.db import models
from django.utils.translation import gettext_lazy as _

# The commune's own register: acts it drew up carry this place in their reference.
DEFAULT_COMMUNE = "Val-des-Sources"

# The date acts became electronic (federal database BAEC/DABS): acts drawn up since then were
# never on paper.
BAEC_START = (2019, 3, 31)


class BirthVariant(models.TextChoices):
    EXTRAIT = "extrait", _("Extrait d'acte de naissance")
    COPIE = "copie", _("Copie intégrale d'acte de naissance")
    PLURILINGUE = "plurilingue", _("Extrait plurilingue (usage à l'étranger)")


class MentionNature(models.TextChoices):
    """Why a later change was written in the margin of the act."""

    RECOGNITION = "recognition", _("Reconnaissance")
    LAST_NAME = "last_name", _("Changement de nom")
    FIRST_NAMES = "first_names", _("Changement de prénoms")
    SEX = "sex", _("Modification de l'enregistrement du sexe")
    ADOPTION = "adoption", _("Adoption")
    RECTIFICATION = "rectification", _("Rectification judiciaire")
    NATIONALITY = "nationality", _("Nationalité")
    OTHER = "other", _("Autre mention")


# The identifier an act receives in the federal database when a paper act is digitised, as the
# BAEC application shows it. Its exact layout is not published, so we check its form only: 4 to
# 40 letters and digits, in groups separated by "-", "/" or ".", with at least one digit
# (e.g. "BAEC-1984-000123"). Spaces typed around or inside are dropped, letters uppercased.
BAEC_REFERENCE_RE = r"^(?=.*[0-9])[A-Z0-9]+(?:[-/.][A-Z0-9]+)*$"
BAEC_REFERENCE_LENGTH = (4, 40)


def normalise_baec_reference(value):
    """The reference as stored, or "" when it is not one (see BAEC_REFERENCE_RE)."""
    reference = "".join((value or "").split()).upper()
    low, high = BAEC_REFERENCE_LENGTH
    if not low <= len(reference) <= high or not re.match(BAEC_REFERENCE_RE, reference):
        return ""
    return reference
