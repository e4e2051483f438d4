"""The force overview (issue 4 §6): teams, members, coverage, ages and roles; nation → province → commune.

The national and provincial pages add up `ForceTally` rows (one per commune, recomputed by the
actions) and count residential areas with one grouped query: they never read the 300,000
memberships. The commune page reads its own teams and members (a few hundred rows) grouped by team.
Every page costs the same number of queries whatever the size of the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.forces import rules
from antq.forces.models import ForceTally, Membership, Team
from antq.forces.queries import areas_without_team
from antq.forces.tallies import age_filters
from antq.units.models import ResidentialArea, Unit

if TYPE_CHECKING:
    from antq.units.models import Viewer

AGE_CODES = tuple(code for code, *_rest in rules.AGE_BANDS)
TALLY_FIELDS = ("teams", "areas_covered", "members", "leaders", "deputies", "plain_members", *AGE_CODES)


@dataclass
class ForceCounts:
    """The measures of one row (or of the totals)."""

    areas: int = 0
    areas_covered: int = 0
    teams: int = 0
    members: int = 0
    leaders: int = 0
    deputies: int = 0
    plain_members: int = 0
    age_18_30: int = 0
    age_31_45: int = 0
    age_46_60: int = 0
    age_61_70: int = 0
    age_over_70: int = 0

    def add(self, other: ForceCounts) -> None:
        for f in fields(ForceCounts):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def areas_uncovered(self) -> int:
        return max(self.areas - self.areas_covered, 0)

    @property
    def coverage_percent(self) -> float | None:
        return round(self.areas_covered * 100 / self.areas, 1) if self.areas else None

    @property
    def members_per_team(self) -> float | None:
        return round(self.members / self.teams, 1) if self.teams else None

    @property
    def ages(self) -> list[int]:
        return [getattr(self, code) for code in AGE_CODES]


@dataclass
class ForceRow(ForceCounts):
    """One child: a province, a commune, or a team of the commune page (`unit` None for a team)."""

    key: str = ""
    label: str = ""
    unit: Unit | None = None
    team: Team | None = None


@dataclass
class ForceOverview:
    unit: Unit | None  # None: the top page (the nation, or the highest units the user sees)
    child_level: str  # "province", "commune" or "team"
    rows: list[ForceRow]
    totals: ForceCounts
    crumbs: list[tuple[Unit, bool]] = field(default_factory=list)
    uncovered_areas: list[ResidentialArea] = field(default_factory=list)
    # The yearly ranking's distribution: {"year", "rows": [{"label", "teams", "members"}]}.
    ranking: dict[str, Any] | None = None

    def chart_data(self) -> dict[str, Any]:
        """What the charts draw (rendered with json_script, read by forces/overview.js)."""
        return {
            "labels": [r.label for r in self.rows],
            "series": [
                {"label": str(_("Tổ trưởng")), "data": [r.leaders for r in self.rows]},
                {"label": str(_("Tổ phó")), "data": [r.deputies for r in self.rows]},
                {"label": str(_("Tổ viên")), "data": [r.plain_members for r in self.rows]},
            ],
            "ages": {
                "labels": [label for _code, label, *_rest in rules.AGE_BANDS],
                "label": str(_("Số thành viên theo độ tuổi")),
                "data": self.totals.ages,
            },
        }


def ranking_distribution(unit: Unit | None, user: Viewer) -> dict[str, Any] | None:
    """The latest decided year's ranking in scope: teams and members per level (3 grouped queries).

    Only decided rankings count (a proposal is not a result); a blank level is "not evaluated".
    None when no commune in scope has a decided ranking yet.
    """
    from antq.forces.ranking_models import Level, MemberEvaluation, Ranking, TeamEvaluation

    rankings = Ranking.objects.visible_to(user).filter(status=Ranking.Status.DECIDED)
    if unit is not None:
        rankings = rankings.filter(commune__path__startswith=unit.path)
    year = rankings.aggregate(latest=Max("year"))["latest"]
    if year is None:
        return None
    decided = rankings.filter(year=year).values("pk")
    counts: dict[str, dict[str, int]] = {"teams": {}, "members": {}}
    for key, model in (("teams", TeamEvaluation), ("members", MemberEvaluation)):
        for row in model.objects.filter(ranking__in=decided).values("level").annotate(n=Count("id")):
            counts[key][row["level"]] = row["n"]
    rows = [
        {"label": label, "teams": counts["teams"].get(value, 0), "members": counts["members"].get(value, 0)}
        for value, label in [*Level.choices, ("", _("Không đánh giá"))]
    ]
    return {"year": year, "rows": rows}


def top_units(user: Viewer) -> list[Unit]:
    """The highest current units the user sees: the provinces, else their own communes."""
    visible = Unit.objects.visible_to(user).current().filter(is_legacy=False)
    provinces = list(visible.filter(level=Unit.Level.PROVINCE).order_by("name_folded"))
    if provinces:
        return provinces
    return list(visible.filter(level=Unit.Level.COMMUNE).order_by("name_folded"))


def _unit_rows(children: list[Unit]) -> list[ForceRow]:
    """Rows of provinces or communes from the tallies and the area counts (2 grouped queries)."""
    if not children:
        return []
    ids = [c.pk for c in children]
    if children[0].level == Unit.Level.PROVINCE:
        tally_group, tallies = "province_id", ForceTally.objects.filter(province_id__in=ids)
        area_group = "commune__parent_id"
        areas = ResidentialArea.objects.filter(commune__parent_id__in=ids)
    else:
        tally_group, tallies = "commune_id", ForceTally.objects.filter(commune_id__in=ids)
        area_group, areas = "commune_id", ResidentialArea.objects.filter(commune_id__in=ids)
    summed = {
        row.pop(tally_group): row
        for row in tallies.values(tally_group).annotate(**{f: Sum(f) for f in TALLY_FIELDS}).order_by()
    }
    area_counts = dict(
        areas.filter(valid_to__isnull=True)
        .values(area_group)
        .annotate(n=Count("id"))
        .values_list(area_group, "n")
    )
    rows = []
    for unit in children:
        row = ForceRow(key=unit.key, label=unit.name, unit=unit, areas=area_counts.get(unit.pk, 0))
        for name, value in summed.get(unit.pk, {}).items():
            setattr(row, name, value or 0)
        rows.append(row)
    return rows


def _team_rows(commune: Unit, user: Viewer) -> list[ForceRow]:
    """The commune's active teams with their members by role and age band (one grouped query)."""
    role = Membership.Role
    active = Q(memberships__left_on__isnull=True)
    ages = {
        code: Count("memberships", filter=active & q)
        for code, q in age_filters(timezone.localdate(), prefix="memberships__").items()
    }
    teams = (
        Team.objects.active()
        .visible_to(user)
        .filter(commune=commune)
        .select_related("residential_area")
        .annotate(
            n_members=Count("memberships", filter=active),
            n_leaders=Count("memberships", filter=active & Q(memberships__role=role.LEADER)),
            n_deputies=Count("memberships", filter=active & Q(memberships__role=role.DEPUTY)),
            n_plain=Count("memberships", filter=active & Q(memberships__role=role.MEMBER)),
            **ages,
        )
        .order_by("name_folded")
    )
    return [
        ForceRow(
            key=str(t.pk),
            label=t.name,
            team=t,
            teams=1,
            members=t.n_members,
            leaders=t.n_leaders,
            deputies=t.n_deputies,
            plain_members=t.n_plain,
            **{code: getattr(t, code) for code in AGE_CODES},
        )
        for t in teams
    ]


def force_overview(unit: Unit | None, user: Viewer) -> ForceOverview:
    """The overview of the children of `unit` (None or the nation: the top page).

    The caller has checked that `unit` is visible to `user`; the children are scoped again, so a
    province officer's top page holds only their province.
    """
    if unit is None or unit.level == Unit.Level.NATIONAL:
        children = top_units(user)
        rows = _unit_rows(children)
        level = "province" if children and children[0].level == Unit.Level.PROVINCE else "commune"
        return ForceOverview(None, level, rows, _totals(rows), ranking=ranking_distribution(None, user))
    if unit.level == Unit.Level.PROVINCE:
        children = list(
            Unit.objects.visible_to(user)
            .current()
            .filter(parent=unit, level=Unit.Level.COMMUNE, is_legacy=False)
            .order_by("name_folded")
        )
        rows = _unit_rows(children)
        return ForceOverview(
            unit,
            "commune",
            rows,
            _totals(rows),
            _crumbs(unit, user),
            ranking=ranking_distribution(unit, user),
        )
    return _commune_overview(unit, user)


def _commune_overview(commune: Unit, user: Viewer) -> ForceOverview:
    rows = _team_rows(commune, user)
    totals = _totals(rows)
    areas = ResidentialArea.objects.filter(commune=commune, valid_to__isnull=True)
    totals.areas = areas.count()
    uncovered = list(areas_without_team(commune).order_by("name_folded"))
    totals.areas_covered = totals.areas - len(uncovered)
    return ForceOverview(
        commune,
        "team",
        rows,
        totals,
        _crumbs(commune, user),
        uncovered_areas=uncovered,
        ranking=ranking_distribution(commune, user),
    )


def _totals(rows: list[ForceRow]) -> ForceCounts:
    totals = ForceCounts()
    for row in rows:
        totals.add(row)
    return totals


def _crumbs(unit: Unit, user: Viewer) -> list[tuple[Unit, bool]]:
    """Ancestors below the nation, each flagged with whether the user may open its overview (2 queries)."""
    ancestors = list(
        Unit.objects.filter(path__in=unit.ancestor_paths())
        .exclude(level=Unit.Level.NATIONAL)
        .order_by("path")
    )
    if not ancestors:
        return []
    visible = set(
        Unit.objects.visible_to(user).filter(pk__in=[a.pk for a in ancestors]).values_list("pk", flat=True)
    )
    return [(a, a.pk in visible) for a in ancestors]
