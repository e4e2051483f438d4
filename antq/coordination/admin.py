"""Back office: read and repair; the pages and API go through the actions."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from antq.coordination.models import InspectedUnit, Inspection, InspectionRequest, Programme, ProgrammeParty


class PartyInline(admin.TabularInline):
    model = ProgrammeParty
    raw_id_fields = ["unit"]
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "owner", "level", "signed_on", "deploys"]
    list_filter = ["level", "kind"]
    search_fields = ["number", "title"]
    raw_id_fields = ["owner", "deploys"]
    list_select_related = ["owner", "deploys"]
    inlines = [PartyInline]


class InspectedInline(admin.TabularInline):
    model = InspectedUnit
    raw_id_fields = ["unit"]
    fields = ["unit", "findings_on"]
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ["plan_number", "title", "inspector", "planned_from", "planned_to"]
    search_fields = ["plan_number", "title"]
    raw_id_fields = ["inspector"]
    list_select_related = ["inspector"]
    inlines = [InspectedInline]


@admin.register(InspectionRequest)
class InspectionRequestAdmin(SimpleHistoryAdmin):
    list_display = ["text", "inspected", "deadline", "status", "completed_on"]
    list_filter = ["status"]
    raw_id_fields = ["inspected"]
    list_select_related = ["inspected__unit", "inspected__inspection"]
