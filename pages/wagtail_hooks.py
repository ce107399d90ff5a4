from django.http import Http404, HttpResponseNotAllowed
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.contrib.forms.models import FormMixin
from wagtail.models import Site
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from pages.admin_associations import AssociationViewSet
from pages.models import Alert, SearchSynonym


class AlertViewSet(SnippetViewSet):
    model = Alert
    icon = "warning"
    menu_label = _("Bandeaux d'alerte")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["message", "level", "starts_at", "ends_at"]
    ordering = ["-starts_at"]


register_snippet(AlertViewSet)


class SearchSynonymViewSet(SnippetViewSet):
    """Synonyms of the site search (pages.search): the communication group."""

    model = SearchSynonym
    icon = "search"
    menu_label = _("Synonymes de recherche")
    menu_order = 270
    add_to_admin_menu = True
    list_display = ["term", "targets"]
    search_fields = ["term", "targets"]
    ordering = ["term"]


register_snippet(SearchSynonymViewSet)


@hooks.register("before_serve_page")
def allow_anonymous_page_cache(page, request, serve_args, serve_kwargs):
    """Tell pages.cache.cached_serve whether this page may be kept for anonymous visitors:
    not form pages (CSRF token, per-visitor answers), not pages behind a view restriction."""
    request.page_cache_allowed = getattr(page, "cache_anonymous", True) and (
        not page.get_view_restrictions().exists()
    )


SAFE_METHODS = ("GET", "HEAD")


def page_methods(page):
    """The methods a page handles: it is read; a form page (FormMixin) also takes a POST."""
    return [*SAFE_METHODS, "POST"] if isinstance(page, FormMixin) else list(SAFE_METHODS)


def methods_at(request, path):
    """The methods of the page this path leads to on the request's site, or None when no
    page is there (guichet.methods then names the site's usual methods)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    try:
        page, _args, _kwargs = site.root_page.specific.route(
            request, [part for part in path.split("/") if part]
        )
    except Http404:
        return None
    return page_methods(page)


@hooks.register("before_serve_page")
def refuse_unhandled_methods(page, request, serve_args, serve_kwargs):
    """A page is read (GET, HEAD); only form pages (the CPAS appointment request) take a POST.
    Anything else (PUT, DELETE, PATCH, TRACE, OPTIONS…) is answered 405 with the methods the
    page does handle, instead of rendering the page as if it had been read. (Wagtail's own
    check, Page.allowed_http_methods, lets every common method through by default.)"""
    allowed = page_methods(page)
    if request.method not in allowed:
        return HttpResponseNotAllowed(allowed)
    return None


# --- "Cette page vous a-t-elle aidé ?": the editors' report ---


@hooks.register("register_admin_urls")
def feedback_report_urls():
    from django.urls import path

    from pages.feedback_admin import FeedbackDetail, FeedbackReport

    return [
        path("avis/", FeedbackReport.as_view(), name="page_feedback_report"),
        path("avis/<int:page_id>/", FeedbackDetail.as_view(), name="page_feedback_detail"),
    ]


class FeedbackMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("pages.view_pagefeedback")


@hooks.register("register_reports_menu_item")
def feedback_report_menu_item():
    return FeedbackMenuItem(
        _("Avis des visiteurs"),
        reverse("page_feedback_report"),
        name="page-feedback",
        icon_name="help",
        order=50,
    )


# --- Agenda and associations directory ---
register_snippet(AssociationViewSet)


@hooks.register("register_admin_urls")
def association_change_urls():
    from pages.admin_associations import urlpatterns

    return urlpatterns


@hooks.register("register_admin_menu_item")
def association_changes_menu_item():
    from pages.admin_associations import menu_item

    return menu_item()


# --- The intercommunal library (pages.library) ---


@hooks.register("register_admin_urls")
def library_urls():
    from pages.library_admin import urlpatterns

    return urlpatterns


@hooks.register("register_admin_menu_item")
def library_menu_item():
    from pages.library_admin import menu_item

    return menu_item()


@hooks.register("construct_homepage_panels")
def library_homepage_panels(request, panels):
    from pages.library_admin import homepage_panels

    homepage_panels(request, panels)


@hooks.register("before_edit_page")
def library_before_edit_page(request, page):
    from pages.library_admin import before_edit_page

    return before_edit_page(request, page)


@hooks.register("before_convert_alias_page")
def library_before_convert_alias(request, page):
    from pages.library_admin import before_convert_alias

    return before_convert_alias(request, page)


@hooks.register("after_convert_alias_page")
def library_after_convert_alias(request, page):
    from pages.library_admin import after_convert_alias

    return after_convert_alias(request, page)
