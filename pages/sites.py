"""The current commune's website: its Wagtail site, home page and site settings.

Each commune is one Wagtail `Site` (guichet.models.Commune.site) with its own page tree; the
header, footer, menu and closures read the current commune's (guichet.communes.current)."""

from wagtail.models import Site

from guichet import communes


def current_site():
    """The Wagtail site of the current commune (else the default site, else None)."""
    commune = communes.current_or_home()
    if commune.site_id is not None:
        return commune.site
    return Site.objects.filter(is_default_site=True).first() or Site.objects.first()


def site_settings(*, only=None):
    """The current site's SiteSettings row, or None before anyone saved it."""
    from pages.models import SiteSettings

    site = current_site()
    if site is None:
        return None
    rows = SiteSettings.objects.filter(site=site)
    rows = rows.only(*only) if only else rows.select_related("logo")
    return rows.first()


def in_current_site(queryset):
    """`queryset` (of pages) narrowed to the current commune's tree: its home page and the
    home pages of its translations (siblings under the root) with everything below. A
    single-commune installation has nothing to narrow."""
    if communes.count() <= 1:
        return queryset
    site = current_site()
    if site is None:
        return queryset
    from django.db.models import Q
    from wagtail.models import Page

    root = Page.objects.only("translation_key", "depth").get(pk=site.root_page_id)
    paths = Page.objects.filter(translation_key=root.translation_key, depth=root.depth)
    condition = Q()
    for path in paths.values_list("path", flat=True):
        condition |= Q(path__startswith=path)
    return queryset.filter(condition)
