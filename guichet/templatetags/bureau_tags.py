"""Template helpers of the staff pages."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def staff_services(user):
    """The staff groups ("services") of a member, as the staff header names them."""
    from guichet.access import group_names

    names = sorted(group_names(user))  # the scope checks read them already: no new query
    if not names and user.is_superuser:
        return _("Administration")
    return ", ".join(names)


@register.filter
def sees_requests(user):
    """Whether the member sees any kind of request (the queue and dispatch links)."""
    from guichet.access import visible_kinds

    return bool(visible_kinds(user))


@register.filter
def is_commune_administrator(user):
    """Whether the member administers the current commune (the support access menu)."""
    from guichet.access import is_administrator

    return is_administrator(user)


@register.filter
def support_grant(user):
    """The grant through which a support account reads this commune (the notice), or None."""
    from guichet.access import support_access

    return support_access(user)


@register.filter
def state_for_staff(value):
    """A state code as staff read it ("En attente du citoyen")."""
    from guichet.constants import staff_state_label

    return staff_state_label(value)
