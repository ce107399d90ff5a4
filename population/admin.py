from django.contrib import admin
from django.contrib.admin.widgets import AdminTextInputWidget
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX

from guichet.fields import NationalNumberField
from guichet.niss import compact, mask
from population.models import (
    Address,
    CriminalRecordEntry,
    Household,
    Membership,
    Person,
    PretrialDetention,
)
from population.resources import (
    CriminalRecordEntryResource,
    HouseholdResource,
    MembershipResource,
    PersonResource,
)


class NationalNumberAdminMixin:
    """National numbers typed in the admin: the project's one field (the number as printed
    on the card is accepted, check digits and birth date are checked, stored as 11 digits),
    and a search by a formatted number finds the person."""

    # Model field name -> whether a BIS number is accepted there.
    national_number_fields = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.national_number_fields:
            kwargs.setdefault("widget", AdminTextInputWidget)
            return db_field.formfield(
                form_class=NationalNumberField,
                allow_bis=self.national_number_fields[db_field.name],
                **kwargs,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        number = compact(search_term)
        if len(number) == 11 and number.isdigit():
            search_term = number
        return super().get_search_results(request, queryset, search_term)


class RegisterImportMixin(ImportMixin):
    """Import from CSV or XLSX with a dry-run preview; only for clerks who may both add and
    change the register's rows (import-export itself asks for no permission by default)."""

    import_formats = [CSV, XLSX]

    def has_import_permission(self, request):
        opts = self.opts
        return all(
            request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
            for action in ("add", "change")
        )


@admin.register(Person)
class PersonAdmin(NationalNumberAdminMixin, RegisterImportMixin, admin.ModelAdmin):
    national_number_fields = {"niss": False}
    resource_classes = [PersonResource]
    list_display = ["last_name", "first_names", "masked_niss", "birth_date", "nationality"]
    search_fields = ["last_name", "first_names", "=niss"]
    list_filter = ["sex", "nationality"]

    @admin.display(description="NISS")
    def masked_niss(self, obj):
        return mask(obj.niss)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Household)
class HouseholdAdmin(RegisterImportMixin, admin.ModelAdmin):
    resource_classes = [HouseholdResource]
    list_display = ["code", "address", "reference_person"]
    search_fields = ["code", "address__street"]
    inlines = [MembershipInline]
    autocomplete_fields = ["reference_person", "address"]
    list_select_related = ["address", "reference_person"]


@admin.register(Membership)
class MembershipAdmin(NationalNumberAdminMixin, RegisterImportMixin, admin.ModelAdmin):
    resource_classes = [MembershipResource]
    list_display = ["household", "person", "relationship", "start_date", "end_date"]
    list_filter = ["relationship"]
    search_fields = ["household__code", "person__last_name", "=person__niss"]
    autocomplete_fields = ["person", "household"]
    list_select_related = ["household", "person"]


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["street", "number", "box", "postcode", "city"]
    search_fields = ["street", "city", "postcode"]


@admin.register(CriminalRecordEntry)
class CriminalRecordEntryAdmin(NationalNumberAdminMixin, RegisterImportMixin, admin.ModelAdmin):
    resource_classes = [CriminalRecordEntryResource]
    list_display = [
        "reference",
        "person",
        "court",
        "decision_date",
        "on_595",
        "on_596_1",
        "on_596_2",
        "effaced",
    ]
    list_filter = ["effaced", "on_595", "on_596_1", "on_596_2"]
    search_fields = ["reference", "person__last_name", "=person__niss"]
    autocomplete_fields = ["person"]
    list_select_related = ["person"]


@admin.register(PretrialDetention)
class PretrialDetentionAdmin(NationalNumberAdminMixin, admin.ModelAdmin):
    list_display = ["person", "since", "ended_on"]
    search_fields = ["person__last_name", "=person__niss"]
    autocomplete_fields = ["person"]
    list_select_related = ["person"]
    fieldsets = [
        (
            None,
            {
                "fields": ["person", "since", "ended_on"],
                "description": _(
                    "Tant que la détention dure, aucun extrait de casier judiciaire modèle "
                    "596.2 n'est délivré à cette personne."
                ),
            },
        )
    ]
