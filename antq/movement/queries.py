"""Read models of the movement's screens: roll-ups and overviews in grouped queries (constant count)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Sum, Value, When

from antq.movement import rules
from antq.movement.models import DocType, Document, SteeringCommittee, Task, ancestor_paths
from antq.units.models import Unit


def unit_documents_q(unit: Unit) -> Q:
    """The documents a unit's register lists: issued in its subtree or by the levels above it."""
    return Q(issuer_unit__path__startswith=unit.path) | Q(issuer_unit__path__in=ancestor_paths(unit.path))


def _task_totals(tasks: QuerySet[Task], today: dt.date) -> dict[str, Any]:
    return tasks.aggregate(
        n=Count("id"),
        total_weight=Sum("weight"),
        weighted_sum=Sum(F("weight") * F("progress")),
        done=Count("id", filter=Q(progress__gte=100)),
        overdue=Count("id", filter=Q(progress__lt=100, deadline__lt=today)),
    )


@dataclass
class RollupRow:
    unit_id: int
    name: str
    key: str
    tasks: int
    done: int
    overdue: int
    percent: Decimal


@dataclass
class PlanRollup:
    tasks: int
    done: int
    overdue: int
    percent: Decimal
    rows: list[RollupRow] = field(default_factory=list)
    by_level: str = ""


def plan_rollup(plan: Document, visible_tasks: QuerySet[Task], today: dt.date) -> PlanRollup:
    """The plan's weighted progress, and one row per branch of the tree under the issuer (two queries).

    A national plan's communes are grouped by province; a province's plan lists each unit.
    """
    tasks = visible_tasks.filter(plan=plan)
    totals = _task_totals(tasks, today)
    group = "unit__parent" if plan.issuer_unit.level == Unit.Level.NATIONAL else "unit"
    grouped = (
        tasks.values(f"{group}_id", f"{group}__name", f"{group}__key")
        .annotate(
            n=Count("id"),
            total_weight=Sum("weight"),
            weighted_sum=Sum(F("weight") * F("progress")),
            done=Count("id", filter=Q(progress__gte=100)),
            overdue=Count("id", filter=Q(progress__lt=100, deadline__lt=today)),
        )
        .order_by(f"{group}__path")
    )
    rows = [
        RollupRow(
            g[f"{group}_id"],
            g[f"{group}__name"],
            g[f"{group}__key"],
            g["n"],
            g["done"],
            g["overdue"],
            rules.weighted_percent(g["weighted_sum"], g["total_weight"]),
        )
        for g in grouped
    ]
    return PlanRollup(
        totals["n"],
        totals["done"],
        totals["overdue"],
        rules.weighted_percent(totals["weighted_sum"], totals["total_weight"]),
        rows,
        "province" if group == "unit__parent" else "unit",
    )


def asked_of_us(unit: Unit, today: dt.date) -> QuerySet[Task]:
    """Tasks the levels above gave this unit: pending first (overdue on top), then by deadline."""
    return (
        Task.objects.filter(unit=unit)
        .select_related("plan", "plan__issuer_unit")
        .annotate(
            pending_rank=Case(
                When(progress__lt=100, deadline__lt=today, then=Value(0)),
                When(progress__lt=100, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("pending_rank", "deadline", "pk")
    )


def child_level(unit: Unit) -> str:
    return Unit.Level.PROVINCE if unit.level == Unit.Level.NATIONAL else Unit.Level.COMMUNE


def _consolidated(year: int) -> Exists:
    return Exists(SteeringCommittee.objects.filter(unit=OuterRef("pk"), decision_date__year=year))


@dataclass
class CommitteeCount:
    level: str
    total: int
    consolidated: int


def committee_overview(unit: Unit, year: int) -> tuple[list[CommitteeCount], QuerySet[Unit]]:
    """How many provinces / communes under `unit` consolidated their committee in `year`, and who has not.

    One grouped query for the counts; the list of the others is a lazy queryset (paginated by the page).
    """
    current = Unit.objects.current().filter(path__startswith=unit.path).exclude(pk=unit.pk)
    counts = (
        current.filter(level__in=[Unit.Level.PROVINCE, Unit.Level.COMMUNE])
        .annotate(done=_consolidated(year))
        .values("level")
        .annotate(total=Count("id"), consolidated=Count("id", filter=Q(done=True)))
        .order_by("-level")
    )
    rows = [CommitteeCount(c["level"], c["total"], c["consolidated"]) for c in counts]
    rows.sort(key=lambda c: 0 if c.level == Unit.Level.PROVINCE else 1)
    missing = (
        current.filter(level=child_level(unit))
        .annotate(done=_consolidated(year))
        .filter(done=False)
        .select_related("parent")
        .order_by("path")
    )
    return rows, missing


def documents_by_type(unit: Unit, start: dt.date, end: dt.date) -> dict[str, int]:
    """Documents issued in `unit`'s subtree between `start` and `end` (inclusive), counted by type."""
    rows = (
        Document.objects.filter(issuer_unit__path__startswith=unit.path, issued_on__range=(start, end))
        .values("doc_type")
        .annotate(n=Count("id"))
        .order_by()
    )
    found = {r["doc_type"]: r["n"] for r in rows}
    return {code: found.get(code, 0) for code in DocType.values}


def task_counts(unit: Unit, start: dt.date, end: dt.date, today: dt.date) -> dict[str, int]:
    """Tasks given to units of the subtree whose deadline falls in the period: assigned, done, overdue."""
    totals = _task_totals(
        Task.objects.filter(unit__path__startswith=unit.path, deadline__range=(start, end)), today
    )
    return {"assigned": totals["n"], "done": totals["done"], "overdue": totals["overdue"]}


def year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


@dataclass
class Overview:
    unit: Unit
    year: int
    committees: list[CommitteeCount]
    not_consolidated: QuerySet[Unit]
    own_committee: SteeringCommittee | None
    documents: dict[str, int]
    documents_previous: dict[str, int]
    tasks: dict[str, int]
    tasks_previous: dict[str, int]

    @property
    def document_rows(self) -> list[tuple[str, str, int, int, int]]:
        labels = dict(DocType.choices)
        return [
            (
                code,
                str(labels[code]),
                n,
                self.documents_previous[code],
                rules.trend(n, self.documents_previous[code]),
            )
            for code, n in self.documents.items()
        ]

    @property
    def task_rows(self) -> list[tuple[str, int, int, int]]:
        return [
            (k, v, self.tasks_previous[k], rules.trend(v, self.tasks_previous[k]))
            for k, v in self.tasks.items()
        ]


def overview(unit: Unit, year: int, today: dt.date) -> Overview:
    """Everything the movement overview shows for one unit and year, with the previous year for the trend."""
    start, end = year_range(year)
    p_start, p_end = year_range(year - 1)
    committees, missing = committee_overview(unit, year)
    return Overview(
        unit=unit,
        year=year,
        committees=committees,
        not_consolidated=missing,
        own_committee=SteeringCommittee.objects.filter(unit=unit).first(),
        documents=documents_by_type(unit, start, end),
        documents_previous=documents_by_type(unit, p_start, p_end),
        tasks=task_counts(unit, start, end, today),
        tasks_previous=task_counts(unit, p_start, p_end, today),
    )


# --- For the cross-app summary (antq.dashboards): any date range, children grouped by path prefix ---


def own_committee(unit: Unit) -> SteeringCommittee | None:
    return SteeringCommittee.objects.filter(unit=unit).first()


def task_summary(unit: Unit, start: dt.date, end: dt.date, today: dt.date) -> dict[str, Any]:
    """Tasks of the subtree with a deadline in the range: assigned, done, overdue and the weighted percent."""
    totals = _task_totals(
        Task.objects.filter(unit__path__startswith=unit.path, deadline__range=(start, end)), today
    )
    return {
        "assigned": totals["n"],
        "done": totals["done"],
        "overdue": totals["overdue"],
        "percent": rules.weighted_percent(totals["weighted_sum"], totals["total_weight"]),
    }


@dataclass
class ChildMovement:
    consolidated: bool = False
    documents: int = 0
    tasks: int = 0
    done: int = 0
    overdue: int = 0
    percent: Decimal = Decimal("0.0")


def by_child(
    children: list[Unit], start: dt.date, end: dt.date, year: int, today: dt.date
) -> dict[int, ChildMovement]:
    """Committee, documents and tasks of each child's subtree: three grouped queries whatever the count.

    Children of one level share the length of their path, so the prefix of a row's unit path names
    its child (`/VN/01/00004/` → `/VN/01/` on the national page).
    """
    from django.db.models.functions import Substr

    result = {c.pk: ChildMovement() for c in children}
    if not children:
        return result
    by_path = {c.path: c.pk for c in children}
    size = len(children[0].path)
    ids = [c.pk for c in children]
    for pk in Unit.objects.filter(pk__in=ids).filter(_consolidated(year)).values_list("pk", flat=True):
        result[pk].consolidated = True
    parent = children[0].path[: children[0].path.rstrip("/").rfind("/") + 1]
    for row in (
        Document.objects.filter(issuer_unit__path__startswith=parent, issued_on__range=(start, end))
        .annotate(child=Substr("issuer_unit__path", 1, size))
        .values("child")
        .annotate(n=Count("id"))
        .order_by()
    ):
        if row["child"] in by_path:
            result[by_path[row["child"]]].documents = row["n"]
    for row in (
        Task.objects.filter(unit__path__startswith=parent, deadline__range=(start, end))
        .annotate(child=Substr("unit__path", 1, size))
        .values("child")
        .annotate(
            n=Count("id"),
            total_weight=Sum("weight"),
            weighted_sum=Sum(F("weight") * F("progress")),
            done=Count("id", filter=Q(progress__gte=100)),
            overdue=Count("id", filter=Q(progress__lt=100, deadline__lt=today)),
        )
        .order_by()
    ):
        if row["child"] in by_path:
            item = result[by_path[row["child"]]]
            item.tasks, item.done, item.overdue = row["n"], row["done"], row["overdue"]
            item.percent = rules.weighted_percent(row["weighted_sum"], row["total_weight"])
    return result


def attention_tasks(user: Any, today: dt.date, limit: int) -> Any:
    """Unfinished tasks the levels above gave the user's own units, earliest deadline first (2 queries)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from antq.core.attention import Found, Item

    units = [r.unit for r in getattr(user, "active_roles", [])]
    if not units:
        return Found()
    keys = {u.pk: u.key for u in units}
    pending = Task.objects.filter(unit_id__in=keys, progress__lt=100).order_by("deadline", "pk")
    total = pending.count()
    items = [
        Item(
            title=t.title,
            url=reverse("movement:inbox", args=[keys[t.unit_id]]),
            due=t.deadline,
            detail=_("Tiến độ %(p)s%%") % {"p": t.progress},
        )
        for t in pending[:limit]
    ]
    return Found(items, total, reverse("movement:inbox", args=[units[0].key]))
