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
        return self.get_response(request)

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
            # Another commune's staff: as if the address did not exist (no probing).
            return error_404(request)
        if not user.has_perm(permission):
            return render(
                request,
                "guichet/staff/forbidden_surface.html",
                {"surface": request.path.split("/")[1]},
                status=403,
            )
        return None
