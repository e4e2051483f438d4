"""State changes of the yearly ranking: task counts, proposals, the chairperson's decision, reopening.

Every verb is atomic and writes one audit entry; the commune's `Ranking` row is locked first, so a
proposal and a decision of the same commune and year serialise. After the decision the ranking is
read-only until reopened with a reason (by the commune's police or a level above).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from antq.accounts.models import Role, RoleAssignment, User
from antq.accounts.permissions import require
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.notifications import notify
from antq.forces import ranking_queries, rules
from antq.forces.actions import _clean_text
from antq.forces.models import Team
from antq.forces.permissions import can_manage_forces
from antq.forces.ranking_models import (
    Level,
    MemberEvaluation,
    Ranking,
    RankingCriterion,
    RankingRule,
    TaskGroup,
    TeamEvaluation,
    TeamTaskCount,
)
from antq.units.models import Unit

MAX_VIOLATIONS_SHOWN = 5
DEFAULT_SYMBOL = "QĐ-UBND"


@dataclass
class TeamProposal:
    """What the officer proposes for one team: level ("" = none yet), ticked criteria, complaint flag."""

    level: str = ""
    criteria_met: list[str] = field(default_factory=list)
    under_complaint: bool = False
    note: str = ""


@dataclass
class MemberProposal:
    """What the officer proposes for one member (one membership)."""

    level: str = ""
    criteria_met: list[str] = field(default_factory=list)
    under_complaint: bool = False
    leader_exception: str = ""


def _d(day: dt.date) -> str:
    return date_format(day, "d/m/Y")


def _rule(year: int) -> RankingRule:
    rule = RankingRule.for_year(year)
    if rule is None:
        raise DomainError(_("Chưa có quy định xếp loại cho năm %(year)s.") % {"year": year})
    return rule


def _check_year(year: int) -> None:
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise DomainError(_("Năm đánh giá không hợp lệ."))


def _locked_ranking(commune: Unit, year: int) -> Ranking:
    """The commune's ranking of the year, created on first use, locked until the transaction ends."""
    if commune.level != Unit.Level.COMMUNE:
        raise DomainError(_("Chỉ xã, phường, đặc khu xếp loại tổ bảo vệ ANTT."))
    _check_year(year)
    ranking, _created = Ranking.objects.select_for_update().get_or_create(commune=commune, year=year)
    return ranking


def _refuse_if_decided(ranking: Ranking) -> None:
    if ranking.is_decided:
        raise DomainError(
            _(
                "Kết quả xếp loại năm %(year)s đã có Quyết định số %(number)s; muốn sửa phải mở lại "
                "(có lý do)."
            )
            % {"year": ranking.year, "number": ranking.display_number},
            code="locked",
        )


def _criteria_codes(subject: str) -> set[str]:
    return set(
        RankingCriterion.objects.filter(subject=subject, method=RankingCriterion.Method.MANUAL).values_list(
            "code", flat=True
        )
    )


def _clean_level(level: str) -> str:
    if level and level not in Level.values:
        raise DomainError(_("Mức xếp loại không hợp lệ."))
    return level


def _clean_codes(codes: list[str], allowed: set[str]) -> list[str]:
    unknown = sorted(set(codes) - allowed)
    if unknown:
        raise DomainError(_("Tiêu chí không hợp lệ: %(codes)s.") % {"codes": ", ".join(unknown)})
    return sorted(set(codes))


@transaction.atomic
def propose_ranking(
    commune: Unit,
    year: int,
    *,
    by: User,
    teams: Mapping[int, TeamProposal],
    members: Mapping[int, MemberProposal],
) -> Ranking:
    """Record the officer's proposals for some teams and members of the commune (all or nothing)."""
    ranking = _locked_ranking(commune, year)
    _refuse_if_decided(ranking)
    rule = _rule(year)
    _start, end = rule.period(year)
    current = ranking_queries.board(commune, year, ranking=ranking)
    known_teams = {r.team.pk: r for r in current.teams}
    known_members = {m.membership.pk: (r, m) for r in current.teams for m in r.members}
    team_codes = _criteria_codes(RankingCriterion.Subject.TEAM)
    member_codes = _criteria_codes(RankingCriterion.Subject.MEMBER)
    team_rows: list[TeamEvaluation] = []
    for team_id, p in teams.items():
        row = known_teams.get(team_id)
        if row is None:
            raise DomainError(_("Tổ không thuộc danh sách xếp loại năm %(year)s của xã.") % {"year": year})
        # A complaint makes the team "not evaluated": the flag wins over a level left in the form.
        level = "" if p.under_complaint else _clean_level(p.level)
        reason = rules.not_evaluated_reason(
            start=row.team.established_on,
            period_end=end,
            min_months=rule.min_months,
            under_complaint=p.under_complaint,
            kind="team",
        )
        if reason and level:
            raise DomainError(
                _("“%(team)s” không được đánh giá: %(reason)s") % {"team": row.team.name, "reason": reason}
            )
        team_rows.append(
            TeamEvaluation(
                ranking=ranking,
                team_id=team_id,
                level=level,
                criteria_met=_clean_codes(p.criteria_met, team_codes),
                under_complaint=p.under_complaint,
                note=_clean_text(p.note, _("Ghi chú"), max_length=500),
            )
        )
    member_rows: list[MemberEvaluation] = []
    for membership_id, mp in members.items():
        found = known_members.get(membership_id)
        if found is None:
            raise DomainError(
                _("Thành viên không thuộc danh sách xếp loại năm %(year)s của xã.") % {"year": year}
            )
        level = "" if mp.under_complaint else _clean_level(mp.level)
        membership = found[1].membership
        reason = rules.not_evaluated_reason(
            start=membership.joined_on,
            period_end=end,
            min_months=rule.min_months,
            under_complaint=mp.under_complaint,
            kind="member",
        )
        if reason and level:
            raise DomainError(
                _("“%(name)s” không được đánh giá: %(reason)s")
                % {"name": membership.person.full_name, "reason": reason}
            )
        member_rows.append(
            MemberEvaluation(
                ranking=ranking,
                membership_id=membership_id,
                level=level,
                criteria_met=_clean_codes(mp.criteria_met, member_codes),
                under_complaint=mp.under_complaint,
                leader_exception=_clean_text(
                    mp.leader_exception, _("Lý do tổ trưởng được xếp trên tổ"), max_length=500
                ),
            )
        )
    TeamEvaluation.objects.bulk_create(
        team_rows,
        update_conflicts=True,
        unique_fields=["ranking", "team"],
        update_fields=["level", "criteria_met", "under_complaint", "note"],
    )
    MemberEvaluation.objects.bulk_create(
        member_rows,
        update_conflicts=True,
        unique_fields=["ranking", "membership"],
        update_fields=["level", "criteria_met", "under_complaint", "leader_exception"],
    )
    ranking.save(update_fields=["updated_at"])
    log_action(
        ranking,
        "forces.ranking.proposed",
        actor=by,
        data={
            "commune": commune.key,
            "year": year,
            "teams": {
                str(r.team_id): {"level": r.level, "criteria": r.criteria_met, "complaint": r.under_complaint}
                for r in team_rows
            },
            "members": {
                str(r.membership_id): {
                    "level": r.level,
                    "criteria": r.criteria_met,
                    "complaint": r.under_complaint,
                    "leader_exception": r.leader_exception,
                }
                for r in member_rows
            },
        },
    )
    return ranking


@transaction.atomic
def record_task_counts(
    team: Team, year: int, *, by: User, counts: Mapping[int, tuple[int, int]]
) -> list[TeamTaskCount]:
    """Record a team's assigned and completed tasks of the year per task group (T5 reads them)."""
    team = Team.objects.select_related("commune").get(pk=team.pk)
    ranking = _locked_ranking(team.commune, year)
    _refuse_if_decided(ranking)
    rows = []
    for group, (assigned, done) in sorted(counts.items()):
        if group not in TaskGroup.values:
            raise DomainError(_("Nhóm nhiệm vụ không hợp lệ."))
        label = TaskGroup(group).label
        if assigned < 0 or done < 0:
            raise DomainError(_("Số nhiệm vụ của nhóm “%(group)s” không được âm.") % {"group": label})
        if done > assigned:
            raise DomainError(
                _("Nhóm “%(group)s”: số hoàn thành (%(done)s) lớn hơn số được giao (%(assigned)s).")
                % {"group": label, "done": done, "assigned": assigned}
            )
        rows.append(TeamTaskCount(team=team, year=year, group=group, assigned=assigned, done=done))
    saved = TeamTaskCount.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["team", "year", "group"],
        update_fields=["assigned", "done", "updated_at"],
    )
    log_action(
        team,
        "forces.ranking.tasks_recorded",
        actor=by,
        data={"year": year, "counts": {str(r.group): [r.assigned, r.done] for r in rows}},
    )
    return saved


def _commune_officers(commune: Unit) -> list[User]:
    return [
        a.user
        for a in RoleAssignment.objects.filter(
            role=Role.COMMUNE_OFFICER, unit=commune, is_active=True, user__is_active=True
        ).select_related("user")
    ]


def _link(ranking: Ranking) -> str:
    return reverse("forces:ranking", kwargs={"key": ranking.commune.key, "year": ranking.year})


@transaction.atomic
def record_ranking_decision(
    commune: Unit,
    year: int,
    *,
    by: User,
    number: int,
    decided_on: dt.date,
    signer_name: str,
    symbol: str = DEFAULT_SYMBOL,
    signer_title: str = "",
) -> Ranking:
    """Record the chairperson's decision on the ranking; refused while any violation remains."""
    ranking = _locked_ranking(commune, year)
    _refuse_if_decided(ranking)
    rule = _rule(year)
    _start, end = rule.period(year)
    if not 1 <= number <= 999_999:
        raise DomainError(_("Số quyết định phải là số nguyên dương."))
    symbol = _clean_text(symbol, _("Ký hiệu"), required=True, max_length=30).upper().replace(" ", "")
    signer_name = _clean_text(signer_name, _("Người ký"), required=True, max_length=150)
    signer_title = _clean_text(signer_title, _("Quyền hạn, chức vụ người ký"), max_length=150)
    if decided_on > timezone.localdate():
        raise DomainError(
            _("Ngày quyết định (%(day)s) không được sau ngày hôm nay.") % {"day": _d(decided_on)}
        )
    if decided_on < end:
        raise DomainError(
            _("Ngày quyết định không được trước ngày kết thúc kỳ đánh giá (%(day)s).") % {"day": _d(end)}
        )
    violations = ranking_queries.board(commune, year, ranking=ranking).violations
    if violations:
        shown = " ".join(v.message for v in violations[:MAX_VIOLATIONS_SHOWN])
        more = len(violations) - MAX_VIOLATIONS_SHOWN
        if more > 0:
            shown += " " + _("(và %(n)s vi phạm khác)") % {"n": more}
        raise DomainError(
            _("Chưa thể ghi nhận quyết định, còn %(n)s vi phạm: %(list)s")
            % {"n": len(violations), "list": shown},
            code="violations",
        )
    ranking.status = Ranking.Status.DECIDED
    ranking.decision_number = number
    ranking.decision_symbol = symbol
    ranking.decided_on = decided_on
    ranking.signer_name = signer_name
    ranking.signer_title = signer_title
    ranking.issuer_name = f"Ủy ban nhân dân {commune.name}"
    ranking.decided_by = by
    ranking.decided_at = timezone.now()
    ranking.save()
    log_action(
        ranking,
        "forces.ranking.decided",
        actor=by,
        data={
            "commune": commune.key,
            "year": year,
            "number": ranking.display_number,
            "decided_on": decided_on.isoformat(),
            "signer_name": signer_name,
        },
    )
    notify(
        [u for u in _commune_officers(commune) if u.pk != by.pk],
        _("Đã ghi nhận Quyết định số %(number)s xếp loại tổ bảo vệ ANTT năm %(year)s của %(commune)s.")
        % {"number": ranking.display_number, "year": year, "commune": commune.name},
        _link(ranking),
        kind="forces",
    )
    return ranking


@transaction.atomic
def reopen_ranking(commune: Unit, year: int, *, by: User, reason: str) -> Ranking:
    """Unlock a decided ranking for correction: by the commune's police or above, with a reason."""
    require(
        can_manage_forces(by, commune),
        _("Chỉ Công an xã hoặc cấp trên mới được mở lại kết quả xếp loại."),
    )
    ranking = _locked_ranking(commune, year)
    if not ranking.is_decided:
        raise DomainError(_("Kết quả xếp loại chưa có quyết định, không cần mở lại."), code="wrong_status")
    reason = _clean_text(reason, _("Lý do mở lại"), required=True, max_length=500)
    previous = {
        "number": ranking.display_number,
        "decided_on": ranking.decided_on.isoformat() if ranking.decided_on else None,
        "signer_name": ranking.signer_name,
    }
    ranking.status = Ranking.Status.DRAFT
    ranking.decision_number = None
    ranking.decision_symbol = ""
    ranking.decided_on = None
    ranking.signer_name = ""
    ranking.signer_title = ""
    ranking.decided_by = None
    ranking.decided_at = None
    ranking.save()
    log_action(
        ranking,
        "forces.ranking.reopened",
        actor=by,
        data={"commune": commune.key, "year": year, "reason": reason, "previous": previous},
    )
    notify(
        [u for u in _commune_officers(commune) if u.pk != by.pk],
        _("Kết quả xếp loại tổ bảo vệ ANTT năm %(year)s của %(commune)s được mở lại: %(reason)s")
        % {"year": year, "commune": commune.name, "reason": reason},
        _link(ranking),
        kind="forces",
    )
    return ranking
