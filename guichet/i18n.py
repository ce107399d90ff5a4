"""Four languages for the interface: which one a request is answered in, the switcher's links,
and a staff member's own choice (docs/languages.md). The languages documents are issued in
are another matter.

- Pages (the counter, tracking, verification, the website) carry their language in the URL:
  French without a prefix (/guichet/), the others under /nl/, /de/, /en/ (/nl/guichet/).
  Django's i18n_patterns (config/urls.py) and LocaleMiddleware do this part.
- Stable addresses (/bureau/, /cms/, /admin/, /api/, the citizen sign-in, feeds) have no
  prefix: printed, configured at the identity provider or called by programs. They answer in
  the visitor's language: the API in the one of Accept-Language; the staff surfaces in the
  staff member's choice, else the language of the pages they last saw (a cookie), else their
  browser's, else French.
- Unprefixed addresses are French and stay so: nobody is redirected by their browser's
  language. A first visitor whose browser prefers Dutch, German or English, in a language the
  site offers, sees a one-line offer at the top of the page, in their language, leading to the
  same page in it (`language_offer`); following it or dismissing it is remembered (cookie).
- A staff member's choice is Wagtail's own per-user preference (UserProfile.
  preferred_language), so /cms/ and /bureau/ always speak the same language; it is read into
  the session at sign-in and changed by the switcher of the staff pages.
"""

import functools
import re
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import Http404, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.urls import URLResolver, get_resolver, reverse
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation.trans_real import language_code_re, parse_accept_lang_header
from django.views.decorators.http import require_safe

from guichet.redirects import is_safe_local_path, safe_next

# The session key of a signed-in staff member's language.
STAFF_LANGUAGE_KEY = "staff_language"
# Where base.html puts the language offer; filled in per response (LanguageMiddleware), so
# that a page served from the page cache gets it too (the cache keeps one French copy).
OFFER_MARKER = b"<!--language-offer-->"
# Callables returning the codes of the languages the site offers (the website: the content
# languages the commune enabled); none registered: every language of the interface.
offered_language_sources = []
STAFF_PREFIXES = ("/bureau/", "/cms/", "/admin/")


def codes():
    return [code for code, _name in settings.LANGUAGES]


def supported(code):
    """`code` when it is one of the site's languages (nl-BE counts as nl), else None."""
    if not code or not isinstance(code, str) or not language_code_re.search(code):
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def accepted_language(request):
    """The first of the site's languages that the Accept-Language header asks for, or None."""
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            return None
        language = supported(code)
        if language:
            return language
    return None


def split_prefix(path):
    """("nl", "/guichet/") for "/nl/guichet/"; (None, path) for an unprefixed path."""
    for code in codes():
        if path == f"/{code}" or path.startswith(f"/{code}/"):
            # One leading slash: "/fr//evil.example" must never become "//evil.example", which
            # a browser reads as another site.
            return code, "/" + path[len(code) + 1 :].lstrip("/")
    return None, path


def with_prefix(path, language):
    """The same unprefixed path in `language` (French: no prefix)."""
    _current, rest = split_prefix(path)
    return rest if language == settings.LANGUAGE_CODE else f"/{language}{rest}"


def _literal_start(pattern):
    """The text every path a URL pattern matches starts with ("bureau/", "travaux/flux.rss"),
    or "" when it cannot tell (such a pattern is always tried)."""
    if isinstance(pattern, RoutePattern):
        return str(pattern).split("<", 1)[0]
    if isinstance(pattern, RegexPattern):
        return re.match(r"[\w/-]*", pattern.regex.pattern.removeprefix("^")).group(0)
    return ""


@functools.lru_cache(maxsize=8)
def _stable_patterns(resolver):
    """The root URLconf's stable addresses (the patterns listed before i18n_patterns), each
    with the text its paths start with, and whether i18n_patterns follow them: read once per
    URLconf, not on every request."""
    stable = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern):
            return tuple(stable), True
        stable.append((_literal_start(pattern.pattern), pattern))
    return tuple(stable), False


def is_localized(path, urlconf=None):
    """Whether `path` is a page of i18n_patterns (a language prefix is possible) rather than
    a stable address. The root URLconf lists the stable addresses first: only those whose
    fixed start fits the path are tried (/actualites/… tries none, /guichet/… the citizen
    sign-in's few patterns)."""
    if split_prefix(path)[0]:
        return True
    route = path[1:]
    stable, has_pages = _stable_patterns(get_resolver(urlconf))
    for start, pattern in stable:
        if not route.startswith(start):
            continue
        try:
            if pattern.resolve(route) is not None:
                return False
        except Resolver404:
            continue
    return has_pages


def staff_preference(user):
    """The language a staff member chose (Wagtail's profile), or None."""
    if not apps.is_installed("wagtail.users"):
        return None
    profile_model = apps.get_model("wagtailusers", "UserProfile")
    value = (
        profile_model.objects.filter(user=user).values_list("preferred_language", flat=True).first()
    )
    return supported(value)


def save_staff_preference(user, language):
    if apps.is_installed("wagtail.users"):
        profile_model = apps.get_model("wagtailusers", "UserProfile")
        profile = profile_model.get_for_user(user)
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])


@receiver(user_logged_in, dispatch_uid="guichet.i18n.staff_sign_in")
def activate_staff_language(sender, request, user, **kwargs):
    """On sign-in, a staff member's chosen language becomes the one of their pages."""
    if request is None or not (user.is_staff or user.is_superuser):
        return
    language = staff_preference(user)
    if language:
        request.session[STAFF_LANGUAGE_KEY] = language


def _remember(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware for the pages; the visitor's language for stable addresses."""

    def process_request(self, request):
        path = request.path_info
        prefix, rest = split_prefix(path)
        if prefix == settings.LANGUAGE_CODE:
            # /fr/guichet/ is /guichet/: French has no prefix.
            query = request.META.get("QUERY_STRING", "")
            return HttpResponseRedirect(quote(rest) + (f"?{query}" if query else ""))
        urlconf = getattr(request, "urlconf", None)
        request.language_in_url = is_localized(path, urlconf)
        if request.language_in_url:
            super().process_request(request)
            return None
        if path.startswith("/api/"):
            language = accepted_language(request) or settings.LANGUAGE_CODE
        else:
            language = None
            if path.startswith(STAFF_PREFIXES) and hasattr(request, "session"):
                language = supported(request.session.get(STAFF_LANGUAGE_KEY))
            language = language or translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if getattr(request, "language_in_url", False) and response.status_code < 400:
            language = translation.get_language()
            current = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            # The language of the pages a visitor reads, for the stable pages they reach next
            # (sign-in, staff sign-in). Nothing is set for a French visitor who never chose.
            if current != language and (current or language != settings.LANGUAGE_CODE):
                _remember(response, language)
        if getattr(request, "language_in_url", False) and not split_prefix(request.path_info)[0]:
            # An unprefixed page: the language offer depends on both.
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            fill_language_offer(request, response)
        return response


def register_offered_languages(source):
    if source not in offered_language_sources:
        offered_language_sources.append(source)


def offered_languages():
    offered = codes()
    for source in offered_language_sources:
        offered = [code for code in offered if code in source()]
    return offered


def suggested_language(request):
    """The language to offer a visitor on an unprefixed (French) page, or None: the first of
    the site's languages their browser asks for, when it is not French and the site offers it,
    as long as they have not chosen yet (no `langue` cookie: following the offer, dismissing
    it or reading a page in any other language sets it)."""
    if request.method != "GET" or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return None
    language = accepted_language(request)
    if not language or language == settings.LANGUAGE_CODE:
        return None
    return language if language in offered_languages() else None


def fill_language_offer(request, response):
    """Put the offer where base.html marked its place (a French HTML page), or nothing."""
    if (
        response.status_code not in (200, 404)  # "no such code" on /verifier/ is a 404
        or getattr(response, "streaming", False)
        or not response.get("Content-Type", "").startswith("text/html")
        or OFFER_MARKER not in response.content
    ):
        return
    language = suggested_language(request)
    if language is None:
        return
    query = _kept_query(request)
    here = request.path + (f"?{query}" if query else "")
    with translation.override(language):
        offer = render_to_string(
            "includes/language_offer.html",
            {
                "code": language,
                "name": dict(settings.LANGUAGES)[language],
                # The same page in that language (a CMS page under its French address there
                # leads on to its translation: pages.languages.serve).
                "url": quote(with_prefix(request.path, language)) + (f"?{query}" if query else ""),
                "dismiss_url": f"{reverse('switch_language', args=[settings.LANGUAGE_CODE])}"
                f"?next={quote(here, safe='/')}",
            },
        )
    response.content = response.content.replace(OFFER_MARKER, offer.encode(), 1)
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))


def switch_target(request, language, next_path):
    """Where the switcher sends a visitor who was on `next_path`."""
    if is_localized(next_path.split("?", 1)[0], getattr(request, "urlconf", None)):
        return with_prefix(next_path, language)
    return next_path


@require_safe
def switch(request, language):
    """The switcher's link on a stable page (/langue/nl/?next=/bureau/): remembers the choice
    (cookie; a staff member's profile) and comes back to the page, in that language."""
    if language not in codes():
        raise Http404
    next_path = safe_next(request, request.GET.get("next"), "/")
    response = HttpResponseRedirect(switch_target(request, language, next_path))
    _remember(response, language)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and (user.is_staff or user.is_superuser):
        request.session[STAFF_LANGUAGE_KEY] = language
        save_staff_preference(user, language)
    add_never_cache_headers(response)
    return response


def _kept_query(request):
    """The page's query string for the switcher's links, less a `next` that would not be
    followed (never echo a foreign address back into the page)."""
    params = request.GET.copy()
    for name in ("next",):
        if name in params and not is_safe_local_path(request, params.get(name)):
            del params[name]
    return params.urlencode(safe="/")


def _page_addresses(request, page):
    """A CMS page's address in each language, when the website translates its content
    (WAGTAIL_I18N_ENABLED): its live translation's own address, which may have its own slug
    (/nl/nieuws/markt/), else its source page's under that language's prefix (/de/actualites/
    marche/, the French page with the one-line notice), never the current path under another
    prefix (/de/nieuws/markt/ does not exist). A sub-page of a routable page (/agenda/archives/)
    keeps its tail. One query for the page's translations."""
    from wagtail.models import Page

    if not isinstance(page, Page) or not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return {}
    pages = {
        other.locale.language_code: other
        for other in page.get_translations(inclusive=True).live().select_related("locale")
    }
    own = page.get_url(request)
    if not own or not own.startswith("/"):
        return {}
    _prefix, rest = split_prefix(request.path)
    own_rest = split_prefix(own)[1]
    tail = rest[len(own_rest) :] if rest.startswith(own_rest) else ""
    source = pages.get(settings.LANGUAGE_CODE)
    source_url = source.get_url(request) if source is not None else None
    if not source_url or not source_url.startswith("/"):
        source_url = own
    addresses = {}
    for code in codes():
        url = pages[code].get_url(request) if code in pages else None
        if not url or not url.startswith("/"):
            url = with_prefix(source_url, code)
        addresses[code] = quote(url + tail)
    return addresses


def language_links(request, page=None):
    """The switcher's entries for this page: one per language, the current one marked, and
    whether the page carries its language in its address. `page`: the CMS page shown, if any
    (its translations' addresses win). Computed once per request: the switcher and the
    alternate links of <head> both ask."""
    key = (translation.get_language(), getattr(page, "pk", None))
    known = getattr(request, "_language_links", None)
    if known is None or known[0] != key:
        known = (key, _language_links(request, page))
        request._language_links = known
    return known[1]


def _language_links(request, page):
    current = translation.get_language()
    path = request.path
    query = _kept_query(request)
    suffix = f"?{query}" if query else ""
    localized = getattr(request, "language_in_url", None)
    if localized is None:
        localized = is_localized(path, getattr(request, "urlconf", None))
    addresses = _page_addresses(request, page) if localized else {}
    links = []
    for code, name in settings.LANGUAGES:
        if code in addresses:
            url = addresses[code] + suffix
        elif localized:
            url = quote(with_prefix(path, code)) + suffix
        else:
            here = path + suffix
            url = f"{reverse('switch_language', args=[code])}?next={quote(here, safe='/')}"
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links, localized
