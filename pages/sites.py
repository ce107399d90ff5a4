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
        site = commune.site if commune.site_id is not None else current_site()
        paths = _home_paths([site.root_page_id]).get(site.root_page_id, []) if site else []
        commune._tree_paths = paths
    return paths


def _home_paths(root_ids):
    """{root page id: tree paths of that home page and of its translations}, in two queries."""
    from wagtail.models import Page

    roots = {
        row["pk"]: (row["translation_key"], row["depth"])
        for row in Page.objects.filter(pk__in=root_ids).values("pk", "translation_key", "depth")
    }
    keys = {key for key, _depth in roots.values()}
    by_key = {}
    for key, depth, path in Page.objects.filter(translation_key__in=keys).values_list(
        "translation_key", "depth", "path"
    ):
        by_key.setdefault((key, depth), []).append(path)
    return {pk: sorted(by_key.get(identity, [])) for pk, identity in roots.items()}


def commune_of_page(page):
    """The commune whose site holds `page` (below its home page or a translation of it), or
    None for a page of no commune's site (Wagtail's root). Publishing, alerts and the page
    cache work for this commune, whatever the host the editor works on."""
    served = communes.served()
    if len(served) <= 1:
        from pages.library import is_library_page

        only = served[0] if served else communes.home()
        if is_library_page(page, _library_paths(only)):  # left by all communes but one
            return None
        return only
    missing = [c for c in served if getattr(c, "_tree_paths", None) is None and c.site_id]
    if missing:
        found = _home_paths([c.site.root_page_id for c in missing])
        for commune in missing:
            commune._tree_paths = found.get(commune.site.root_page_id, [])
    path = getattr(page, "path", "") or ""
    for commune in served:
        if any(path.startswith(home) for home in getattr(commune, "_tree_paths", None) or ()):
            return commune
    return None


def _library_paths(commune):
    """The library's root paths, kept on the commune object of the host table like the tree
    paths."""
    paths = getattr(commune, "_library_paths", None)
    if paths is None:
        from pages.library import library_paths

        paths = commune._library_paths = library_paths()
    return paths
