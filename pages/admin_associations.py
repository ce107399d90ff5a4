"""/cms/: the associations (a snippet) and the changes associations proposed through their
update link, each to approve or reject (communication)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.menu import MenuItem
from wagtail.snippets.views.snippets import SnippetViewSet

from pages import directory
from pages.models import Association, AssociationChange

MODERATE = "pages.change_associationchange"


class AssociationViewSet(SnippetViewSet):
    model = Association
    icon = "group"
    menu_label = gettext_lazy("Associations")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "category", "email", "published"]
    list_filter = ["category", "published", "children_activities"]
    search_fields = ["name"]
    ordering = ["name"]


def _check(request):
    if not request.user.has_perm(MODERATE):
        raise PermissionDenied


@require_http_methods(["GET", "HEAD"])
def change_list(request):
    _check(request)
    pending = (
        AssociationChange.objects.filter(status=AssociationChange.Status.PENDING)
        .select_related("association")
        .order_by("created_at")
    )
    recent = (
        AssociationChange.objects.exclude(status=AssociationChange.Status.PENDING)
        .select_related("association", "decided_by")
        .order_by("-decided_at")[:20]
    )
    return TemplateResponse(
        request,
        "pages/admin/association_changes.html",
        {"pending": pending, "recent": recent, "header_title": _("Modifications proposées")},
    )


@require_POST
def change_decide(request, pk):
    _check(request)
    change = get_object_or_404(AssociationChange, pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        directory.decide_change(change=change, approve=approve, by=request.user)
    except ValidationError as error:
        messages.error(
            request,
            _("La modification ne peut pas être appliquée : %(errors)s")
            % {"errors": " ".join(error.messages)},
        )
        return redirect("association_changes")
    if approve:
        messages.success(
            request,
            _("Modification de « %(name)s » approuvée et publiée.")
            % {"name": change.association.name},
        )
    else:
        messages.success(
            request, _("Modification de « %(name)s » refusée.") % {"name": change.association.name}
        )
    return redirect("association_changes")


urlpatterns = [
    path("associations/modifications/", change_list, name="association_changes"),
    path(
        "associations/modifications/<int:pk>/",
        change_decide,
        name="association_change_decide",
    ),
]


class PendingChangesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MODERATE)

    def get_context(self, request):
        context = super().get_context(request)
        count = AssociationChange.objects.filter(status=AssociationChange.Status.PENDING).count()
        if count:
            context["label"] = f"{self.label} ({count})"
        return context


def menu_item():
    return PendingChangesMenuItem(
        gettext_lazy("Modifications d'associations"),
        reverse("association_changes"),
        icon_name="tasks",
        order=261,
    )
