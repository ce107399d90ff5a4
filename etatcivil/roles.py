"""The civil-status service's staff group (merged by guichet.roles after each migrate)."""

from django.utils.translation import gettext_lazy as _

from guichet.roles import CLERK, Role, model_permissions

ETAT_CIVIL = "Agents de l'état civil"

ROLES = [
    Role(
        ETAT_CIVIL,
        # They keep the birth register and link acts to persons (read only).
        (
            *CLERK,
            *model_permissions("etatcivil", "birthact", "marginalmention"),
            "population.view_person",
        ),
        _("Traitent les demandes d'actes de naissance."),
    ),
]
