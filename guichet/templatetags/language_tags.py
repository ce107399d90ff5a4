"""The language switcher and the alternate links of a page (guichet.i18n)."""

from django import template
from django.conf import settings
from django.utils import translation

from guichet.i18n import language_links, with_prefix

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context.get("request")
    links = language_links(request, context.get("page"))[0] if request is not None else []
    return {"languages": links}


@register.inclusion_tag("includes/language_alternates.html", takes_context=True)
def language_alternates(context):
    """<link rel="alternate" hreflang> for each language of a page, and x-default (French,
    unprefixed). Stable addresses (staff, sign-in) have no alternates."""
    request = context.get("request")
    if request is None:
        return {"alternates": []}
    links, localized = language_links(request, context.get("page"))
    if not localized:
        return {"alternates": []}
    alternates = [(link["code"], request.build_absolute_uri(link["url"])) for link in links]
    default = next(url for code, url in alternates if code == settings.LANGUAGE_CODE)
    return {"alternates": [*alternates, ("x-default", default)]}


@register.filter
def localized(path):
    """A path of the pages ("/", "/guichet/") in the active language: /nl/guichet/."""
    if not isinstance(path, str) or not path.startswith("/"):
        return path
    return with_prefix(path, translation.get_language() or settings.LANGUAGE_CODE)
