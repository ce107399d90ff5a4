"""Where a sign-in step may send the visitor afterwards: the one rule for `next` parameters.

A `next` value comes from the visitor. Only a path on this site is followed: it starts with
a single "/" (not "//", which a browser reads as another host, nor "/\\", which some read
the same way), contains no control character and passes Django's host and scheme check.
Anything else ("NaN", "0", "https://evil.example/", "//evil.example") falls back to the
default. The result is always a path, never a view name: `redirect()` would otherwise try
"NaN" as the name of a view and fail with a server error.
"""

from django.utils.http import url_has_allowed_host_and_scheme

# Longer than any page of the site; a longer `next` is not a link anyone followed.
MAX_NEXT_LENGTH = 2000


def is_safe_local_path(request, candidate) -> bool:
    if not isinstance(candidate, str) or not 0 < len(candidate) <= MAX_NEXT_LENGTH:
        return False
    if not candidate.startswith("/") or candidate.startswith(("//", "/\\")):
        return False
    if any(ord(character) < 32 or ord(character) == 127 for character in candidate):
        return False
    return url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request, candidate, default):
    """`candidate` when it is a path on this site, else `default`."""
    return candidate if is_safe_local_path(request, candidate) else default


def next_from_request(request, default):
    """The request's `next` (form field first, then query string), kept only if safe."""
    candidate = request.POST.get("next") or request.GET.get("next")
    return safe_next(request, candidate, default)
