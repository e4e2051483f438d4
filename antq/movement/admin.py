"""Back office: read-only views of the movement rows (they change through the audited actions)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from antq.movement.models import Document, SteeringCommittee, Task


class ReadOnly(SimpleHistoryAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SteeringCommittee)
class SteeringCommitteeAdmin(ReadOnly):
    list_display = ["name", "unit", "decision_number", "decision_date"]
    list_select_related = ["unit"]
    search_fields = ["unit__name_folded", "decision_number"]


@admin.register(Document)
class DocumentAdmin(ReadOnly):
    list_display = ["number_text", "doc_type", "issuer_unit", "issued_on", "subject"]
    list_filter = ["doc_type", "year"]
    list_select_related = ["issuer_unit"]
    search_fields = ["number_text", "subject_folded"]


@admin.register(Task)
class TaskAdmin(ReadOnly):
    list_display = ["title", "plan", "unit", "deadline", "progress"]
    list_select_related = ["plan", "unit"]
    raw_id_fields = ["plan", "unit"]
