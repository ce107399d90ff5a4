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
    single-commune installation has only the intercommunal library (pages.library: no site
    serves it) to leave out."""
    from django.db.models import Q

    if communes.count() <= 1:
        library = Q()
        for path in _library_paths(communes.current_or_home()):
            library |= Q(path__startswith=path)
        return queryset.exclude(library) if library else queryset
    condition = Q()
    for path in _tree_paths(communes.current_or_home()):
        condition |= Q(path__startswith=path)
    return queryset.filter(condition) if condition else queryset


def _tree_paths(commune):
    """The tree paths of the commune's home page and its translations, kept on the commune
    object of the host table (read again with it, at most every half-minute): not two queries
    for each listing of each page."""
    paths = getattr(commune, "_tree_paths", None)
    if paths is None:
        from wagtail.models import Page

        site = current_site()
        paths = []
        if site is not None:
            root = Page.objects.only("translation_key", "depth").get(pk=site.root_page_id)
            paths = list(
                Page.objects.filter(
                    translation_key=root.translation_key, depth=root.depth
                ).values_list("path", flat=True)
            )
        commune._tree_paths = paths
    return paths


def _library_paths(commune):
    """The library's root paths, kept on the commune object of the host table like the tree
    paths."""
    paths = getattr(commune, "_library_paths", None)
    if paths is None:
        from pages.library import library_paths

        paths = commune._library_paths = library_paths()
    return paths
