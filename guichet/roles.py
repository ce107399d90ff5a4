"""The staff groups and the permissions each one holds.

The groups themselves are created by a data migration (guichet 0002); this map is the single
place that says what each may do, applied after every migrate.
"""

from django.utils.translation import gettext_lazy as _

ETAT_CIVIL = "Agents de l'état civil"
POPULATION = "Agents de la population"
COMMUNICATION = "Communication"
CPAS_EDITORS = "Éditeurs CPAS"
MANAGERS = "Gestionnaires"
ADMINISTRATORS = "Administrateurs"

ALL_GROUPS = [ETAT_CIVIL, POPULATION, COMMUNICATION, CPAS_EDITORS, MANAGERS, ADMINISTRATORS]

GROUP_DESCRIPTIONS = {
    ETAT_CIVIL: _("Traitent les demandes d'actes de naissance."),
    POPULATION: _("Traitent les compositions de ménage et les extraits de casier judiciaire."),
    COMMUNICATION: _("Éditent le site communal dans /cms/."),
    CPAS_EDITORS: _("Éditent uniquement le mini-site du CPAS dans /cms/."),
    MANAGERS: _("Consultent les statistiques et les exports, en lecture seule."),
    ADMINISTRATORS: _("Administrent l'application."),
}

_CLERK = ["guichet.access_backoffice", "guichet.access_django_admin"]
_CMS_EDITOR = [
    "wagtailadmin.access_admin",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]

ROLE_PERMISSIONS = {
    ETAT_CIVIL: _CLERK,
    POPULATION: _CLERK,
    COMMUNICATION: _CMS_EDITOR,
    CPAS_EDITORS: _CMS_EDITOR,
    MANAGERS: ["guichet.access_backoffice", "guichet.view_statistics"],
    ADMINISTRATORS: sorted(
        {*_CLERK, *_CMS_EDITOR, "guichet.view_statistics", "wagtailusers.add_user"}
    ),
}


def sync_role_permissions(sender=None, using="default", **kwargs):
    """Give each staff group exactly the permissions of ROLE_PERMISSIONS that exist."""
    from django.contrib.auth.models import Group, Permission

    for group_name, perms in ROLE_PERMISSIONS.items():
        # Created by migration 0002 in a real database; recreated here after a test flush.
        group, _ = Group.objects.using(using).get_or_create(name=group_name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.extend(
                Permission.objects.using(using).filter(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(wanted)
