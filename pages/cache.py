"""Whole-page cache of the public site for anonymous visitors, invalidated on publish.

Anonymous visitors without a session get the HTML rendered for the current *content token*.
Every change that can alter what the public sees (publishing, unpublishing, moving or
deleting a page, site settings, alerts, images, the e-guichet's fees) replaces the token, so
the next request renders afresh in every process: publishing is visible at once, there is no
stale page to wait out. Each commune's site has its own part of the token: a change in one
commune's tree or settings leaves the other communes' cached pages alone. Entries also expire
at midnight (works change status with the date) and when an alert banner starts or ends.

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
# This process's own changes, counted at once: for every commune (None) and per commune id.
_local_generation = {}


def _cache_is_shared():
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("LocMemCache", "DummyCache"))


def _scope(commune_id):
    return "" if commune_id is None else f":c{commune_id}"


def _token_file(commune_id=None):
    path = Path(settings.WEBSITE_CONTENT_TOKEN_FILE)
    return path if commune_id is None else path.with_name(f"{path.name}.c{commune_id}")


def _shared_part(commune_id):
    if _cache_is_shared():
        key = TOKEN_KEY + _scope(commune_id)
        shared = cache.get(key)
        if shared is None:
            cache.add(key, uuid.uuid4().hex, timeout=None)
            shared = cache.get(key)
        return str(shared)  # None when the cache is down: pages are rendered afresh
    try:
        stat = os.stat(_token_file(commune_id))
    except FileNotFoundError:
        return "0"
    return f"{stat.st_ino}.{stat.st_mtime_ns}"


def content_token():
    """The current content token of the current commune's site (see the module docstring):
    one part changes with anything every site shows (images, documents, a page outside every
    commune's tree), one with the commune's own content only, so publishing in one commune
    leaves the other communes' cached pages alone."""
    commune_id = communes.current_or_home().pk
    return ".".join(
        (
            _shared_part(None),
            _shared_part(commune_id),
            str(_local_generation.get(None, 0)),
            str(_local_generation.get(commune_id, 0)),
        )
    )


def _publish_new_token(commune_id=None):
    if _cache_is_shared():
        cache.set(TOKEN_KEY + _scope(commune_id), uuid.uuid4().hex, timeout=None)
        return
    path = _token_file(commune_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f"{path.name}.{uuid.uuid4().hex}")
    scratch.write_text(uuid.uuid4().hex)
    os.replace(scratch, path)  # a new inode: every process sees the change


def _commune_id_of(instance):
    """The commune whose site `instance` changes, or None when it may change every site."""
    from wagtail.models import Page, PageViewRestriction

    from pages import sites

    if isinstance(instance, PageViewRestriction):
        instance = instance.page
    if isinstance(instance, Page):
        commune = sites.commune_of_page(instance)
        return None if commune is None else commune.pk
    fence = communes.field_of(type(instance))
    if instance is not None and hasattr(instance, f"{fence}_id"):
        return getattr(instance, f"{fence}_id")
    site_id = getattr(instance, "site_id", None)
    if site_id is not None and not hasattr(instance, "root_page_id"):  # per-site settings
        for commune in communes.served():
            if commune.site_id == site_id:
                return commune.pk
    return None


def bump(sender=None, instance=None, **kwargs):
    """Content changed (signal receiver): this process knows at once, the others when the
    transaction commits (before it, they could only re-render the old content). Only the
    changed commune's pages are re-rendered; a change no commune owns renews them all."""
    commune_id = _commune_id_of(instance)
    _local_generation[commune_id] = next(_local_changes) + 1
    transaction.on_commit(lambda: _publish_new_token(commune_id))


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
