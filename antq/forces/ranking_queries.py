"""The ranking board of a commune and year: who is ranked, the checklists, and every violation.

One read model serves the page, the API, the decision action and the benchmark, with a constant
number of queries whatever the number of teams: the rules themselves are in `rules.py`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Q, Sum, Value, When
from django.utils.translation import gettext as _

from antq.forces import rules
from antq.forces.models import Membership, Team
from antq.forces.ranking_models import (
    Level,
    MemberEvaluation,
    Ranking,
    RankingCriterion,
    RankingRule,
    TeamEvaluation,
    TeamTaskCount,
)
from antq.units.models import Unit

BAD_GROUNDS = (Membership.LeaveGround.NON_PERFORMANCE, Membership.LeaveGround.LEGAL_PROCEEDINGS)
DEFAULT_TASK_THRESHOLD = Decimal("0.95")
# Leader, deputies, members: the order of the printed list (the role codes do not sort that way).
ROLE_ORDER = Case(
    When(role=Membership.Role.LEADER, then=Value(0)),
    When(role=Membership.Role.DEPUTY, then=Value(1)),
    default=Value(2),
)


@dataclass(frozen=True)
class CriterionCheck:
    """A criterion of a checklist and whether it is met (computed, or ticked by the officer)."""

    criterion: RankingCriterion
    met: bool
    detail: str = ""

    @property
    def computed(self) -> bool:
        return self.criterion.method != RankingCriterion.Method.MANUAL


@dataclass
class MemberRank:
    """A member as the ranking sees it: the proposal, or why the member is not evaluated."""

    membership: Membership
    evaluation: MemberEvaluation | None
    reason: str
    acting_leader: bool
    checklist: list[CriterionCheck] = field(default_factory=list)

    @property
    def level(self) -> str:
        return "" if self.reason or self.evaluation is None else self.evaluation.level

    @property
    def evaluated(self) -> bool:
        return not self.reason


@dataclass
class TeamRank:
    """A team as the ranking sees it, with its members, task counts and checklists by level."""

    team: Team
    evaluation: TeamEvaluation | None
    reason: str
    assigned: int
    done: int
    members: list[MemberRank]
    checklists: dict[str, list[CriterionCheck]]

    @property
    def level(self) -> str:
        return "" if self.reason or self.evaluation is None else self.evaluation.level

    @property
    def evaluated(self) -> bool:
        return not self.reason

    @property
    def checklist(self) -> list[CriterionCheck]:
        """The checklist of the proposed level (empty without a proposal)."""
        return self.checklists.get(self.level, [])

    @property
    def levels_checklists(self) -> list[tuple[str, str, list[CriterionCheck]]]:
        return [(code, str(label), self.checklists.get(code, [])) for code, label in Level.choices]


@dataclass
class Board:
    """Everything the ranking page, the API and the decision read about one commune and year."""

    commune: Unit
    year: int
    rule: RankingRule | None
    ranking: Ranking | None
    period: tuple[dt.date, dt.date] | None
    teams: list[TeamRank]
    violations: list[rules.Violation]
    team_counts: dict[str, int]
    member_counts: dict[str, int]
    team_cap: int
    member_cap: int

    @property
    def locked(self) -> bool:
        return self.ranking is not None and self.ranking.is_decided


def _counts(levels: list[str]) -> dict[str, int]:
    counts = dict.fromkeys(rules.LEVEL_ORDER, 0)
    for level in levels:
        if level:
            counts[level] += 1
    return counts


def _checklists(
    criteria: list[RankingCriterion],
    *,
    ticked: set[str],
    no_bad_members: tuple[bool, str],
    tasks: tuple[int, int],
) -> dict[str, list[CriterionCheck]]:
    by_level: dict[str, list[CriterionCheck]] = defaultdict(list)
    assigned, done = tasks
    for c in criteria:
        if c.method == RankingCriterion.Method.NO_BAD_MEMBERS:
            check = CriterionCheck(c, no_bad_members[0], no_bad_members[1])
        elif c.method == RankingCriterion.Method.TASKS_DONE:
            threshold = c.threshold if c.threshold is not None else DEFAULT_TASK_THRESHOLD
            detail = (
                _("Hoàn thành %(done)s/%(assigned)s nhiệm vụ được giao.")
                % {"done": done, "assigned": assigned}
                if assigned
                else _("Chưa nhập số nhiệm vụ được giao trong năm.")
            )
            check = CriterionCheck(
                c, rules.tasks_share_met(assigned=assigned, done=done, threshold=threshold), detail
            )
        else:
            check = CriterionCheck(c, c.code in ticked)
        by_level[c.level].append(check)
    return dict(by_level)


def ranked_teams(commune: Unit, end: dt.date) -> Q:
    """Teams of the commune in existence at the end of the period (dissolved teams before it are not)."""
    return Q(commune=commune, established_on__lte=end) & (
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=end)
    )


def board(commune: Unit, year: int, *, ranking: Ranking | None = None) -> Board:
    """The whole ranking of a commune and year (about nine queries, whatever the number of teams)."""
    rule = RankingRule.for_year(year)
    if ranking is None:
        ranking = Ranking.objects.filter(commune=commune, year=year).first()
    if rule is None:
        return Board(
            commune,
            year,
            None,
            ranking,
            None,
            [],
            [rules.Violation("no_rule", _("Chưa có quy định xếp loại cho năm %(year)s.") % {"year": year})],
            _counts([]),
            _counts([]),
            0,
            0,
        )
    start, end = rule.period(year)
    teams = list(
        Team.objects.filter(ranked_teams(commune, end))
        .select_related("residential_area")
        .order_by("name", "pk")
    )
    memberships = list(
        Membership.objects.filter(team__in=[t.pk for t in teams], joined_on__lte=end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=end))
        .select_related("person")
        .order_by(ROLE_ORDER, "person__name_folded", "pk")
    )
    bad_leavers: dict[int, int] = defaultdict(int)
    for team_id in Membership.objects.filter(
        team__commune=commune, left_on__gte=start, left_on__lte=end, leave_ground__in=BAD_GROUNDS
    ).values_list("team_id", flat=True):
        bad_leavers[team_id] += 1
    tasks = {
        row["team_id"]: (row["assigned"] or 0, row["done"] or 0)
        for row in TeamTaskCount.objects.filter(team__commune=commune, year=year)
        .values("team_id")
        .annotate(assigned=Sum("assigned"), done=Sum("done"))
    }
    team_evals: dict[int, TeamEvaluation] = {}
    member_evals: dict[int, MemberEvaluation] = {}
    if ranking is not None:
        team_evals = {e.team_id: e for e in TeamEvaluation.objects.filter(ranking=ranking)}
        member_evals = {e.membership_id: e for e in MemberEvaluation.objects.filter(ranking=ranking)}
    criteria = list(RankingCriterion.objects.order_by("level", "order", "code"))
    team_criteria = [c for c in criteria if c.subject == RankingCriterion.Subject.TEAM]
    member_criteria = [c for c in criteria if c.subject == RankingCriterion.Subject.MEMBER]

    by_team: dict[int, list[MemberRank]] = defaultdict(list)
    for m in memberships:
        mev = member_evals.get(m.pk)
        reason = rules.not_evaluated_reason(
            start=m.joined_on,
            period_end=end,
            min_months=rule.min_months,
            under_complaint=bool(mev and mev.under_complaint),
            kind="member",
        )
        row = MemberRank(m, mev, reason, m.role == Membership.Role.LEADER)
        ticked = set(mev.criteria_met) if mev else set()
        row.checklist = _checklists(
            [c for c in member_criteria if c.level == row.level],
            ticked=ticked,
            no_bad_members=(True, ""),
            tasks=(0, 0),
        ).get(row.level, [])
        by_team[m.team_id].append(row)

    rows: list[TeamRank] = []
    for team in teams:
        ev = team_evals.get(team.pk)
        team.commune = commune
        members = by_team.get(team.pk, [])
        if not any(r.acting_leader for r in members):
            # No leader: the deputies stand in (HD 01 "tổ phó được giao phụ trách"; which deputy is in
            # charge is not recorded, so each is held to the rule).
            for r in members:
                r.acting_leader = r.membership.role == Membership.Role.DEPUTY
        reason = rules.not_evaluated_reason(
            start=team.established_on,
            period_end=end,
            min_months=rule.min_months,
            under_complaint=bool(ev and ev.under_complaint),
            kind="team",
        )
        failed = [r for r in members if r.level == Level.NOT_COMPLETED]
        bad = bad_leavers.get(team.pk, 0)
        if bad or failed:
            parts = []
            if bad:
                parts.append(
                    _("%(n)s thành viên bị cho thôi theo điểm c, d khoản 3 Điều 17 trong kỳ.") % {"n": bad}
                )
            if failed:
                parts.append(
                    _("%(n)s thành viên được đề xuất “Không hoàn thành nhiệm vụ”.") % {"n": len(failed)}
                )
            no_bad = (False, " ".join(parts))
        else:
            no_bad = (True, _("Không có thành viên vi phạm hoặc không hoàn thành nhiệm vụ."))
        assigned, done = tasks.get(team.pk, (0, 0))
        checklists = _checklists(
            team_criteria,
            ticked=set(ev.criteria_met) if ev else set(),
            no_bad_members=no_bad,
            tasks=(assigned, done),
        )
        rows.append(TeamRank(team, ev, reason, assigned, done, members, checklists))

    return _judge(commune, year, rule, ranking, (start, end), rows)


def _judge(
    commune: Unit,
    year: int,
    rule: RankingRule,
    ranking: Ranking | None,
    period: tuple[dt.date, dt.date],
    rows: list[TeamRank],
) -> Board:
    violations: list[rules.Violation] = []
    team_levels = [r.level for r in rows if r.evaluated]
    member_levels = [m.level for r in rows for m in r.members if m.evaluated]
    team_counts, member_counts = _counts(team_levels), _counts(member_levels)
    caps = {}
    for subject, counts in (("team", team_counts), ("member", member_counts)):
        good, excellent = counts[rules.GOOD], counts[rules.EXCELLENT]
        percent, base, rounding = rule.excellent_cap_percent, rule.cap_base, rule.rounding
        caps[subject] = rules.excellent_cap(
            good=good, excellent=excellent, percent=percent, base=base, rounding=rounding
        )
        cap = rules.cap_violation(
            subject=subject, good=good, excellent=excellent, percent=percent, base=base, rounding=rounding
        )
        if cap is not None:
            violations.append(cap)
    for r in rows:
        if r.evaluated and not r.level:
            violations.append(
                rules.Violation(
                    "team_level_missing",
                    _("Chưa đề xuất mức xếp loại cho “%(team)s”.") % {"team": r.team.name},
                    team_id=r.team.pk,
                )
            )
        unmet = [c for c in r.checklist if not c.met and not c.criterion.needs_verification]
        if unmet:
            violations.append(
                rules.Violation(
                    "team_criteria",
                    _("“%(team)s” chưa đạt tiêu chí %(codes)s của mức “%(level)s”.")
                    % {
                        "team": r.team.name,
                        "codes": ", ".join(c.criterion.code for c in unmet),
                        "level": Level(r.level).label,
                    },
                    team_id=r.team.pk,
                )
            )
        for m in r.members:
            name = m.membership.person.full_name
            if m.evaluated and not m.level:
                violations.append(
                    rules.Violation(
                        "member_level_missing",
                        _("Chưa đề xuất mức xếp loại cho “%(name)s” (%(team)s).")
                        % {"name": name, "team": r.team.name},
                        team_id=r.team.pk,
                        membership_id=m.membership.pk,
                    )
                )
            unmet = [c for c in m.checklist if not c.met and not c.criterion.needs_verification]
            if unmet:
                violations.append(
                    rules.Violation(
                        "member_criteria",
                        _("“%(name)s” chưa đạt tiêu chí %(codes)s của mức đề xuất.")
                        % {"name": name, "codes": ", ".join(c.criterion.code for c in unmet)},
                        team_id=r.team.pk,
                        membership_id=m.membership.pk,
                    )
                )
            exception = m.evaluation.leader_exception if m.evaluation else ""
            if m.acting_leader and rules.leader_above_team(
                member_level=m.level, team_level=r.level, exception=exception
            ):
                violations.append(
                    rules.Violation(
                        "leader_above_team",
                        _(
                            "%(role)s “%(name)s” được đề xuất “%(member)s”, cao hơn mức của tổ "
                            "“%(team)s” (“%(level)s”)."
                        )
                        % {
                            "role": m.membership.get_role_display(),
                            "name": name,
                            "member": Level(m.level).label,
                            "team": r.team.name,
                            "level": Level(r.level).label,
                        },
                        team_id=r.team.pk,
                        membership_id=m.membership.pk,
                    )
                )
    return Board(
        commune,
        year,
        rule,
        ranking,
        period,
        rows,
        violations,
        team_counts,
        member_counts,
        caps["team"],
        caps["member"],
    )


def ranking_violations(commune: Unit, year: int) -> list[rules.Violation]:
    """The ranking check of one commune and year (what blocks the decision); the bench times it."""
    return board(commune, year).violations


def decided_rankings(user: Any, unit: Unit, *, limit: int = 50) -> list[Ranking]:
    """Decided rankings of communes under `unit` that `user` may see, newest first (for antq/awards)."""
    return list(
        Ranking.objects.visible_to(user)
        .filter(status=Ranking.Status.DECIDED, commune__path__startswith=unit.path)
        .select_related("commune")
        .order_by("-year", "commune__name")[:limit]
    )
