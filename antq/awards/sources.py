"""Where proposals come from: the records of other apps a unit may propose from, and what they pre-fill.

A proposal links its source by `source_type` ("<app>.<record>") and `source_id`. This module reads
the other apps only through their queries modules (and `visible_to`, so a user proposes only from what
they may see):

- "assessments.decision": the units classed excellent in a decision of the yearly cycle;
- "forces.ranking": the teams and members ranked "Hoàn thành xuất sắc nhiệm vụ" in a commune's decided
  ranking (members are linked to their forces `Person`, so the medal's once-per-person rule sees them);
- "practices.example": an advanced example (điển hình tiên tiến);
- "festival.event": written by antq/festival through `actions.propose`; shown here only as a link;
- "tips.tip": written by antq/tips (not imported here): `actions.propose` refuses it without
  `consent_ref`; the proposal page shows no content of the tip.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from antq.awards.actions import NomineeInput
from antq.awards.models import SourceType
from antq.units.models import Unit

LIST_SIZE = 30


@dataclass(frozen=True)
class SourceLink:
    """How the proposal page names its source, and where it links (None: no page to link)."""

    label: str
    url: str | None


@dataclass(frozen=True)
class SourceChoice:
    """A record a unit may propose from."""

    kind: str
    source_id: int
    label: str


@dataclass
class Prefill:
    """What a source fills in a new proposal: the year, the achievement and the nominees."""

    kind: str
    source_id: int
    label: str
    year: int
    achievement: str
    nominees: list[NomineeInput] = field(default_factory=list)
    form_code: str = "certificate_of_merit"


def _reverse(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def describe(kind: str, source_id: int | None) -> SourceLink | None:
    """A label and link for a proposal's source; the target page applies its own scope."""
    if source_id is None:
        return None
    if kind == SourceType.CYCLE:
        return SourceLink(_("quyết định công nhận, phân loại #%(id)s") % {"id": source_id}, None)
    if kind == SourceType.RANKING:
        from antq.forces.ranking_models import Ranking

        ranking = Ranking.objects.select_related("commune").filter(pk=source_id).first()
        if ranking is None:
            return None
        return SourceLink(
            _("xếp loại tổ bảo vệ ANTT năm %(year)s của %(unit)s")
            % {"year": ranking.year, "unit": ranking.commune.name},
            _reverse("forces:ranking", ranking.commune.key, ranking.year),
        )
    if kind == SourceType.EXAMPLE:
        return SourceLink(_("điển hình tiên tiến #%(id)s") % {"id": source_id}, None)
    if kind == SourceType.FESTIVAL:
        return SourceLink(
            _("điểm tổ chức Ngày hội #%(id)s") % {"id": source_id}, _reverse("festival:event", source_id)
        )
    if kind == SourceType.TIP:
        # Never the tip's content nor a link to it: the informant's identity is protected.
        return SourceLink(_("tin báo, tố giác (nội dung không hiển thị)"), None)
    return None


def choices(user: Any, unit: Unit) -> list[SourceChoice]:
    """Records under `unit` that `user` may see and propose from, newest first (bounded lists)."""
    from antq.assessments import queries as assessment_queries
    from antq.forces import ranking_queries
    from antq.practices import queries as practice_queries

    found: list[SourceChoice] = []
    seen: set[int] = set()
    for assessment in assessment_queries.excellent_assessments(user, unit)[: LIST_SIZE * 10]:
        decision = assessment.decision
        if decision.pk in seen or len(seen) >= LIST_SIZE:
            continue
        seen.add(decision.pk)
        found.append(
            SourceChoice(
                SourceType.CYCLE,
                decision.pk,
                _("Quyết định số %(number)s ngày %(day)s (%(year)s) — đơn vị xuất sắc")
                % {
                    "number": decision.display_number,
                    "day": decision.issued_on.strftime("%d/%m/%Y"),
                    "year": assessment.cycle.year,
                },
            )
        )
    for ranking in ranking_queries.decided_rankings(user, unit, limit=LIST_SIZE):
        found.append(
            SourceChoice(
                SourceType.RANKING,
                ranking.pk,
                _("Xếp loại tổ bảo vệ ANTT năm %(year)s — %(unit)s (Quyết định số %(number)s)")
                % {"year": ranking.year, "unit": ranking.commune.name, "number": ranking.display_number},
            )
        )
    for example in practice_queries.examples_of(user, unit)[:LIST_SIZE]:
        found.append(
            SourceChoice(
                SourceType.EXAMPLE,
                example.pk,
                _("Điển hình tiên tiến: %(name)s (%(day)s)")
                % {"name": example.name, "day": example.recognised_on.strftime("%d/%m/%Y")},
            )
        )
    return found


def prefill(user: Any, unit: Unit, kind: str, source_id: int) -> Prefill | None:
    """The proposal a source suggests for `unit`; None when the user may not see it (404)."""
    if kind == SourceType.CYCLE:
        return _from_decision(user, unit, source_id)
    if kind == SourceType.RANKING:
        return _from_ranking(user, unit, source_id)
    if kind == SourceType.EXAMPLE:
        return _from_example(user, unit, source_id)
    return None


def _from_decision(user: Any, unit: Unit, decision_id: int) -> Prefill | None:
    from antq.assessments import queries as assessment_queries

    assessments = list(assessment_queries.excellent_assessments(user, unit, decision_id=decision_id))
    if not assessments:
        return None
    decision = assessments[0].decision
    year = assessments[0].cycle.year
    return Prefill(
        SourceType.CYCLE,
        decision.pk,
        _("Quyết định số %(number)s") % {"number": decision.display_number},
        year,
        _(
            "Được xếp loại Xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc năm %(year)s "
            "(Quyết định số %(number)s ngày %(day)s)."
        )
        % {"year": year, "number": decision.display_number, "day": decision.issued_on.strftime("%d/%m/%Y")},
        [
            NomineeInput(
                "collective",
                a.subject.name,
                f"{a.subject.get_subject_type_display()}, {a.subject.commune.name}",
                unit=a.subject.unit,
            )
            for a in assessments
        ],
    )


def _from_ranking(user: Any, unit: Unit, ranking_id: int) -> Prefill | None:
    from antq.forces import ranking_queries
    from antq.forces.ranking_models import Level

    ranking = next(
        (r for r in ranking_queries.decided_rankings(user, unit, limit=500) if r.pk == ranking_id), None
    )
    if ranking is None:
        return None
    board = ranking_queries.board(ranking.commune, ranking.year, ranking=ranking)
    nominees: list[NomineeInput] = []
    for team in board.teams:
        if team.level == Level.EXCELLENT:
            nominees.append(NomineeInput("collective", team.team.name, ranking.commune.name))
    for team in board.teams:
        for member in team.members:
            if member.level == Level.EXCELLENT:
                membership = member.membership
                nominees.append(
                    NomineeInput(
                        "individual",
                        membership.person.full_name,
                        f"{membership.get_role_display()}, {team.team.name}",
                        person=membership.person,
                    )
                )
    return Prefill(
        SourceType.RANKING,
        ranking.pk,
        _("Xếp loại tổ bảo vệ ANTT năm %(year)s") % {"year": ranking.year},
        ranking.year,
        _(
            "Hoàn thành xuất sắc nhiệm vụ bảo vệ an ninh, trật tự ở cơ sở năm %(year)s "
            "(Quyết định xếp loại số %(number)s)."
        )
        % {"year": ranking.year, "number": ranking.display_number},
        nominees,
    )


def _from_example(user: Any, unit: Unit, example_id: int) -> Prefill | None:
    from antq.practices import queries as practice_queries

    example = practice_queries.examples_of(user, unit).filter(pk=example_id).first()
    if example is None:
        return None
    return Prefill(
        SourceType.EXAMPLE,
        example.pk,
        _("Điển hình tiên tiến: %(name)s") % {"name": example.name},
        example.recognised_on.year,
        example.achievement,
        [NomineeInput(example.kind, example.name, example.position or example.unit.name)],
    )
