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


# --- Sharing (Open Graph, Twitter card, share links) and page feedback ---


def _absolute(request, path):
    if path.startswith(("http://", "https://")):
        return path
    return request.build_absolute_uri(path) if request is not None else path


def _share_data(context, page):
    from django.utils.html import strip_tags

    request = context.get("request")
    url = _absolute(request, page.url or "/")
    description = (
        page.search_description
        or getattr(page, "intro", "")
        or strip_tags(str(getattr(page, "summary", "") or ""))
        or page.title
    )
    image = getattr(page, "image", None)
    image_url = image_alt = ""
    if image is not None:
        image_url = _absolute(request, image.get_rendition("fill-1200x630").url)
        image_alt = getattr(page, "image_alt", "") or image.title
    else:
        image_url = _absolute(request, static("pages/icons/icon-512.png"))
    return {
        "share_url": url,
        "share_title": page.seo_title or page.title,
        "share_description": " ".join(description.split())[:300],
        "share_image": image_url,
        "share_image_alt": image_alt,
        "share_large_image": image is not None,
        "share_type": "article",
        "share_published": getattr(page, "date", None) or page.first_published_at,
        "commune": context.get("commune", {}),
    }


@register.inclusion_tag("pages/includes/share_meta.html", takes_context=True)
def share_meta(context, page):
    """Open Graph and Twitter-card tags (absolute URLs) for a news, works or event page."""
    return _share_data(context, page)


@register.inclusion_tag("pages/includes/share_links.html", takes_context=True)
def share_links(context, page):
    """Share links that load nothing from elsewhere: plain links to the networks' share
    addresses, an e-mail link and the page's own address."""
    from urllib.parse import quote, urlencode

    data = _share_data(context, page)
    url, title = data["share_url"], data["share_title"]
    data["links"] = [
        ("E-mail", "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        (
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        ),
        ("X", "https://x.com/intent/tweet?" + urlencode({"url": url, "text": title})),
    ]
    return data


@register.inclusion_tag("pages/includes/feedback.html", takes_context=True)
def page_feedback(context, page):
    """The "Cette page vous a-t-elle aidé ?" form. No CSRF token: the page stays cacheable
    for anonymous visitors (the answer is anonymous, see pages.views.page_feedback)."""
    from pages.forms import HONEYPOT_FIELD

    return {"page": page, "honeypot": HONEYPOT_FIELD}


@register.filter
def street_feeds(notice):
    """[(slug, name)] of a notice's streets: its alert form's boxes and its street feeds."""
    from pages.streets import street_slug

    return [(street_slug(name), name) for name in notice.street_list if street_slug(name)]


@register.simple_tag
def map_config():
    """The base map's settings for a map (pages.basemap.map_config)."""
    from pages.basemap import map_config as config

    return config()


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
