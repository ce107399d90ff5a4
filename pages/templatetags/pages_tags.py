import json

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def nav_current(path, url):
    """aria-current for a menu link: "page" on the page itself, "true" inside its section."""
    if not url:
        return ""
    if path == url:
        return mark_safe(' aria-current="page"')
    if url != "/" and path.startswith(url):
        return mark_safe(' aria-current="true"')
    return ""


@register.simple_tag
def icon(name, css_class="icon"):
    """A decorative icon of the fixed set (static/pages/icons.svg), hidden from screen
    readers: the text next to it carries the meaning."""
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false" width="32" height="32">'
        '<use href="{}#{}"></use></svg>',
        css_class,
        static("pages/icons.svg"),
        name,
    )


@register.inclusion_tag("pages/includes/breadcrumbs.html")
def breadcrumbs(page):
    """Home › section › … › current page (the tree's root is left out)."""
    ancestors = list(page.get_ancestors().filter(depth__gte=2).live()) if page.depth > 2 else []
    return {"ancestors": ancestors, "current": page}


@register.filter
def french_time(value):
    """8:30 → "8 h 30", 12:00 → "12 h" (the Belgian French way of writing hours)."""
    if not value:
        return ""
    return f"{value.hour} h {value.minute:02d}" if value.minute else f"{value.hour} h"


@register.filter
def to_json(value):
    """JSON for a data- attribute (autoescaping then makes it attribute-safe)."""
    return json.dumps(value, ensure_ascii=False) if value is not None else ""


@register.simple_tag(takes_context=True)
def untranslated_notice(context):
    """One line in the visitor's language when the page shown is the French version of a page
    not translated into their language (pages.languages.serve), else nothing."""
    from django.utils.translation import gettext

    from pages import languages

    page = context.get("page")
    if page is None or not languages.shows_other_language(page):
        return ""
    language = languages.active_language()
    return format_html(
        '<p class="notice notice--language" lang="{}" data-untranslated="{}">{}</p>',
        language,
        language,
        gettext("Cette page n'existe pas encore en %(language)s : voici sa version en %(source)s.")
        % {
            "language": languages.language_name(language),
            "source": languages.language_name(languages.content_language_of(page)),
        },
    )


@register.simple_tag(takes_context=True)
def content_lang(context):
    """' lang="fr"' on the content of a page shown in another language than the interface's
    (screen readers then read it with the right voice), else nothing."""
    from pages import languages

    page = context.get("page")
    if page is None or not languages.shows_other_language(page):
        return ""
    return format_html(' lang="{}"', languages.content_language_of(page))


@register.filter
def visitor_url(page):
    """A page's address for the visitor: its translation's in their language, or the French
    page under their language's prefix (pages.languages.visitor_url)."""
    from pages import languages

    if page is None:
        return ""
    return languages.visitor_url(page)
