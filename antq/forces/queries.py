"""Read models of the force's screens and API: a constant number of queries whatever the roster size."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Sum, Value, When

from antq.forces import rules
from antq.forces.actions import applicant
from antq.forces.models import ForceTally, Membership, Team, TeamSizeRule
from antq.units.models import ResidentialArea, Unit
from antq.units.queries import subtree_totals

ACTIVE = Q(memberships__left_on__isnull=True)

# Leader, deputies, then members: the order of the official lists (the codes sort differently).
ROLE_ORDER = Case(
    *(When(role=role, then=Value(i)) for i, role in enumerate(Membership.Role.values)),
    output_field=IntegerField(),
)


def teams_with_counts(teams: QuerySet[Team]) -> QuerySet[Team]:
    """Teams with their active members counted by role, in one grouped query."""
    return teams.select_related("residential_area").annotate(
        active_count=Count("memberships", filter=ACTIVE),
        leader_count=Count("memberships", filter=ACTIVE & Q(memberships__role=Membership.Role.LEADER)),
        deputy_count=Count("memberships", filter=ACTIVE & Q(memberships__role=Membership.Role.DEPUTY)),
        member_count=Count("memberships", filter=ACTIVE & Q(memberships__role=Membership.Role.MEMBER)),
    )


def role_counts(team: Any) -> dict[str, int]:
    return {
        Membership.Role.LEADER: team.leader_count,
        Membership.Role.DEPUTY: team.deputy_count,
        Membership.Role.MEMBER: team.member_count,
    }


def size_problems(team: Any, rule: TeamSizeRule | None) -> list[str]:
    """Team-size warnings of an annotated team against the rule in force (none without a rule)."""
    if rule is None or not team.is_active:
        return []
    return rules.team_size_problems(
        role_counts(team), min_members=rule.min_members, max_members=rule.max_members
    )


def areas_without_team(commune: Unit) -> QuerySet[ResidentialArea]:
    """Current residential areas of the commune that no active team serves."""
    served = Team.objects.active().filter(residential_area=OuterRef("pk"))
    return ResidentialArea.objects.filter(commune=commune, valid_to__isnull=True).exclude(Exists(served))


@dataclass(frozen=True)
class MemberRow:
    """A member on a team page with the eligibility problems found on the reference day."""

    membership: Membership
    problems: list[rules.Problem]


def member_rows(team: Team, *, on: dt.date, active: bool = True) -> list[MemberRow]:
    """Active (or former) members of a team with their eligibility on `on` (one query)."""
    memberships = (
        Membership.objects.filter(team=team, left_on__isnull=active)
        .select_related("person")
        .order_by(ROLE_ORDER, "person__name_folded", "pk")
    )
    if not active:
        memberships = memberships.order_by("-left_on", "pk")
    difficult = team.commune.difficult_area
    return [
        MemberRow(
            m,
            rules.eligibility(
                applicant(m.person, age_exception_decision_ref=m.age_exception_decision_ref),
                on=on,
                difficult_area=difficult,
            )
            if active
            else [],
        )
        for m in memberships
    ]


def search_members(commune: Unit, text: str) -> QuerySet[Membership]:
    """Active members of the commune whose name matches `text` without regard to diacritics."""
    from antq.core.text import fold

    needle = fold(text)
    return (
        Membership.objects.active()
        .filter(team__commune=commune, person__name_folded__contains=needle)
        .select_related("person", "team")
        .order_by("person__name_folded", "pk")
    )


@dataclass(frozen=True)
class ServiceRecord:
    """An active member of a team under a unit, with every period the person served in any team."""

    person: Any
    role_label: str
    team_name: str
    commune_name: str
    periods: list[tuple[dt.date, dt.date | None, bool]]  # (joined, left, especially difficult area)


def service_records(unit: Unit) -> list[ServiceRecord]:
    """Active members of the teams in `unit`'s subtree with all their periods (two queries)."""
    members = Membership.objects.active().filter(team__commune__path__startswith=unit.path)
    active = list(members.select_related("person", "team__commune").order_by("person__name_folded", "pk"))
    periods: dict[int, list[tuple[dt.date, dt.date | None, bool]]] = {}
    for joined, left, difficult, person_id in (
        Membership.objects.filter(person__in=members.values("person_id"))
        .order_by("joined_on")
        .values_list("joined_on", "left_on", "team__commune__difficult_area", "person_id")
    ):
        periods.setdefault(person_id, []).append((joined, left, difficult))
    return [
        ServiceRecord(
            m.person, m.get_role_display(), m.team.name, m.team.commune.name, periods.get(m.person_id, [])
        )
        for m in active
    ]


# --- Indicators (dashboards, reports) ------------------------------------------------------------

TALLY_MEASURES = ("teams", "areas_covered", "members", "leaders", "deputies", "plain_members")


def subtree_counts(units: Sequence[Unit]) -> dict[int, dict[str, int]]:
    """Today's force of each unit's subtree from the commune tallies, with its residential areas.

    Two grouped queries per level among `units`: `ForceTally` sums and current residential areas
    (`areas`). The tallies hold the present only: there is no force figure for a past date.
    """
    rows = subtree_totals(
        ForceTally.objects.all(),
        units,
        {name: Sum(name) for name in TALLY_MEASURES},
        province="province_id",
        commune="commune_id",
    )
    areas = subtree_totals(
        ResidentialArea.objects.filter(valid_to__isnull=True),
        units,
        {"areas": Count("id")},
        province="commune__parent_id",
        commune="commune_id",
    )
    found: dict[int, dict[str, int]] = {}
    for unit in units:
        row = {k: v or 0 for k, v in rows.get(unit.pk, {}).items()}
        row["areas"] = areas.get(unit.pk, {}).get("areas") or 0
        found[unit.pk] = row
    return found


def subtree_rankings(units: Sequence[Unit], year: int) -> dict[int, dict[str, int]]:
    """Teams evaluated in the decided rankings of `year` by level, per unit subtree (one query a level)."""
    from antq.forces.ranking_models import Level, Ranking, TeamEvaluation

    measures: dict[str, Any] = {"ranked": Count("id", filter=~Q(level=""))}
    for level in Level.values:
        measures[level] = Count("id", filter=Q(level=level))
    rows = subtree_totals(
        TeamEvaluation.objects.filter(ranking__year=year, ranking__status=Ranking.Status.DECIDED),
        units,
        measures,
        province="ranking__commune__parent_id",
        commune="ranking__commune_id",
    )
    return {pk: {k: v or 0 for k, v in row.items()} for pk, row in rows.items()}


def attention_rankings(user: Any, today: dt.date, limit: int) -> Any:
    """Last year's team rankings still undecided in the user's scope, to decide by 31/01 (2 queries).

    The deadline is a reminder date (UNCONFIRMED), not a rule the ranking enforces.
    """
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from antq.core.attention import Found, Item
    from antq.forces.ranking_models import Ranking

    if not getattr(user, "is_authenticated", False):
        return Found()
    year = today.year - 1 if today.month == 1 else today.year
    drafts = (
        Ranking.objects.visible_to(user)
        .filter(year=year, status=Ranking.Status.DRAFT)
        .select_related("commune")
        .order_by("commune__name")
    )
    total = drafts.count()
    due = dt.date(year + 1, 1, 31)
    items = [
        Item(
            title=_("Quyết định xếp loại tổ bảo vệ ANTT năm %(y)s") % {"y": year},
            url=reverse("forces:ranking", args=[r.commune.key, year]),
            due=due,
            detail=r.commune.name,
        )
        for r in drafts[:limit]
    ]
    return Found(items, total)
