"""The CPAS mini-site's staff group (merged by guichet.roles after each migrate); its page
permissions on the /cpas/ subtree are made by pages.structure."""

from django.utils.translation import gettext_lazy as _

from guichet.roles import Role
from pages.roles import CMS_EDITOR

CPAS_EDITORS = "Éditeurs CPAS"

ROLES = [
    Role(CPAS_EDITORS, CMS_EDITOR, _("Éditent uniquement le mini-site du CPAS dans /cms/.")),
]
