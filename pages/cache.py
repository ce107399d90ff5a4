"""Whole-page cache of the public site for anonymous visitors, invalidated on publish.

Anonymous visitors without a session get the HTML rendered for the current *content token*.
Every change that can alter what the public sees (publishing, unpublishing, moving or
deleting a page, site settings, alerts, images, the e-guichet's fees) replaces the token, so
the next request renders afresh in every process: publishing is visible at once, there is no
stale page to wait out. Entries also expire at midnight (works change status with the date)
and when an alert banner starts or ends.

Where the token lives, so that reading it costs next to nothing on every request:
- with a cache shared by all processes (Redis in production), in that cache;
- with the embedded local-memory cache (one machine, one cache per process), in a small file
  (WEBSITE_CONTENT_TOKEN_FILE) whose identity every process checks with one stat() call.
A process also counts its own changes at once (before the commit reaches the others), so a
change is never hidden from the process that made it, tests included.
"""

import datetime
import itertools
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone, translation

from guichet import communes
from pages.languages import serve as wagtail_serve

CACHE_HEADER = "X-Page-Cache"
# Wagtail's own serve pattern (WAGTAIL_APPEND_SLASH), minus its /_util/ views (password
# and login forms of restricted pages), which stay with wagtail.urls.
SERVE_PATTERN = r"^(?!_util/)((?:[\w\-]+/)*)$"
TOKEN_KEY = "global:pages:content-token"  # noqa: S105 - a cache key, not a secret
_local_changes = itertools.count()
_local_generation = [0]


def _cache_is_shared():
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("LocMemCache", "DummyCache"))


def _token_file():
    return Path(settings.WEBSITE_CONTENT_TOKEN_FILE)


def content_token():
    """The current content token (see the module docstring)."""
    if _cache_is_shared():
        shared = cache.get(TOKEN_KEY)
        if shared is None:
            cache.add(TOKEN_KEY, uuid.uuid4().hex, timeout=None)
            shared = cache.get(TOKEN_KEY)
    else:
        try:
            stat = os.stat(_token_file())
            shared = f"{stat.st_ino}.{stat.st_mtime_ns}"
        except FileNotFoundError:
            shared = "0"
    return f"{shared}.{_local_generation[0]}"


def _publish_new_token():
    if _cache_is_shared():
        cache.set(TOKEN_KEY, uuid.uuid4().hex, timeout=None)
        return
    path = _token_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f"{path.name}.{uuid.uuid4().hex}")
    scratch.write_text(uuid.uuid4().hex)
    os.replace(scratch, path)  # a new inode: every process sees the change


def bump(**kwargs):
    """Content changed (signal receiver): this process knows at once, the others when the
    transaction commits (before it, they could only re-render the old content)."""
    _local_generation[0] = next(_local_changes) + 1
    transaction.on_commit(_publish_new_token)


def _anonymous(request):
    cookies = request.COOKIES
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
    )


def _key(request, token):
    # The language too: without a language prefix in the path, the same address can be
    # served in two languages.
    language = translation.get_language()
    return f"pages:html:{token}:{language}:{request.get_host()}:{request.get_full_path()}"


def _seconds_to_live(now):
    from pages.selectors import next_change_after

    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    midnight += datetime.timedelta(days=1)
    limit = min(midnight, now + datetime.timedelta(seconds=settings.WEBSITE_PAGE_CACHE_SECONDS))
    upcoming = next_change_after(now)
    if upcoming is not None:
        limit = min(limit, upcoming)
    return int((limit - now).total_seconds())


def cached_serve(request, path):
    """Wagtail's serve view (with the French fallback of pages.languages), behind the
    anonymous page cache."""
    if not settings.WEBSITE_PAGE_CACHE_SECONDS or not _anonymous(request):
        return wagtail_serve(request, path)
    token = content_token()
    key = _key(request, token)
    hit = cache.get(key)
    if hit is not None:
        content, content_type = hit
        response = HttpResponse(content, content_type=content_type)
        response[CACHE_HEADER] = "hit"
        return response

    request.page_cache_allowed = False  # the before_serve_page hook opts a page in
    response = wagtail_serve(request, path)
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    storable = (
        request.page_cache_allowed
        and response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.has_header("Vary")
        and not getattr(response, "streaming", False)
    )
    if storable:
        seconds = _seconds_to_live(timezone.now())
        if seconds > 0:
            # Stored after commit only: a rollback must not leave a page of content
            # that never existed.
            transaction.on_commit(
                communes.bound(
                    lambda: cache.set(key, (response.content, response["Content-Type"]), seconds)
                )
            )
        response[CACHE_HEADER] = "miss"
    return response


def _methods_at(request, path=""):
    from pages.wagtail_hooks import methods_at

    return methods_at(request, path)


# Read by guichet.methods to answer PUT, PATCH or DELETE on a page with its own methods.
cached_serve.allowed_methods = _methods_at
