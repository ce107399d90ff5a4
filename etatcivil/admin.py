from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

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

    def get_readonly_fields(self, request, obj=None):
        # Digitising an existing act goes through the service (audited), not a checkbox:
        # typing its BAEC reference on a paper act records the digitisation.
        readonly = ["digitised_at", "digitised_by"]
        if obj is None:
            return [*readonly, "baec_reference"]
        if obj.digitised:
            return ["digitised", "baec_reference", *readonly]
        return ["digitised", *readonly]

    def save_model(self, request, obj, form, change):
        reference = obj.baec_reference if change and not obj.digitised else ""
        if reference:
            obj.baec_reference = ""
        super().save_model(request, obj, form, change)
        if not reference:
            return
        try:
            act_mark_digitised(act=obj, by=request.user, baec_reference=reference)
        except ActionRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            obj.refresh_from_db()
            self.message_user(
                request,
                _("Numérisation enregistrée (référence BAEC %(reference)s).")
                % {"reference": obj.baec_reference},
                messages.SUCCESS,
            )


@admin.register(MarginalMention)
class MarginalMentionAdmin(RegisterImportMixin, admin.ModelAdmin):
    resource_classes = [MarginalMentionResource]
    list_display = ["act", "date", "nature"]
    list_filter = ["nature"]
    search_fields = ["act__last_name", "=act__year", "=act__number", "text"]
    list_select_related = ["act"]
