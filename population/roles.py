"""The population service's staff group (merged by guichet.roles after each migrate)."""

from django.utils.translation import gettext_lazy as _

from guichet.roles import CLERK, Role, model_permissions

POPULATION = "Agents de la population"

ROLES = [
    Role(
        POPULATION,
        (
            *CLERK,
            *model_permissions(
                "population",
                "person",
                "address",
                "household",
                "membership",
                "criminalrecordentry",
                "pretrialdetention",
            ),
        ),
        _("Traitent les compositions de ménage et les extraits de casier judiciaire."),
    ),
]
