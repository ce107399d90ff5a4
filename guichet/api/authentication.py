"""Integration keys: `Authorization: Bearer egt_…`, checked against the stored SHA-256.

Sessions (citizens, staff) use DRF's SessionAuthentication, with its CSRF check on writes.
"""

import datetime
import re

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from guichet.models import ApiToken

KEYWORD = "Bearer"
# last_used_at is written at most this often per key: a busy integration costs no write
# per request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)
PREFIX_RE = re.compile(r"[0-9a-f]{8}")


class InvalidKey(exceptions.AuthenticationFailed):
    default_detail = _("Clé d'API inconnue, révoquée ou expirée.")
    detail_en = "Unknown, revoked or expired API key."


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise InvalidKey()
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise InvalidKey() from None
        parts = key.split("_", 2)
        if len(parts) != 3 or not PREFIX_RE.fullmatch(parts[1]):
            raise InvalidKey()
        token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
        now = timezone.now()
        if token is None or not token.matches(key) or not token.is_usable(now):
            raise InvalidKey()
        user = token.user
        if user is not None and not user.is_active:
            raise InvalidKey()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return (user or AnonymousUser(), token)

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="e-guichet"'


def token_of(request):
    """The integration key the request was authenticated with, or None (session/anonymous)."""
    return request.auth if isinstance(request.auth, ApiToken) else None


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Clé d'intégration créée dans /admin/ (egt_…). "
            "Integration key created in /admin/.",
        }
