"""/cms/ › Rapports › Avis des visiteurs: yes/no counts per page and the comments
(permission pages.view_pagefeedback: the communication group, administrators)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from pages.models import PageFeedback

PERMISSION = "pages.view_pagefeedback"


class _Guarded(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "help"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class FeedbackReport(_Guarded):
    template_name = "pages/admin/feedback_report.html"
    page_title = _("Avis des visiteurs")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = (
            PageFeedback.objects.values("page")
            .annotate(
                yes=Count("pk", filter=Q(helpful=True)),
                no=Count("pk", filter=Q(helpful=False)),
                comments=Count("pk", filter=~Q(comment="")),
                last=Max("created_at"),
            )
            .order_by("-last")
        )
        paginator = Paginator(rows, 50)
        current = paginator.get_page(self.request.GET.get("p"))
        pages = Page.objects.in_bulk([row["page"] for row in current])
        context["rows"] = [
            {
                **row,
                "page": pages.get(row["page"]),
                "url": reverse("page_feedback_detail", args=[row["page"]]),
            }
            for row in current
        ]
        context["page_obj"] = current
        return context


class FeedbackDetail(_Guarded):
    template_name = "pages/admin/feedback_detail.html"

    def get_page_title(self):
        return _("Avis sur « %(title)s »") % {"title": self.page.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("page_feedback_report"), "label": _("Avis des visiteurs")},
            {"url": "", "label": self.page.title},
        ]

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(Page, pk=kwargs["page_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        answers = PageFeedback.objects.filter(page=self.page)
        context.update(
            {
                "page": self.page,
                "yes": answers.filter(helpful=True).count(),
                "no": answers.filter(helpful=False).count(),
                "comments": Paginator(answers.exclude(comment=""), 50).get_page(
                    self.request.GET.get("p")
                ),
            }
        )
        return context
