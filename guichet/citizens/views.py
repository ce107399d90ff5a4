"""Citizen sign-in pages: the federal login, the demo citizens (demo mode only), sign-out."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from guichet import niss as niss_numbers
from guichet.citizens.session import citizen_profile, set_assurance
from guichet.constants import Assurance
from guichet.i18n import with_prefix
from guichet.models.citizen import CitizenProfile
from guichet.redirects import next_from_request
from guichet.redirects import safe_next as safe_path

# The citizen's space; its view belongs to the requests pages.
CITIZEN_HOME = "/guichet/mes-demandes/"
DEMO_BACKEND = "django.contrib.auth.backends.ModelBackend"
# Where mozilla-django-oidc keeps `next` between the start view and the callback.
OIDC_NEXT_SESSION_KEY = "oidc_login_next"


def citizen_home():
    """The citizen's space, in the active language (/nl/guichet/mes-demandes/)."""
    return with_prefix(CITIZEN_HOME, translation.get_language() or settings.LANGUAGE_CODE)


def safe_next(request, default=None):
    """The `next` parameter when it is a path on this site, else `default` (the citizen's
    space)."""
    return next_from_request(request, citizen_home() if default is None else default)


def demo_profiles():
    """Demo citizens offered on the demo page (never a staff account)."""
    return (
        CitizenProfile.objects.filter(
            is_demo=True, user__is_active=True, user__is_staff=False, user__is_superuser=False
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


@never_cache
@require_safe
def sign_in(request):
    next_url = safe_next(request, default="")
    return render(
        request,
        "guichet/citizens/login.html",
        {
            "next": next_url,
            "oidc_enabled": settings.OIDC_ENABLED,
            "profile": citizen_profile(request),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def demo(request):
    if not settings.DEMO_MODE:
        raise Http404
    if request.method == "POST":
        profile_id = request.POST.get("profile", "")
        if not profile_id.isdigit():
            raise Http404
        profile = get_object_or_404(demo_profiles(), pk=profile_id)
        login(request, profile.user, backend=DEMO_BACKEND)
        set_assurance(request, Assurance.HIGH)
        messages.success(
            request,
            _("Vous êtes connecté en tant que %(name)s (démonstration).")
            % {"name": profile.user.get_full_name()},
        )
        return redirect(safe_next(request))
    citizens = [
        {
            "profile": profile,
            "masked_niss": niss_numbers.mask(profile.niss),
            "birth_date": profile.birth_date or niss_numbers.birth_date(profile.niss),
        }
        for profile in demo_profiles()
    ]
    return render(
        request,
        "guichet/citizens/demo.html",
        {"citizens": citizens, "next": safe_next(request, default="")},
    )


@require_POST
def sign_out(request):
    logout(request)
    messages.info(request, _("Vous êtes déconnecté. À bientôt !"))
    return redirect("/")


class OIDCStartView(OIDCAuthenticationRequestView):
    """Redirect to the federal login, keeping `next` for the callback if it is a path here."""

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        response = super().get(request)
        # mozilla-django-oidc keeps any relative `next` ("NaN" included): keep only a path.
        request.session[OIDC_NEXT_SESSION_KEY] = safe_path(
            request, request.session.get(OIDC_NEXT_SESSION_KEY), None
        )
        return response


class OIDCCallbackView(OIDCAuthenticationCallbackView):
    """Back from the federal login: sign in, record the assurance level, go on."""

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().get(request)

    @property
    def success_url(self):
        # The start view stored a checked `next` (or None); checked again, as the session
        # may predate that check. Without one, mozilla-django-oidc would fall back to
        # LOGIN_REDIRECT_URL, the staff back office.
        return safe_path(
            self.request, self.request.session.get(OIDC_NEXT_SESSION_KEY), citizen_home()
        )

    def login_success(self):
        response = super().login_success()
        # After auth.login(): it flushes the session when another account was signed in.
        set_assurance(self.request, self.user.sign_in_assurance)
        return response

    def login_failure(self):
        messages.error(
            self.request,
            _(
                "La connexion n'a pas abouti. Réessayez ; si le problème persiste, "
                "contactez l'administration communale."
            ),
        )
        return redirect(reverse("citizens:login"))
