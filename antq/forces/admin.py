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


# The ranking's rules and checklists are data the national administrator edits here.
from antq.forces.ranking_models import Ranking, RankingCriterion, RankingRule  # noqa: E402


@admin.register(RankingRule)
class RankingRuleAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "excellent_cap_percent",
        "cap_base",
        "rounding",
        "min_months",
        "needs_verification",
    ]


@admin.register(RankingCriterion)
class RankingCriterionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "subject", "level", "method", "needs_verification"]
    list_filter = ["subject", "level", "needs_verification"]


@admin.register(Ranking)
class RankingAdmin(SimpleHistoryAdmin):
    list_display = ["commune", "year", "status", "decision_number", "decided_on"]
    list_filter = ["status", "year"]
    raw_id_fields = ["commune", "decided_by"]
    list_select_related = ["commune"]
    # Decisions change only through the actions (audited, row-locked): read-only here.
    readonly_fields = [f.name for f in Ranking._meta.fields]
