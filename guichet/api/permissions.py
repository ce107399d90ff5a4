"""Who may call what. The rules are the back office's, applied to API callers:

- citizens: a signed-in session with a CitizenProfile (never a key, never a staff account);
- staff sessions: the rule of StaffSurfaceMiddleware (staff account, second factor verified in
  this session, guichet.access_backoffice), then the kinds of the member's service;
- integration keys: a statistics key reads the statistics only; a service key works the queue
  of its service's kinds, as the account it names (whose own rights still apply).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from guichet import access, communes
from guichet.api.authentication import token_of
from guichet.api.problems import OTP_REQUIRED, TOKEN_SCOPE, forbidden
from guichet.citizens.session import citizen_profile
from guichet.models import ApiToken


def _token_scope_refused():
    return forbidden(
        _("Cette clé d'API ne donne pas accès à cette partie de l'API."),
        "This API key does not give access to this part of the API.",
        problem_type=TOKEN_SCOPE,
    )


def _check_staff_session(request, permission):
    """Same rule as StaffSurfaceMiddleware, answered in API terms (403 instead of redirects)."""
    user = request.user
    if not user.is_authenticated:
        return False  # DRF answers 401 with the Bearer challenge
    if not (user.is_staff or user.is_superuser):
        raise forbidden(_("Réservé au personnel communal."), "Reserved for the commune's staff.")
    is_verified = getattr(user, "is_verified", None)
    if is_verified is None or not is_verified():
        raise forbidden(
            _(
                "Validez votre second facteur (code de l'application d'authentification) dans "
                "le back office avant d'utiliser l'API."
            ),
            "Verify your second factor (authenticator app code) in the back office before "
            "using the API.",
            problem_type=OTP_REQUIRED,
        )
    if access.support_access(user) is not None or (
        access.is_intercommunal(user) and not access.works_in(user, communes.current())
    ):
        # Support reads pages one by one, each written to the commune's audit: never the API.
        raise forbidden(
            _("L'accès de support et les comptes de l'intercommunale n'ouvrent pas l'API."),
            "Support access and the intercommunale's accounts do not open the API.",
        )
    if not user.has_perm(permission):
        raise forbidden(
            _("Votre rôle ne donne pas accès à cette partie de l'API."),
            "Your role does not give access to this part of the API.",
        )
    return True


class IsCitizen(BasePermission):
    def has_permission(self, request, view):
        if token_of(request) is not None:
            raise _token_scope_refused()
        if not request.user.is_authenticated:
            return False
        citizen = citizen_profile(request)
        if citizen is None:
            raise forbidden(
                _("Réservé aux citoyens connectés avec leur identité (eID, itsme)."),
                "Reserved for citizens signed in with their identity (eID, itsme).",
            )
        request.citizen = citizen
        return True


class IsQueueStaff(BasePermission):
    """Clerks, managers and administrators with a verified second factor, or a service key."""

    def has_permission(self, request, view):
        token = token_of(request)
        if token is not None:
            if token.scope != ApiToken.Scope.SERVICE:
                raise _token_scope_refused()
            return True
        return _check_staff_session(request, "guichet.access_backoffice")


class CanReadStatistics(BasePermission):
    """Managers and administrators with a verified second factor, or a statistics key."""

    def has_permission(self, request, view):
        token = token_of(request)
        if token is not None:
            if token.scope != ApiToken.Scope.STATISTICS:
                raise _token_scope_refused()
            return True
        return _check_staff_session(request, "guichet.view_statistics")


@dataclass(frozen=True)
class StaffScope:
    """What the caller may see and act on in the queue: kind slugs, and the acting account."""

    user: object
    visible_kinds: tuple
    handled_kinds: tuple

    def handles(self, kind):
        return kind in self.handled_kinds


def staff_scope(request):
    """The caller's queue scope (after IsQueueStaff): a key narrows its account's rights to
    the key's service."""
    token = token_of(request)
    user = request.user
    visible = access.visible_kinds(user)
    handled = access.handled_kinds(user)
    if token is not None:
        visible = handled = access.token_kinds(token)
    return StaffScope(user=user, visible_kinds=tuple(visible), handled_kinds=tuple(handled))
