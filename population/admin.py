from django.contrib import admin

from guichet.niss import mask
from population.models import Address, Household, Membership, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
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
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["code", "address", "reference_person"]
    search_fields = ["code", "address__street"]
    inlines = [MembershipInline]
    autocomplete_fields = ["reference_person", "address"]
    list_select_related = ["address", "reference_person"]


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["street", "number", "box", "postcode", "city"]
    search_fields = ["street", "city", "postcode"]
