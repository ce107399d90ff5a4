"""A rate limit per client address (guichet.network.client_ip), kept in the cache (shared
between processes when the cache is Redis).

A window opens at a client's first attempt and lasts `window` seconds: the attempts inside it
are counted, whatever the clock says, so two attempts a second apart are never in different
windows (a window aligned on the clock would reset between them at every boundary)."""

import hashlib
import logging

from django.core.cache import cache

from guichet.network import client_ip

logger = logging.getLogger(__name__)


def hit(request, *, scope, limit, window=60):
    """Count one attempt; return True while the client stays within `limit` per `window` s."""
    ip_hash = hashlib.sha256(client_ip(request).encode()).hexdigest()[:16]
    key = f"rl:{scope}:{ip_hash}"
    # The key expires with its window; incrementing keeps its expiry (Redis and local memory).
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the window closed between add and incr: this attempt opens the next
        cache.set(key, 1, timeout=window)
        count = 1
    if count is None:
        # The cache is unreachable (Redis restarting; failures are ignored, see settings):
        # let the request through rather than refuse everyone.
        logger.warning("rate limit not counted, cache unavailable: scope=%s", scope)
        return True
    return count <= limit
