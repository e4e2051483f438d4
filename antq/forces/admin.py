from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from antq.forces.models import Membership, Person, Team, TeamSizeRule


@admin.register(TeamSizeRule)
class TeamSizeRuleAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "valid_from", "valid_to", "legal_basis", "needs_verification"]
    list_filter = ["needs_verification"]
    raw_id_fields = ["province"]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "commune", "residential_area", "status", "established_on"]
    list_filter = ["status"]
    search_fields = ["name_folded"]
    raw_id_fields = ["commune", "residential_area"]
    list_select_related = ["commune", "residential_area"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "commune", "date_of_birth"]
    search_fields = ["name_folded", "citizen_id"]
    raw_id_fields = ["commune"]
    list_select_related = ["commune"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "team", "role", "joined_on", "left_on", "leave_ground"]
    list_filter = ["role", "leave_ground"]
    raw_id_fields = ["team", "person"]
    list_select_related = ["person", "team"]
