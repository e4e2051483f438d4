from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from antq.accounts import actions
from antq.accounts.models import ApiToken, RoleAssignment, User
from antq.core.audit import log_action


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["unit"]


def _role_data(obj: RoleAssignment, **extra: Any) -> dict[str, Any]:
    return {"role": obj.role, "unit": obj.unit.key, "active": obj.is_active, "via": "admin", **extra}


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
        # Role changes made in the back office are audited like any other state change. The row's
        # clean() has already applied the same level rule as actions.assign_role.
        if formset.model is not RoleAssignment:
            super().save_formset(request, form, formset, change)
            return
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            log_action(
                obj.user, "accounts.role.revoked", actor=request.user, data=_role_data(obj), request=request
            )
            obj.delete()
        for obj in formset.new_objects:
            obj.save()
            action = "accounts.role.assigned" if obj.is_active else "accounts.role.revoked"
            log_action(obj.user, action, actor=request.user, data=_role_data(obj), request=request)
        for obj, changed in formset.changed_objects:
            obj.save()
            action = "accounts.role.assigned" if obj.is_active else "accounts.role.revoked"
            log_action(
                obj.user,
                action,
                actor=request.user,
                data=_role_data(obj, changed=list(changed)),
                request=request,
            )
        formset.save_m2m()


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["label", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["label", "prefix", "user__username"]
    fields = ("user", "label", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A token is issued on the profile page, where its raw value is shown once to its owner.
        return False

    @admin.action(description=_("Thu hồi các khóa đã chọn"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        tokens = list(queryset.filter(revoked_at__isnull=True).select_related("user"))
        for token in tokens:
            actions.revoke_api_token(token, by=request.user)  # type: ignore[arg-type]
        self.message_user(
            request,
            ngettext("Đã thu hồi %(count)d khóa.", "Đã thu hồi %(count)d khóa.", len(tokens))
            % {"count": len(tokens)},
            messages.SUCCESS,
        )
