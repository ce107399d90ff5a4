"""Request rates per kind of caller (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], set from the
API_THROTTLE_* environment variables), plus the public look-up limit shared with the web."""

from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from guichet.api.authentication import token_of
from guichet.network import client_ip
from guichet.ratelimit import hit


class _CallerRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        # Read at call time (not frozen at import) so settings overrides apply.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def caller(self, request):
        """The cache identity of this caller if the throttle applies to it, else None."""
        raise NotImplementedError

    def get_ident(self, request):
        # The client address behind our proxies, as for every other limit.
        return client_ip(request)

    def get_cache_key(self, request, view):
        ident = self.caller(request)
        if ident is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousThrottle(_CallerRateThrottle):
    scope = "anon"

    def caller(self, request):
        if token_of(request) is not None or request.user.is_authenticated:
            return None
        return self.get_ident(request)


class CitizenThrottle(_CallerRateThrottle):
    scope = "citizen"

    def caller(self, request):
        user = request.user
        if token_of(request) is not None or not user.is_authenticated:
            return None
        if user.is_staff or user.is_superuser:
            return None
        return f"user-{user.pk}"


class StaffThrottle(_CallerRateThrottle):
    scope = "staff"

    def caller(self, request):
        user = request.user
        if token_of(request) is not None or not user.is_authenticated:
            return None
        if not (user.is_staff or user.is_superuser):
            return None
        return f"user-{user.pk}"


class TokenThrottle(_CallerRateThrottle):
    scope = "token"

    def caller(self, request):
        token = token_of(request)
        return None if token is None else f"token-{token.pk}"


class PublicLookupThrottle(BaseThrottle):
    """The per-IP limit of /verifier/ (PUBLIC_LOOKUP_RATE_LIMIT a minute), sharing its
    counter: alternating between the web form and the API gains no extra guesses."""

    scope = "verification"
    window = 60

    def allow_request(self, request, view):
        limit = settings.PUBLIC_LOOKUP_RATE_LIMIT
        return hit(request, scope=self.scope, limit=limit, window=self.window)

    def wait(self):
        # The window opened at the client's first attempt; at most this long remains.
        return self.window
