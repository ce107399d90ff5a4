"""The CPAS appointment cases in /cms/ (Wagtail view set): a list with filters, overdue
cases highlighted, and a page per case where CPAS staff change status, assignee, due date
and notes. Others get a 404 on every URL and no menu item (cpas.selectors.can_see_cases);
every change goes through cpas.services.case_update, which audits it."""

import django_filters
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column, Table, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from cpas.constants import AWAITING_CALLBACK, CaseStatus
from cpas.models import AppointmentCase
from cpas.selectors import can_see_cases, cases_visible_to, cpas_staff
from cpas.services import case_update


def _staff_label(user):
    return user.get_full_name() or user.get_username()


def _assignee_label(case):
    return _staff_label(case.assignee) if case.assignee else ""


class CaseFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Statut"), choices=CaseStatus.choices, empty_label=_("Tous")
    )
    assignee = django_filters.ModelChoiceFilter(
        label=_("Attribuée à"),
        queryset=lambda request: cpas_staff(),
        empty_label=_("Tout le monde"),
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Rappel"),
        choices=[("1", _("En retard seulement"))],
        empty_label=_("Toutes les demandes"),
        method="filter_overdue",
    )

    class Meta:
        model = AppointmentCase
        fields = ["status", "assignee", "overdue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["assignee"].field.label_from_instance = _staff_label

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status__in=AWAITING_CALLBACK, due_date__lt=timezone.localdate())


class StatusColumn(Column):
    cell_template_name = "cpas/admin/status_cell.html"


class DueDateColumn(Column):
    cell_template_name = "cpas/admin/due_date_cell.html"


class CaseTable(Table):
    def get_row_classname(self, instance):
        return "cpas-case--overdue" if instance.is_overdue else ""


class CaseIndexView(generic.IndexView):
    table_class = CaseTable
    default_ordering = "due_date"

    def get_base_queryset(self):
        return cases_visible_to(user=self.request.user)


class AnswersPanel(Panel):
    """What the person sent, read-only."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cpas/admin/answers_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["case"] = self.instance
            return context


class HistoryPanel(Panel):
    """The case's audit trail, in sentences."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cpas/admin/history_panel.html"

        def get_context_data(self, parent_context=None):
            from cpas.audit import case_history

            context = super().get_context_data(parent_context)
            context["history"] = case_history(self.instance)
            return context


class CaseForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "assignee" in self.fields:
            field = self.fields["assignee"]
            field.queryset = cpas_staff()
            field.label_from_instance = _staff_label
            field.empty_label = _("Personne")


class CaseEditView(generic.EditView):
    def get_object(self, queryset=None):
        case = cases_visible_to(user=self.request.user).filter(pk=self.kwargs["pk"]).first()
        if case is None:
            raise Http404
        return case

    def save_instance(self):
        values = {name: self.form.cleaned_data[name] for name in self.form.changed_data}
        case_update(case=self.object, by=self.request.user, **values)
        return self.object

    def get_success_message(self, instance=None):
        return _("Demande %(reference)s enregistrée.") % {"reference": self.object.reference}


class CaseViewSet(ModelViewSet):
    model = AppointmentCase
    icon = "form"
    url_prefix = "cpas/demandes"
    name = "cpas_cases"
    menu_label = _("Demandes de rendez-vous")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = CaseIndexView
    edit_view_class = CaseEditView
    filterset_class = CaseFilterSet
    list_display = [
        TitleColumn("reference", label=_("Référence"), url_name="cpas_cases:edit"),
        Column("received_at", label=_("Reçue le"), accessor="received_at"),
        Column("subject", label=_("Sujet")),
        Column("name", label=_("Nom")),
        StatusColumn("status", label=_("Statut")),
        Column("assignee", label=_("Attribuée à"), accessor=_assignee_label),
        DueDateColumn("due_date", label=_("Rappel au plus tard le"), sort_key="due_date"),
    ]
    list_export = []
    # By reference only: a person's name typed in the search box would end up in the URL
    # (and the access logs).
    search_fields = ["reference"]
    inspect_view_enabled = False
    copy_view_enabled = False

    edit_handler = ObjectList(
        [
            AnswersPanel(heading=_("La demande")),
            FieldRowPanel([FieldPanel("status"), FieldPanel("assignee")], heading=_("Suivi")),
            FieldPanel("due_date"),
            FieldPanel("notes"),
            HistoryPanel(heading=_("Historique")),
        ],
        base_form_class=CaseForm,
    )

    def construct_view(self, view_class, **kwargs):
        """Every URL of the set answers 404 to whoever may not see the cases, rather than
        Wagtail's "permission denied" redirect: the list's existence is not disclosed."""
        view = super().construct_view(view_class, **kwargs)

        def guarded(request, *args, **kwargs):
            if not can_see_cases(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        guarded.view_class = getattr(view, "view_class", None)
        return guarded


case_viewset = CaseViewSet()
