"""A fixed-window rate limit per client IP, kept in the cache (shared between processes when
the cache is Redis)."""

import hashlib
import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)


def client_ip(request):
    return request.META.get("REMOTE_ADDR", "")


def hit(request, *, scope, limit, window=60):
    """Count one attempt; return True while the client stays within `limit` per `window` s."""
    bucket = int(time.time() // window)
    ip_hash = hashlib.sha256(client_ip(request).encode()).hexdigest()[:16]
    key = f"rl:{scope}:{ip_hash}:{bucket}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    if count is None:
        # The cache is unreachable (Redis restarting; failures are ignored, see settings):
        # let the request through rather than refuse everyone.
        logger.warning("rate limit not counted, cache unavailable: scope=%s", scope)
        return True
    return count <= limit
