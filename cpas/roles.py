"""The CPAS mini-site's staff group (merged by guichet.roles after each migrate); its page
permissions on the /cpas/ subtree are made by pages.structure."""

from django.utils.translation import gettext_lazy as _

from guichet.roles import Role
from pages.roles import CMS_EDITOR

CPAS_EDITORS = "Éditeurs CPAS"

# The appointment cases (read and follow up; never created or deleted by hand) and the CPAS
# settings (where new requests are announced).
CASE_WORKER = (
    "cpas.view_appointmentcase",
    "cpas.change_appointmentcase",
    "cpas.change_cpassettings",
)

ROLES = [
    Role(
        CPAS_EDITORS,
        (*CMS_EDITOR, *CASE_WORKER),
        _(
            "Éditent uniquement le mini-site du CPAS dans /cms/ et suivent les demandes de "
            "rendez-vous."
        ),
    ),
]
