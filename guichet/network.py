"""The client's address, the one rule every limit keys on (the site's rate limits, the staff
sign-in lockout of django-axes and the API throttles).

Behind the shipped nginx (deploy/nginx), REMOTE_ADDR is nginx itself: each trusted proxy
appends the address it saw to X-Forwarded-For. With TRUSTED_PROXY_COUNT=N the client is the
address that the outermost of our N proxies saw, i.e. the N-th from the right of the chain
"X-Forwarded-For, REMOTE_ADDR". Whatever a client writes itself in X-Forwarded-For stands to
the left of that and is never read. With TRUSTED_PROXY_COUNT=0 (no proxy, the default) the
header is ignored altogether.
"""

from django.conf import settings
from ipware import get_client_ip


def client_ip(request):
    """The address of the client of this HTTP request, as a string ("" if unknown)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    # REMOTE_ADDR closes the chain: django-ipware counts proxies inside the header, and the
    # last of ours is the one that connected to us.
    chain = {"HTTP_X_FORWARDED_FOR": f"{forwarded}, {remote}" if remote else forwarded}
    meta_request = _Meta(chain)
    ip, _routable = get_client_ip(
        meta_request,
        proxy_order="left-most",
        proxy_count=proxies,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return ip or remote


class _Meta:
    """The smallest request django-ipware reads: its META."""

    def __init__(self, meta):
        self.META = meta
