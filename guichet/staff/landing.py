"""Where a staff member lands after the two-factor sign-in: where their role works.

Clerks (and administrators) work the queue from the dashboard, finance reads the day's
payments, managers read the statistics (the intercommunale's managers every commune's),
support under a commune's grant reads the dashboard, communication, website and CPAS editors
work in the CMS. A `next` page is followed when the member may open it; the back office's bare home
("/bureau/", where the "Accès du personnel" link and an expired session lead) means "no
particular page", so each role lands on its own.
"""

from django.urls import reverse

from guichet import access
from guichet.redirects import next_from_request
from guichet.staff.middleware import surface_permission

CMS_HOME = "/cms/"
DJANGO_ADMIN_HOME = "/admin/"


def landing_url(user):
    if access.handled_kinds(user) or access.support_access(user) is not None:
        return reverse("bureau:home")  # support reads the dashboard and the queue
    if user.has_perm("guichet.manage_finances"):
        return reverse("bureau:finances")
    if access.sees_intercommunal_statistics(user) and not access.visible_kinds(user):
        return reverse("bureau:intercommunal_stats")
    if user.has_perm("guichet.view_statistics"):
        return reverse("bureau:stats")
    if user.has_perm("wagtailadmin.access_admin"):
        return CMS_HOME
    if user.has_perm("guichet.access_django_admin"):
        return DJANGO_ADMIN_HOME
    return reverse("bureau:home")


def may_open(user, path):
    """Whether the member holds the permission of the staff surface `path` belongs to."""
    permission = surface_permission(path.split("?", 1)[0])
    return permission is None or user.has_perm(permission)


def destination(request):
    """The request's safe `next` when the member may open it, else their landing page."""
    user = request.user
    if not user.is_authenticated:
        return next_from_request(request, reverse("bureau:home"))
    candidate = next_from_request(request, "")
    if candidate and candidate != reverse("bureau:home") and may_open(user, candidate):
        return candidate
    return landing_url(user)
