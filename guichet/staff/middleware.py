"""One gate in front of every staff surface: /bureau/, /cms/ and /admin/.

Each surface needs a signed-in staff member whose second factor has been verified in this
session, and the permission that opens that surface. A member without a device is sent to
enrol one, a member with a device to enter a code, anyone else to the staff sign-in page.

Every answer on these surfaces, the sign-in pages included, is marked never to be stored
(Cache-Control: no-store, private), as the citizens' pages are (never_cache): they show
personal data, and neither a shared proxy nor the browser's history may keep a copy.
"""

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode
from django_otp import user_has_device

from guichet import access, communes
from guichet.views.errors import error_404

# Path prefix → permission that opens it. /bureau/compte/ holds the sign-in pages themselves.
SURFACES = (
    ("/bureau/", "guichet.access_backoffice"),
    ("/cms/", "wagtailadmin.access_admin"),
    ("/admin/", "guichet.access_django_admin"),
)
SIGN_IN_PREFIX = "/bureau/compte/"
# The one staff page of no commune in particular: every commune's figures, opened on any
# commune's host to the intercommunale's statistics group (guichet.bureau.intercommunal_views).
INTERCOMMUNAL_PREFIX = "/bureau/statistiques/intercommunales/"
BACKOFFICE_PREFIX = "/bureau/"
READ_METHODS = ("GET", "HEAD", "OPTIONS")


def is_staff_surface(path):
    return any(
        path.startswith(prefix) or path == prefix.rstrip("/")
        for prefix in (SIGN_IN_PREFIX, *(prefix for prefix, _permission in SURFACES))
    )


def surface_permission(path):
    if path.startswith(SIGN_IN_PREFIX):
        return None
    for prefix, permission in SURFACES:
        if path.startswith(prefix) or path == prefix.rstrip("/"):
            return permission
    return None


class StaffSurfaceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.answer(request)
        if is_staff_surface(request.path):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response

    def answer(self, request):
        permission = surface_permission(request.path)
        if permission is not None:
            refusal = self.refuse(request, permission)
            if refusal is not None:
                return refusal
            grant = access.support_access(request.user)
            if grant is not None:
                return self.read_as_support(request, grant)
        return self.get_response(request)

    def read_as_support(self, request, grant):
        """A support account reading a commune under its grant: the back office only, read
        only, every page written to the commune's audit."""
        from guichet import support

        if not request.path.startswith(BACKOFFICE_PREFIX) or request.method not in READ_METHODS:
            response = render(
                request,
                "guichet/staff/support_read_only.html",
                {"closed_surface": not request.path.startswith(BACKOFFICE_PREFIX)},
                status=403,
            )
            support.page_viewed(grant=grant, request=request, status=403, refused=True)
            return response
        response = self.get_response(request)
        support.page_viewed(grant=grant, request=request, status=response.status_code)
        return response

    def refuse(self, request, permission):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("staff:login"))
        if not (user.is_staff or user.is_superuser):
            return render(request, "guichet/staff/not_staff.html", status=403)
        if not user.is_verified():
            target = "staff:verify" if user_has_device(user) else "staff:enrol"
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(target)}?{query}")
        if not access.works_in(user, communes.current()):
            if access.sees_intercommunal_statistics(user):
                # The intercommunale's managers work for no commune: their one page.
                if request.path.startswith(INTERCOMMUNAL_PREFIX):
                    return None
                if request.path == BACKOFFICE_PREFIX:
                    return redirect(INTERCOMMUNAL_PREFIX)
            # Another commune's staff (or support without a valid grant): as if the address
            # did not exist (no probing).
            return error_404(request)
        if not user.has_perm(permission):
            return render(
                request,
                "guichet/staff/forbidden_surface.html",
                {"surface": request.path.split("/")[1]},
                status=403,
            )
        return None
