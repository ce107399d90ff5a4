"""The staff groups and the permissions each one holds.

The groups themselves are created by a data migration (guichet 0002); this map is the single
place that says what each may do, applied after every migrate.
"""

from django.utils.translation import gettext_lazy as _

ETAT_CIVIL = "Agents de l'état civil"
POPULATION = "Agents de la population"
COMMUNICATION = "Communication"
CPAS_EDITORS = "Éditeurs CPAS"
WEB_CONTRIBUTORS = "Rédacteurs du site"
MANAGERS = "Gestionnaires"
ADMINISTRATORS = "Administrateurs"

ALL_GROUPS = [
    ETAT_CIVIL,
    POPULATION,
    COMMUNICATION,
    CPAS_EDITORS,
    WEB_CONTRIBUTORS,
    MANAGERS,
    ADMINISTRATORS,
]

GROUP_DESCRIPTIONS = {
    ETAT_CIVIL: _("Traitent les demandes d'actes de naissance."),
    POPULATION: _("Traitent les compositions de ménage et les extraits de casier judiciaire."),
    COMMUNICATION: _("Éditent le site communal dans /cms/."),
    CPAS_EDITORS: _("Éditent uniquement le mini-site du CPAS dans /cms/."),
    WEB_CONTRIBUTORS: _(
        "Rédigent des pages du site communal et les soumettent à la relecture de la "
        "communication, qui les publie."
    ),
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
# --- Website (Wagtail) ---
# Page permissions are per subtree (GroupPagePermission rows made by pages.structure): the
# communication group publishes the whole site, contributors only submit for moderation,
# CPAS editors publish inside /cpas/ only. Model permissions below open the rest of /cms/.
_WEBSITE_MANAGER = [
    "pages.change_sitesettings",
    "pages.view_alert",
    "pages.add_alert",
    "pages.change_alert",
    "pages.delete_alert",
]
# --- end of website ---


def _register(app_label, *models):
    """View, add and change (the admin's import needs add + change): registers are
    corrected by re-importing or editing, never deleted by hand."""
    return [
        f"{app_label}.{action}_{model}" for model in models for action in ("view", "add", "change")
    ]


# Civil-status clerks keep the birth register and link acts to persons (read only).
_CIVIL_STATUS_REGISTER = [
    *_register("etatcivil", "birthact", "marginalmention"),
    "population.view_person",
]
_POPULATION_REGISTER = _register(
    "population",
    "person",
    "address",
    "household",
    "membership",
    "criminalrecordentry",
    "pretrialdetention",
)

# --- REST API: administrators create and revoke integration keys in /admin/ ---
_API_KEYS = ["guichet.view_apitoken", "guichet.add_apitoken", "guichet.change_apitoken"]
# --- end of REST API ---

ROLE_PERMISSIONS = {
    ETAT_CIVIL: [*_CLERK, *_CIVIL_STATUS_REGISTER],
    POPULATION: [*_CLERK, *_POPULATION_REGISTER],
    COMMUNICATION: [*_CMS_EDITOR, *_WEBSITE_MANAGER],
    CPAS_EDITORS: _CMS_EDITOR,
    WEB_CONTRIBUTORS: _CMS_EDITOR,
    MANAGERS: ["guichet.access_backoffice", "guichet.view_statistics"],
    ADMINISTRATORS: sorted(
        {
            *_CLERK,
            *_CMS_EDITOR,
            *_WEBSITE_MANAGER,
            *_CIVIL_STATUS_REGISTER,
            *_POPULATION_REGISTER,
            "guichet.view_statistics",
            "wagtailusers.add_user",
            *_API_KEYS,
        }
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
