"""The languages of the website's content (Wagtail pages translated with wagtail-localize).

French is the source: every page exists in French first; editors translate it in /cms/
("Traduire"). A commune chooses which other languages its site offers (site settings,
`content_languages`). A page not translated (yet) into the visitor's language is served in
French with a one-line notice in the visitor's language, never a 404 (`serve`); lists (news,
works, procedures, menus, search) show the visitor's language, and the French page where no
translation exists (`in_visitor_language`).
"""

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri
from wagtail.models import Locale, Page, Site
from wagtail.views import serve as wagtail_serve


def source_language():
    return settings.LANGUAGE_CODE.split("-")[0]


def all_content_languages():
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def content_languages(site=None):
    """The content languages the current commune's site offers, French first: those enabled
    in its site settings. The offer line at the top of French pages proposes only these; the
    switcher keeps the four interface languages (docs/languages.md)."""
    from pages import selectors

    enabled = selectors.site_context()["content_languages"]
    return [code for code in all_content_languages() if code in enabled]


def enabled_languages_from(site_settings):
    """The codes a SiteSettings row enables (French always)."""
    enabled = [source_language()]
    if site_settings is not None:
        for code in all_content_languages():
            if code != source_language() and getattr(site_settings, f"offer_{code}", False):
                enabled.append(code)
    return enabled


def active_language():
    return (translation.get_language() or source_language()).split("-")[0]


def _locale(code):
    return Locale.objects.filter(language_code=code).first()


def in_visitor_language(pages, language=None):
    """Of a queryset of pages (any locale), those in the visitor's language, plus the French
    ones that have no translation in it among `pages` (so nothing disappears from a list
    because it is not translated yet)."""
    language = language or active_language()
    source = _locale(source_language())
    if source is None:
        return pages
    if language == source.language_code:
        return pages.filter(locale=source)
    visitor = _locale(language)
    if visitor is None:
        return pages.filter(locale=source)
    translated = pages.filter(locale=visitor).values("translation_key")
    return pages.filter(Q(locale=visitor) | (Q(locale=source) & ~Q(translation_key__in=translated)))


def localized(page, language=None):
    """The page's live translation in `language` (the visitor's by default), else the page
    itself: Wagtail's own Page.localized, for that language."""
    with translation.override(language or active_language()):
        shown = page.localized
    return shown if shown is page else shown.specific


def visitor_url(page, language=None):
    """The address of `page` for a visitor reading in `language`: its translation's address,
    or the French page's path under the language's prefix (served in French with the notice),
    so that following a link never drops the visitor out of their language."""
    language = language or active_language()
    if language == source_language():
        return page.url  # the French site: no locale to look up
    shown = localized(page, language)
    if shown.locale.language_code == language:
        return shown.url
    parts = page.get_url_parts()
    if parts is None:
        return page.url
    _site_id, _root_url, page_path = parts
    # page_path is the French page's path under the French prefix (none): re-reversed
    # under the visitor's language it gets their prefix (i18n_patterns), if the site has one.
    path = page_path.strip("/")
    with translation.override(language):
        try:
            return reverse("wagtail_serve", args=[f"{path}/" if path else ""])
        except Exception:  # noqa: BLE001 - no reversible serve pattern: the page's own URL
            return page.url


def _source_route(request, path):
    """Route `path` in the French tree of the request's site, or None."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    source = _locale(source_language())
    root = site.root_page
    if source is not None and root.locale_id != source.pk:
        root = root.get_translation_or_none(source) or root
    try:
        return root.specific.route(request, [part for part in path.split("/") if part])
    except Http404:
        return None


def serve(request, path):
    """Wagtail's serve view, with the French fallback: when the visitor's language has no
    page at this path, the French page at the same path is served (the template then shows
    the notice, see `untranslated_notice`) — unless that page is translated into the visitor's
    language under another address (/nl/actualites/marche/ when the Dutch page is
    /nl/nieuws/markt/): the visitor is sent there (the language offer, the /langue/ switch
    and a shared link add a prefix to a French address)."""
    if active_language() != source_language():
        route = Page.route_for_request(request, path)
        if route is None:
            route = _source_route(request, path)
            if route is not None:
                translated = _translation_address(request, route[0], path)
                if translated:
                    return HttpResponseRedirect(translated)
                request._wagtail_route_for_request = route
    return wagtail_serve(request, path)


def _translation_address(request, page, path):
    """The address of `page`'s live translation in the visitor's language, with the rest of
    `path` below the page (a routable page's sub-page) and the query string, or None."""
    shown = localized(page)
    if shown is page or shown.locale.language_code != active_language():
        return None
    own, translated = page.get_url(request), shown.get_url(request)
    if not own or not translated:
        return None
    rest = "/" + path.lstrip("/")
    tail = rest[len(own) :] if rest.startswith(own) else ""
    query = request.META.get("QUERY_STRING", "")
    return iri_to_uri(translated + tail) + (f"?{query}" if query else "")


def content_language_of(page):
    """The language the page's content is written in: its locale's, or for an alias (a page
    wagtail-localize made in a locale to hold a translated child, still showing its source)
    the language of the page it mirrors."""
    if getattr(page, "alias_of_id", None):
        source = Page.objects.filter(pk=page.alias_of_id).select_related("locale").first()
        if source is not None:
            return source.locale.language_code
    locale = getattr(page, "locale", None)
    return locale.language_code if locale is not None else source_language()


def shows_other_language(page, language=None):
    """True when `page`'s content is in another language than the visitor's."""
    if not isinstance(page, Page):
        return False
    return content_language_of(page) != (language or active_language())


def language_name(code):
    """The language's name in the active language, as written inside a sentence:
    "néerlandais" in French (lower case there), "Nederlands", "Niederländisch", "Dutch"."""
    from django.utils.translation import get_language_info

    try:
        name = str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
    return name.lower() if active_language() == "fr" else name
