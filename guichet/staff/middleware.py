"""One gate in front of every staff surface: /bureau/, /cms/ and /admin/.

Each surface needs a signed-in staff member whose second factor has been verified in this
session, and the permission that opens that surface. A member without a device is sent to
enrol one, a member with a device to enter a code, anyone else to the staff sign-in page.
"""

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

# Path prefix → permission that opens it. /bureau/compte/ holds the sign-in pages themselves.
SURFACES = (
    ("/bureau/", "guichet.access_backoffice"),
    ("/cms/", "wagtailadmin.access_admin"),
    ("/admin/", "guichet.access_django_admin"),
)
SIGN_IN_PREFIX = "/bureau/compte/"


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
        if not user.has_perm(permission):
            return render(
                request,
                "guichet/staff/forbidden_surface.html",
                {"surface": request.path.split("/")[1]},
                status=403,
            )
        return None
