"""The staff groups and the permissions each one holds.

The core declares its own groups (managers, administrators); every other app contributes its
groups in its AppConfig, `roles = "app.roles.ROLES"` naming a list of `Role`. An app may also
add permissions to a group of another app (e.g. to the administrators). `sync_role_permissions`
merges them all after every migrate: each group holds exactly the union of the permissions
contributed to it, and the administrators hold every permission of every group besides their
own, except the intercommunale's (INTERCOMMUNAL_ONLY): a commune's administrators never read
the other communes' figures.
"""

from dataclasses import dataclass

from django.apps import apps
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

MANAGERS = "Gestionnaires"
ADMINISTRATORS = "Administrateurs"
FINANCES = "Finances"
# The intercommunale's own staff, attached to no commune (docs/communes.md, "Intercommunale
# support and statistics"): support reads a commune's back office while that commune grants
# it access; the statistics group reads every commune's figures, without personal data.
SUPPORT = "Support intercommunal"
INTERCOMMUNAL_STATISTICS = "Statistiques intercommunales"
INTERCOMMUNAL = (SUPPORT, INTERCOMMUNAL_STATISTICS)
# Every commune's figures: never part of a commune's administrators' rights.
INTERCOMMUNAL_ONLY = frozenset({"guichet.view_intercommunal_statistics"})

# What every group of back-office clerks holds: the back office and the Django admin (where
# registers are imported).
CLERK = ("guichet.access_backoffice", "guichet.access_django_admin")


@dataclass(frozen=True)
class Role:
    name: str  # the Group's name
    permissions: tuple = ()  # "app_label.codename"
    description: str = ""


def model_permissions(app_label, *models):
    """View, add and change (the admin's import needs add + change): registers are
    corrected by re-importing or editing, never deleted by hand."""
    return tuple(
        f"{app_label}.{action}_{model}" for model in models for action in ("view", "add", "change")
    )


# --- REST API: administrators create and revoke integration keys in /admin/ ---
_API_KEYS = ("guichet.view_apitoken", "guichet.add_apitoken", "guichet.change_apitoken")
# --- end of REST API ---
# A commune's administrators edit their own commune's row in /admin/ (guichet.admin).
_COMMUNE = ("guichet.view_commune", "guichet.change_commune")

ROLES = [
    Role(
        MANAGERS,
        ("guichet.access_backoffice", "guichet.view_statistics"),
        _("Consultent les statistiques et les exports, en lecture seule."),
    ),
    Role(
        FINANCES,
        ("guichet.access_backoffice", "guichet.manage_finances"),
        _(
            "Suivent les paiements, importent les extraits de compte, rapprochent les virements "
            "et effectuent les remboursements."
        ),
    ),
    Role(
        SUPPORT,
        ("guichet.access_backoffice", "guichet.view_statistics"),
        _(
            "Support de l'intercommunale : lit le back office d'une commune, sans rien y "
            "modifier, tant que la commune lui en ouvre l'accès (limité dans le temps, "
            "journalisé)."
        ),
    ),
    Role(
        INTERCOMMUNAL_STATISTICS,
        ("guichet.access_backoffice", "guichet.view_intercommunal_statistics"),
        _(
            "Gestionnaires de l'intercommunale : consultent les chiffres de toutes les "
            "communes, sans donnée personnelle."
        ),
    ),
    Role(
        ADMINISTRATORS,
        (*CLERK, "guichet.view_statistics", *_API_KEYS, *_COMMUNE),
        _("Administrent l'application."),
    ),
]


def contributed_roles():
    """The core's roles, then those of each installed app, in INSTALLED_APPS order."""
    found = list(ROLES)
    for config in apps.get_app_configs():
        path = getattr(config, "roles", None)
        if path:
            found += import_string(path)
    return found


def role_permissions():
    """{group name: sorted permissions}, merging every contribution."""
    merged = {}
    for role in contributed_roles():
        merged.setdefault(role.name, set()).update(role.permissions)
    merged[ADMINISTRATORS] = set().union(*merged.values()) - INTERCOMMUNAL_ONLY
    return {name: sorted(perms) for name, perms in merged.items()}


def sync_role_permissions(sender=None, using="default", **kwargs):
    """Give each staff group exactly the permissions contributed to it that exist. As a
    post_migrate receiver: once, for the last application, when every application's
    permissions exist (it used to run for each of the thirty, a flush's costliest part)."""
    from guichet import communes

    if sender is not None and not communes.is_last_app(sender):
        return
    from django.contrib.auth.models import Group, Permission

    for group_name, perms in role_permissions().items():
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
