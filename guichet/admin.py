from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from guichet import audit, communes
from guichet.models import (
    AuditEntry,
    Commune,
    CommuneDeparture,
    DispatchBatch,
    DocumentRequest,
    IssuedDocument,
    KindSettings,
    Purpose,
)
from guichet.models.commune import ADMINISTRATIVE_LANGUAGE_CHOICES
from guichet.niss import mask

admin.site.site_header = _("Administration du guichet")
admin.site.site_title = _("Administration du guichet")
admin.site.index_title = _("Administration technique")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that only services may write: visible here, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(KindSettings)
class KindSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "active",
        "base_fee",
        "announced_delay_days",
        "validity_days",
        "signatory_name",
        "signatory_function",
    ]
    list_editable = ["active", "base_fee", "announced_delay_days", "validity_days"]
    fieldsets = [
        (None, {"fields": ["kind", "active"]}),
        (_("Prix et délais"), {"fields": ["base_fee", "announced_delay_days", "validity_days"]}),
        (
            _("Signataire du document"),
            {
                "fields": ["signatory_formula", "signatory_name", "signatory_function"],
                "description": _(
                    "Qui délivre ce document : imprimé au pied de chaque exemplaire délivré."
                ),
            },
        ),
    ]
    readonly_fields = ["kind"]

    def has_add_permission(self, request):
        return False  # rows come from the registered kinds

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Purpose)
class PurposeAdmin(admin.ModelAdmin):
    list_display = [
        "label",
        "kind",
        "free",
        "supplement",
        "needs_explanation",
        "position",
        "active",
    ]
    list_editable = ["free", "supplement", "needs_explanation", "position", "active"]
    list_filter = ["kind", "free", "active"]
    search_fields = ["label", "code"]


@admin.register(DocumentRequest)
class DocumentRequestAdmin(ReadOnlyAdmin):
    list_display = ["reference", "kind", "state", "channel", "submitted_at", "issued_at"]
    list_filter = ["kind", "state", "channel"]
    search_fields = ["reference"]
    date_hierarchy = "submitted_at"
    exclude = ["applicant_niss", "subject_niss"]
    readonly_fields = ["masked_applicant_niss", "masked_subject_niss"]

    @admin.display(description=_("NISS du demandeur"))
    def masked_applicant_niss(self, obj):
        return mask(obj.applicant_niss)

    @admin.display(description=_("NISS de la personne concernée"))
    def masked_subject_niss(self, obj):
        return mask(obj.subject_niss)


@admin.register(DispatchBatch)
class DispatchBatchAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "created_at", "created_by", "posted_at", "posted_by"]
    date_hierarchy = "created_at"


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["verification_code", "kind", "issued_at", "valid_until", "revoked_at"]
    list_filter = ["kind"]
    search_fields = ["verification_code"]
    exclude = ["file"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "sentence", "request", "from_state", "to_state"]
    list_filter = ["action"]
    search_fields = ["request__reference", "actor_label"]
    list_select_related = ["request"]

    @admin.display(description=_("action"))
    def sentence(self, obj):
        return audit.clerk_sentence(obj)


@admin.register(CommuneDeparture)
class CommuneDepartureAdmin(admin.ModelAdmin):
    """Communes that left (manage.py erase_commune): read only, for the intercommunale's
    technical administrators."""

    list_display = ["name", "slug", "nis_code", "erased_at", "operator"]
    readonly_fields = [
        "slug",
        "name",
        "nis_code",
        "commune_number",
        "hosts",
        "erased_at",
        "operator",
        "archive_sha256",
        "archive_created_at",
        "counts",
        "files",
        "deactivated_accounts",
    ]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CommuneForm(forms.ModelForm):
    """The administrative languages as boxes to tick (the model keeps "fr,de"). Which
    documents the commune offers online is said by its kinds' settings ("proposé en ligne"),
    the one place every page reads it from."""

    administrative_languages = forms.MultipleChoiceField(
        label=_("langues administratives"),
        choices=ADMINISTRATIVE_LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Les langues dans lesquelles la commune délivre ses documents : français en "
            "Wallonie, allemand en Communauté germanophone, français et néerlandais à "
            "Bruxelles, les deux langues dans une commune à facilités. Jamais l'anglais."
        ),
        error_messages={"required": _("Cochez au moins une langue administrative.")},
    )

    class Meta:
        model = Commune
        fields = ["administrative_languages"]  # the admin adds its fieldsets' fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["administrative_languages"] = self.instance.language_codes

    def clean_administrative_languages(self):
        chosen = self.cleaned_data["administrative_languages"]
        order = [code for code, _label in ADMINISTRATIVE_LANGUAGE_CHOICES]
        return ",".join(code for code in order if code in chosen)


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    """The intercommunale's technical administrators (superusers) see and add every commune
    (`manage.py create_commune` builds a new one's site); a commune's own administrators see
    and edit theirs only, on its host (the default manager would not fence this model: the
    queryset says so here)."""

    form = CommuneForm
    list_display = ["name", "nis_code", "primary_host", "administrative_languages", "active"]
    search_fields = ["name", "nis_code", "hosts"]
    readonly_fields = ["slug", "nis_code", "site", "created_at"]
    fieldsets = [
        (_("Identité"), {"fields": ["name", "place", "slug", "nis_code", "colour"]}),
        (_("Adresses"), {"fields": ["hosts", "site_url", "site"]}),
        (_("Coordonnées"), {"fields": ["address", "phone", "email", "hours"]}),
        (_("Documents"), {"fields": ["administrative_languages"]}),
        (
            _("Virements"),
            {"fields": ["payment_iban", "payment_bic", "payment_beneficiary"]},
        ),
        (_("Service"), {"fields": ["active", "created_at"]}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        current = communes.current()
        return queryset.filter(pk=current.pk if current else None)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["hosts", "site_url", "active"]
        return fields

    def has_add_permission(self, request):
        return False  # manage.py create_commune: a commune needs its site and groups too

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        communes.forget()
