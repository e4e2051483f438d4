"""Back office: the festival's data (rules row, programme catalogue) is edited here by the national
administrator; campaigns, events and results are read and repaired, the pages and API go through the
actions."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from antq.festival.models import Campaign, Event, EventResult, ProgrammeItem, RuleSet


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["__str__", "window_start_day", "window_start_month", "window_end_day", "window_end_month"]


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(admin.ModelAdmin):
    list_display = ["name", "part", "code", "position"]
    list_filter = ["part"]


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ["year", "province", "plan_number", "start_date", "end_date", "report_due"]
    list_filter = ["year"]
    raw_id_fields = ["province"]
    list_select_related = ["province"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "campaign", "commune", "host_type", "date", "is_pilot_point"]
    list_filter = ["host_type", "is_pilot_point"]
    raw_id_fields = ["campaign", "commune", "area", "organisation"]
    list_select_related = ["campaign__province", "commune", "area", "organisation"]


@admin.register(EventResult)
class EventResultAdmin(SimpleHistoryAdmin):
    list_display = ["event", "reported_on", "participants"]
    raw_id_fields = ["event", "reported_by"]
    list_select_related = ["event__commune", "event__area", "event__organisation"]
