"""The movement summary of one unit and period, read only through the other apps' `queries`.

Constant query count whatever the number of children or rows: each source answers the unit with
its own aggregate and the children with one grouped query (tests assert it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from antq.coordination import queries as coordination
from antq.dashboards.rules import Change, change
from antq.movement import queries as movement
from antq.movement.models import DocType
from antq.practices import queries as practices
from antq.practices.rules import Period
from antq.units.models import Unit

NATIONAL_KEY = "VN"


def unit_for_key(user: Any, key: str) -> Unit:
    """The unit of a summary URL: a current nation, province or commune in the user's scope, else 404."""
    unit = Unit.objects.visible_to(user).current().select_related("parent").filter(key=key[:20]).first()
    if unit is None or unit.level == Unit.Level.DISTRICT:
        raise Http404
    return unit


@dataclass
class Line:
    """One number of the summary with its previous-period value."""

    code: str
    label: str
    value: Change
    trend: bool = True  # False for a running total: its previous value is not read
    suffix: str = ""  # "/126" after the consolidated committees, "%" after a percent


@dataclass
class Section:
    code: str
    title: str
    lines: list[Line]
    link: str = ""
    note: str = ""


@dataclass
class ChildRow:
    unit: Unit
    consolidated: bool
    documents: int
    tasks: int
    done: int
    overdue: int
    percent: Decimal
    deployed: int
    models: int
    points: int
    examples: int
    activities: int


@dataclass
class Summary:
    unit: Unit
    period: Period
    previous: Period
    sections: list[Section]
    children: list[ChildRow] = field(default_factory=list)
    child_level: str = ""

    @property
    def headlines(self) -> list[tuple[Section, Line]]:
        """The first figures an officer reads: one per part, in the order of the sections."""
        wanted = {
            "committees": None,
            "documents": "documents",
            "tasks": "tasks_percent",
            "programmes": "national_deployed",
            "models": "models",
            "activities": "activities",
        }
        picked = []
        for section in self.sections:
            code = wanted.get(section.code, "")
            line = next((ln for ln in section.lines if code is None or ln.code == code), None)
            if line is not None:
                picked.append((section, line))
        return picked

    def chart(self) -> dict[str, Any]:
        """Headline counts of both periods (Chart.js data, read by dashboards/summary.js)."""
        picked = [line for s in self.sections for line in s.lines if line.code in CHART_LINES]
        return {
            "labels": [line.label for line in picked],
            "series": [
                {"label": self.previous.label, "data": [float(line.value.previous) for line in picked]},
                {"label": self.period.label, "data": [float(line.value.current) for line in picked]},
            ],
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": {"key": self.unit.key, "name": self.unit.name, "level": self.unit.level},
            "period": self.period.key,
            "previous": self.previous.key,
            "sections": [
                {
                    "code": s.code,
                    "title": s.title,
                    "lines": [
                        {
                            "code": line.code,
                            "label": line.label,
                            "current": float(line.value.current),
                            "previous": float(line.value.previous) if line.trend else None,
                            "change": float(line.value.delta) if line.trend else None,
                            "change_percent": line.value.percent if line.trend else None,
                        }
                        for line in s.lines
                    ],
                }
                for s in self.sections
            ],
            "children": [
                {
                    "key": c.unit.key,
                    "name": c.unit.name,
                    "committee_consolidated": c.consolidated,
                    "documents": c.documents,
                    "tasks": c.tasks,
                    "tasks_done": c.done,
                    "tasks_overdue": c.overdue,
                    "tasks_percent": float(c.percent),
                    "national_programmes_deployed": c.deployed,
                    "models": c.models,
                    "points": c.points,
                    "examples": c.examples,
                    "activities": c.activities,
                }
                for c in self.children
            ],
        }


CHART_LINES = {
    "documents",
    "tasks_assigned",
    "tasks_done",
    "deployments",
    "models_new",
    "examples_new",
    "activities",
}


def _children(unit: Unit) -> tuple[str, list[Unit]]:
    if unit.level == Unit.Level.NATIONAL:
        level = Unit.Level.PROVINCE
    elif unit.level == Unit.Level.PROVINCE:
        level = Unit.Level.COMMUNE
    else:
        return "", []
    units = Unit.objects.current().filter(parent=unit, level=level).order_by("name")
    return str(level), list(units)


def summary(user: Any, unit: Unit, period: Period, today: dt.date) -> Summary:
    """Every part of the movement for `unit` (already checked in scope) and `period`, with the trend."""
    from django.urls import reverse

    previous = period.previous()
    key = unit.key
    year = period.year

    # Committees: the unit's own, then how many of the units below consolidated theirs this year.
    committees = movement.committee_overview(unit, year)[0]
    committees_before = movement.committee_overview(unit, year - 1)[0]
    own = movement.own_committee(unit)
    level_names: dict[str, str] = {
        Unit.Level.PROVINCE: _("Cấp tỉnh đã kiện toàn"),
        Unit.Level.COMMUNE: _("Cấp xã đã kiện toàn"),
    }
    before = {c.level: c.consolidated for c in committees_before}
    committee_lines = [
        Line(
            f"committees_{c.level}",
            level_names.get(c.level, c.level),
            change(c.consolidated, before.get(c.level, 0)),
            suffix=f"/{c.total}",
        )
        for c in committees
    ]
    if own is None:
        note = _("Đơn vị chưa ghi quyết định thành lập Ban Chỉ đạo.")
    elif own.decision_date and own.decision_date.year == year:
        note = _("Ban Chỉ đạo của đơn vị đã kiện toàn ngày %(d)s.") % {
            "d": own.decision_date.strftime("%d/%m/%Y")
        }
    else:
        note = _("Ban Chỉ đạo của đơn vị chưa kiện toàn trong năm %(y)s.") % {"y": year}
    movement_link = reverse("movement:overview", args=[key]) + f"?nam={year}"

    docs = movement.documents_by_type(unit, period.start, period.end)
    docs_before = movement.documents_by_type(unit, previous.start, previous.end)
    labels = dict(DocType.choices)
    doc_lines = [
        Line("documents", _("Tổng số văn bản"), change(sum(docs.values()), sum(docs_before.values())))
    ]
    doc_lines += [Line(f"doc_{c}", str(labels[c]), change(n, docs_before[c])) for c, n in docs.items()]

    tasks = movement.task_summary(unit, period.start, period.end, today)
    tasks_before = movement.task_summary(unit, previous.start, previous.end, today)
    task_lines = [
        Line("tasks_assigned", _("Nhiệm vụ được giao"), change(tasks["assigned"], tasks_before["assigned"])),
        Line("tasks_done", _("Đã hoàn thành"), change(tasks["done"], tasks_before["done"])),
        Line("tasks_overdue", _("Quá hạn chưa xong"), change(tasks["overdue"], tasks_before["overdue"])),
        Line(
            "tasks_percent", _("Tiến độ chung"), change(tasks["percent"], tasks_before["percent"]), suffix="%"
        ),
    ]

    deployed = coordination.national_deployed(unit, period.end)
    deployed_before = coordination.national_deployed(unit, previous.end)
    programme_lines = [
        Line(
            "national_in_force",
            _("Chương trình toàn quốc còn hiệu lực"),
            change(coordination.national_in_force(period.end), coordination.national_in_force(previous.end)),
        ),
        Line(
            "national_deployed",
            _("Chương trình toàn quốc đã triển khai (lũy kế)"),
            change(deployed, deployed_before),
        ),
        Line(
            "deployments",
            _("Lượt triển khai trong kỳ"),
            change(
                coordination.deployments_in(unit, period.start, period.end),
                coordination.deployments_in(unit, previous.start, previous.end),
            ),
        ),
    ]

    scope = None if unit.level == Unit.Level.NATIONAL else unit
    view = practices.overview(user, scope, period)
    model_lines = [
        Line("models", _("Mô hình đang hoạt động"), change(view.totals.models, 0), trend=False),
        Line("points", _("Số điểm"), change(view.totals.points, 0), trend=False),
        Line("models_new", _("Mô hình mới trong kỳ"), change(view.new_models, view.new_models_previous)),
        Line("examples", _("Điển hình tiên tiến (lũy kế)"), change(view.totals.examples, 0), trend=False),
        Line(
            "examples_new",
            _("Điển hình công nhận trong kỳ"),
            change(view.examples_in_period, view.examples_previous),
        ),
    ]
    activity_lines = [
        Line(
            "activities",
            _("Tổng số hoạt động"),
            change(sum(k.count for k in view.kind_rows), view.activities_previous),
        )
    ] + [Line(f"kind_{k.kind.pk}", k.kind.name, change(k.count, k.previous)) for k in view.kind_rows]
    practices_link = (
        reverse("practices:overview") if scope is None else reverse("practices:overview_unit", args=[key])
    ) + f"?ky={period.key}"

    sections = [
        Section("committees", _("Ban Chỉ đạo"), committee_lines, movement_link, note),
        Section(
            "documents",
            _("Văn bản chỉ đạo đã ban hành"),
            doc_lines,
            reverse("movement:documents", args=[key]),
        ),
        Section("tasks", _("Nhiệm vụ theo kế hoạch (hạn trong kỳ)"), task_lines, movement_link),
        Section(
            "programmes", _("Chương trình phối hợp toàn quốc"), programme_lines, reverse("coordination:home")
        ),
        Section("models", _("Mô hình, điển hình"), model_lines, practices_link),
        Section("activities", _("Hoạt động theo loại"), activity_lines, practices_link),
    ]

    child_level, children = _children(unit)
    rows: list[ChildRow] = []
    if children:
        moves = movement.by_child(children, period.start, period.end, year, today)
        deploys = coordination.deployments_by_child(children, period.end)
        practice_rows = {r.unit.pk: r for r in view.rows if r.unit is not None}
        for child in children:
            m = moves[child.pk]
            p = practice_rows.get(child.pk)
            rows.append(
                ChildRow(
                    child,
                    m.consolidated,
                    m.documents,
                    m.tasks,
                    m.done,
                    m.overdue,
                    m.percent,
                    deploys.get(child.pk, 0),
                    p.models if p else 0,
                    p.points if p else 0,
                    p.examples if p else 0,
                    p.activities if p else 0,
                )
            )
    return Summary(unit, period, previous, sections, rows, child_level)
