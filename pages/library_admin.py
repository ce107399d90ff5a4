"""/cms/ › Bibliothèque intercommunale: the library's pages, "Afficher sur notre site" (an
alias in the commune's tree), the copies a commune adapted and the notices when the library
changed since (pages.library). Every view works for the current commune (the host's): a
copy of another commune's tree is not found (404)."""

import re

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from pages import library


def may_use_library(user):
    """Communication and CPAS editors (who publish in their commune's tree) and the library's
    editors."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    return PagePermissionPolicy().user_has_any_permission(user, ["publish"])


class _LibraryView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-full-inverse"
    page_title = gettext_lazy("Bibliothèque intercommunale")

    def dispatch(self, request, *args, **kwargs):
        if not may_use_library(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {"url": reverse("library_index"), "label": _("Bibliothèque intercommunale")},
        ]
        title = str(self.get_page_title())
        if title != items[-1]["label"]:
            items.append({"url": "", "label": title})
        return items


class LibraryIndex(_LibraryView):
    template_name = "pages/admin/library_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rows = []
        for page in library.library_pages().filter(live=True).specific():
            shown = list(library.shown_here(page))
            rows.append(
                {
                    "page": page,
                    "type": page.specific_class._meta.verbose_name,
                    "shown": shown,
                    "can_edit": page.permissions_for_user(user).can_edit(),
                    "can_show": not shown and bool(library.candidate_parents(page, user)),
                }
            )
        context["rows"] = rows
        context["copies"] = library.copies_for(user)
        root = library.library_root()
        context["can_add"] = root is not None and root.permissions_for_user(user).can_add_subpage()
        context["root"] = root
        return context


class ParentForm(forms.Form):
    parent = forms.TypedChoiceField(
        label=gettext_lazy("Où l'afficher sur votre site"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choisissez un emplacement de votre site.")},
    )

    def __init__(self, *args, parents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [(parent.pk, _place(parent)) for parent in parents]


def _place(page):
    """ "Accueil › Actualités": where a page stands in its tree (Wagtail's root left out)."""
    return " › ".join(p.title for p in [*page.get_ancestors()[1:], page])


class ShowOnSite(_LibraryView):
    """ "Afficher sur notre site": choose where, then an alias is made and published."""

    template_name = "pages/admin/library_show.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        page = get_object_or_404(Page, pk=kwargs["page_id"], live=True)
        if page.depth <= 2 or not library.is_library_page(page):
            raise Http404
        self.source = page.specific

    def get_page_title(self):
        return _("Afficher « %(title)s » sur notre site") % {"title": self.source.title}

    def form(self):
        parents = library.candidate_parents(self.source, self.request.user)
        data = self.request.POST if self.request.method == "POST" else None
        return ParentForm(data, parents=parents), parents

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["source"] = self.source
        context["type"] = self.source.specific_class._meta.verbose_name
        context["shown"] = list(library.shown_here(self.source))
        if "form" not in kwargs:
            context["form"], context["parents"] = self.form()
        return context

    def post(self, request, *args, **kwargs):
        form, parents = self.form()
        if form.is_valid():
            parent = next(p for p in parents if p.pk == form.cleaned_data["parent"])
            try:
                alias = library.show_on_site(self.source, parent, request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("« %(title)s » est affichée sur votre site, sous « %(parent)s ».")
                    % {"title": alias.title, "parent": parent.title},
                    buttons=[
                        messages.button(
                            reverse("wagtailadmin_pages:edit", args=[alias.pk]), _("Voir")
                        )
                    ],
                )
                return redirect("library_index")
        return self.render_to_response(self.get_context_data(form=form, parents=parents))


def _as_text(value):
    text = strip_tags(str(value if value is not None else ""))
    return re.sub(r"\s+", " ", text).strip()


def differences(copy):
    """(field label, the library's text the copy was based on, the library's new text) for
    each field that changed."""
    before_revision, after_revision = copy.based_on, copy.changed_revision
    if after_revision is None:
        return []
    after = after_revision.as_object()
    before = before_revision.as_object() if before_revision is not None else None
    rows = []
    for field in type(after)._meta.concrete_fields:
        if field.name not in after_revision.content:
            continue
        if field.model is Page and field.name not in library._PAGE_TEXT_FIELDS:
            continue
        if field.name in ("page_ptr",):
            continue
        old = _as_text(getattr(before, field.name, "")) if before is not None else ""
        new = _as_text(getattr(after, field.name, ""))
        if old != new:
            rows.append((field.verbose_name, old, new))
    return rows


class CopyNotice(_LibraryView):
    """What changed in the library since the commune adapted the page, and what to do."""

    template_name = "pages/admin/library_copy.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.copy = library.copy_for(request.user, kwargs["copy_id"])
        if self.copy is None:
            raise Http404

    def get_page_title(self):
        return _("Notre copie de « %(title)s »") % {"title": self.copy.source.title}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["copy"] = self.copy
        context["differences"] = differences(self.copy)
        return context


class _CopyAction(CopyNotice):
    http_method_names = ["post"]


class CopySeen(_CopyAction):
    def post(self, request, *args, **kwargs):
        library.mark_seen(self.copy)
        messages.success(request, _("Vu : votre copie reste telle quelle."))
        return redirect("wagtailadmin_pages:edit", self.copy.page_id)


class CopyResync(_CopyAction):
    def post(self, request, *args, **kwargs):
        page = library.resync(self.copy, request.user)
        messages.success(
            request,
            _("« %(title)s » reprend le texte de la bibliothèque et le suivra désormais.")
            % {"title": page.title},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)


class Adapt(_LibraryView):
    """ "Adapter pour notre commune": the alias becomes the commune's copy."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        alias = get_object_or_404(Page, pk=kwargs["page_id"], alias_of__isnull=False)
        here = library.sites.in_current_site(Page.objects.filter(pk=alias.pk)).exists()
        if not here or not alias.permissions_for_user(request.user).can_edit():
            raise Http404
        if not library.is_library_page(alias.alias_of):
            raise Http404
        library.adapt(alias.specific, request.user)
        messages.success(
            request,
            _(
                "« %(title)s » est maintenant votre copie : modifiez ce qui est propre à votre "
                "commune. Vous serez prévenus si la bibliothèque change ce texte."
            )
            % {"title": alias.title},
        )
        return redirect("wagtailadmin_pages:edit", alias.pk)


urlpatterns = [
    path("bibliotheque/", LibraryIndex.as_view(), name="library_index"),
    path("bibliotheque/<int:page_id>/afficher/", ShowOnSite.as_view(), name="library_show"),
    path("bibliotheque/adapter/<int:page_id>/", Adapt.as_view(), name="library_adapt"),
    path("bibliotheque/copies/<int:copy_id>/", CopyNotice.as_view(), name="library_copy"),
    path("bibliotheque/copies/<int:copy_id>/vu/", CopySeen.as_view(), name="library_copy_seen"),
    path(
        "bibliotheque/copies/<int:copy_id>/reprendre/",
        CopyResync.as_view(),
        name="library_copy_resync",
    ),
]


class LibraryMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_library(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        pending = len(library.pending_for(request.user))
        if pending:
            component.label = _("Bibliothèque intercommunale (%(count)s)") % {"count": pending}
        return component


def menu_item():
    return LibraryMenuItem(
        _("Bibliothèque intercommunale"),
        reverse("library_index"),
        name="library",
        icon_name="doc-full-inverse",
        order=260,
    )


class LibraryNoticesPanel(Component):
    """The dashboard's list of the commune's copies whose library text changed."""

    name = "library_notices"
    template_name = "pages/admin/library_panel.html"
    order = 90

    def __init__(self, copies):
        self.copies = copies

    def get_context_data(self, parent_context):
        return {"copies": self.copies}


def homepage_panels(request, panels):
    copies = library.pending_for(request.user)
    if copies:
        panels.append(LibraryNoticesPanel(copies))


def before_edit_page(request, page):
    """The notice on a copy's edit view when the library changed since."""
    from pages.models import LibraryCopy

    if request.method != "GET":
        return None
    copy = LibraryCopy.objects.filter(page_id=page.pk).select_related("source").first()
    if copy is None or not copy.pending:
        return None
    messages.warning(
        request,
        _("La page de la bibliothèque « %(title)s » a changé depuis votre adaptation.")
        % {"title": copy.source.title},
        buttons=[
            messages.button(reverse("library_copy", args=[copy.pk]), _("Voir les changements"))
        ],
    )
    return None


def before_convert_alias(request, page):
    """Wagtail's "convert alias" on an alias of a library page makes a copy (recorded after
    the conversion, which forgets the alias's source)."""
    if request.method == "POST" and page.alias_of_id and library.is_library_page(page.alias_of):
        request.library_source = page.alias_of


def after_convert_alias(request, page):
    source = getattr(request, "library_source", None)
    if source is not None:
        library.record_copy(page, source)
