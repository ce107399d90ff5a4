"""Who may see, act on or export which kinds of request: one answer for the back office, the
API (sessions and integration keys), the statistics and the exports.

A kind names the staff group that handles it (`DocumentKind.handling_group`). Clerks see and
act on their group's kinds; managers see every kind and act on none; administrators (and
superusers) see and act on every kind. Outside its scope a request does not exist: callers
answer 404, never 403, so that a reference cannot be probed.

Staff work for communes (guichet.models.StaffMembership): on another commune's host a staff
member has no kind at all, and the staff surfaces answer 404 (guichet.staff.middleware).
Superusers (the intercommunale's technical administrators) work for every commune; an
account attached to no commune works for the only commune of a single-commune installation.

The intercommunale's own accounts (roles.INTERCOMMUNAL) never take that rule: a support
account works for a commune only while the commune grants it access (guichet.support), and
then reads like a manager and acts on nothing; an intercommunale statistics account works for
no commune at all and reaches only the intercommunal statistics (guichet.staff.middleware).
"""

from guichet import communes, roles
from guichet.kinds import registry

# Cached on the user object for the duration of one HTTP request.
_GROUPS_ATTR = "_access_group_names"
_COMMUNES_ATTR = "_access_commune_ids"
_GRANTS_ATTR = "_access_support_grants"


def _group_names(user):
    names = getattr(user, _GROUPS_ATTR, None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, _GROUPS_ATTR, names)
    return names


def group_names(user):
    """The names of the staff groups of `user` (read once per HTTP request)."""
    return _group_names(user)


def commune_ids(user):
    """The communes this staff member is attached to (read once per HTTP request)."""
    ids = getattr(user, _COMMUNES_ATTR, None)
    if ids is None:
        ids = frozenset(user.commune_memberships.values_list("commune_id", flat=True))
        setattr(user, _COMMUNES_ATTR, ids)
    return ids


def is_intercommunal(user):
    """An account of the intercommunale's support or statistics group."""
    return bool(_group_names(user) & set(roles.INTERCOMMUNAL))


def support_grant(user, commune):
    """The grant through which `commune` lets this support account read its back office now,
    or None (read once per HTTP request and commune)."""
    if commune is None or not user.is_authenticated or roles.SUPPORT not in _group_names(user):
        return None
    grants = getattr(user, _GRANTS_ATTR, None)
    if grants is None:
        grants = {}
        setattr(user, _GRANTS_ATTR, grants)
    if commune.pk not in grants:
        from guichet.models import SupportGrant

        # The fenced manager: a grant is only ever found while its own commune is current.
        grants[commune.pk] = (
            SupportGrant.objects.valid()
            .filter(user=user, commune_id=commune.pk)
            .order_by("-ends_at")
            .first()
        )
    return grants[commune.pk]


def support_access(user):
    """The grant through which this account reads the current commune as support (it is
    neither a superuser nor a member there), or None. Under a grant: read only."""
    commune = communes.current()
    if commune is None or user.is_superuser or commune.pk in commune_ids(user):
        return None
    return support_grant(user, commune)


def works_in(user, commune):
    """Does this staff member work for `commune` (None: outside any request, yes)?"""
    if commune is None or user.is_superuser:
        return True
    ids = commune_ids(user)
    if commune.pk in ids or support_grant(user, commune) is not None:
        return True
    if ids or is_intercommunal(user):
        return False
    return communes.count() == 1


def sees_intercommunal_statistics(user):
    """Every commune's figures (counts and durations only): the intercommunale's managers."""
    return (
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm("guichet.view_intercommunal_statistics")
    )


def _staff(user):
    return (
        user is not None
        and user.is_authenticated
        and user.is_active
        and works_in(user, communes.current())
    )


def all_kinds():
    return [kind.slug for kind in registry.all()]


def kinds_of_service(service):
    """Slugs of the kinds a staff group (a "service") handles."""
    return [kind.slug for kind in registry.all() if service and kind.handling_group == service]


def services():
    """The services that handle requests: the handling groups of the registered kinds."""
    return sorted({kind.handling_group for kind in registry.all() if kind.handling_group})


def is_administrator(user):
    return (
        _staff(user)
        and (user.is_superuser or roles.ADMINISTRATORS in _group_names(user))
        and support_access(user) is None
    )


def visible_kinds(user):
    """Slugs of the kinds this staff member may see: their service's, or all for managers and
    administrators."""
    if not _staff(user):
        return []
    if is_administrator(user) or roles.MANAGERS in _group_names(user):
        return all_kinds()
    if support_access(user) is not None:
        return all_kinds()  # support reads as a manager does
    names = _group_names(user)
    return [kind.slug for kind in registry.all() if kind.handling_group in names]


def handled_kinds(user):
    """Slugs of the kinds this staff member may act on (managers and support: none)."""
    if not _staff(user) or support_access(user) is not None:
        return []
    if is_administrator(user):
        return all_kinds()
    names = _group_names(user)
    return [kind.slug for kind in registry.all() if kind.handling_group in names]


def handles_kind(user, kind_slug):
    """May this staff member act on requests of this kind?"""
    return kind_slug in handled_kinds(user)


def may_export_names(user):
    """Exports with names and national numbers: administrators only."""
    return is_administrator(user)


def token_kinds(token):
    """Slugs of the kinds an integration key may see and act on: its service's kinds that its
    account handles (a statistics key: none)."""
    allowed = set(token.service_kinds())
    return [slug for slug in handled_kinds(token.user) if slug in allowed]
