from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from etatcivil.models import BirthAct, MarginalMention
from etatcivil.resources import BirthActResource, MarginalMentionResource
from etatcivil.services import act_mark_digitised
from guichet.refusals import ActionRefused
from population.admin import NationalNumberAdminMixin, RegisterImportMixin


class MarginalMentionInline(admin.StackedInline):
    model = MarginalMention
    extra = 0


@admin.register(BirthAct)
class BirthActAdmin(NationalNumberAdminMixin, RegisterImportMixin, admin.ModelAdmin):
    resource_classes = [BirthActResource]
    # A parent who is not in the national register is known by a BIS number.
    national_number_fields = {"parent1_niss": True, "parent2_niss": True}
    list_display = [
        "year",
        "number",
        "commune",
        "last_name",
        "first_names",
        "birth_date",
        "digitised",
    ]
    list_filter = ["digitised", "commune", "year"]
    search_fields = ["last_name", "first_names", "=year", "=number"]
    autocomplete_fields = ["person"]
    list_select_related = ["person"]
    inlines = [MarginalMentionInline]
    actions = ["mark_digitised"]

    def get_readonly_fields(self, request, obj=None):
        # Digitising an existing act goes through the service (audited), not a checkbox.
        readonly = ["digitised_at", "digitised_by"]
        return ["digitised", *readonly] if obj is not None else readonly

    @admin.action(description=_("Enregistrer la numérisation des actes sélectionnés (BAEC)"))
    def mark_digitised(self, request, queryset):
        done = 0
        for act in queryset.filter(digitised=False):
            try:
                act_mark_digitised(act=act, by=request.user)
            except ActionRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
                return
            done += 1
        self.message_user(
            request,
            ngettext(
                "%(n)s acte enregistré comme numérisé.",
                "%(n)s actes enregistrés comme numérisés.",
                done,
            )
            % {"n": done},
            messages.SUCCESS,
        )


@admin.register(MarginalMention)
class MarginalMentionAdmin(RegisterImportMixin, admin.ModelAdmin):
    resource_classes = [MarginalMentionResource]
    list_display = ["act", "date", "nature"]
    list_filter = ["nature"]
    search_fields = ["act__last_name", "=act__year", "=act__number", "text"]
    list_select_related = ["act"]
