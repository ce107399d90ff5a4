"""Integration keys in /admin/: created by administrators, shown once, revoked, never edited."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from guichet import roles
from guichet.models import ApiToken
from guichet.models.api_token import service_choices


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "scope",
        "service",
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["scope", "service"]
    search_fields = ["name", "prefix"]
    list_select_related = ["user"]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        editable = ["name", "scope", "service", "user", "expires_at"]
        if obj is None:
            return editable
        return [*editable, "prefix", "created_by", "created_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # A key's scope never changes: make a new key instead, and revoke this one.
        return [
            "name",
            "scope",
            "service",
            "user",
            "prefix",
            "created_by",
            "created_at",
            "last_used_at",
            "revoked_at",
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # Accounts of the services (never the citizens' accounts).
            groups = [group for group, _label in service_choices()] + [roles.ADMINISTRATORS]
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(groups__name__in=groups, is_active=True)
                .distinct()
                .order_by("username")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key = obj.set_new_key()
        obj.created_by = request.user
        super().save_model(request, obj, form, change)
        messages.warning(
            request,
            _(
                "Clé de « %(name)s » : %(key)s — copiez-la maintenant et transmettez-la à "
                "l'intégration par un canal sûr : elle ne sera plus jamais affichée."
            )
            % {"name": obj.name, "key": key},
        )

    @admin.action(description=_("Révoquer les clés sélectionnées"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(n)d clé révoquée.", "%(n)d clés révoquées.", count) % {"n": count},
            messages.SUCCESS,
        )
