from guichet import roles
from guichet.kinds import registry


def handles_kind(user, kind_slug):
    """May this staff member act on requests of this kind? (administrators: every kind)"""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    kind = registry.get(kind_slug)
    names = set(user.groups.values_list("name", flat=True))
    return roles.ADMINISTRATORS in names or (kind is not None and kind.handling_group in names)
