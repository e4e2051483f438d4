from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from antq.accounts.models import ApiToken, RoleAssignment, User
from antq.core.audit import log_action


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    inlines = [RoleInline]
    list_display = ["username", "full_name", "email", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Thông tin cán bộ"), {"fields": ["full_name", "phone"]}),
    )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # Role changes made in the back office are audited like any other state change.
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            log_action(obj.user, "accounts.role.revoked", actor=request.user,
                       data={"role": obj.role, "unit": obj.unit.key}, request=request)
            obj.delete()
        for obj in instances:
            obj.save()
            log_action(obj.user, "accounts.role.assigned", actor=request.user,
                       data={"role": obj.role, "unit": obj.unit.key, "active": obj.is_active}, request=request)
        formset.save_m2m()


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["label", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["digest", "prefix", "created_at", "last_used_at"]
