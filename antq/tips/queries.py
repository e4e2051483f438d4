"""Counts of tips for dashboards (counts only, never content or identity).

`counts(unit, start, end)`: received, resolved and overdue in the unit's subtree for tips received in
the period; `counts_by_child(unit, start, end)`: the same per child unit (provinces of the nation,
communes of a province) in one grouped query on the materialised path; `subtree_counts(units, …)`:
the same for any units by id (the dashboards' indicators).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, Q
from django.db.models.functions import Substr
from django.utils import timezone

from antq.tips.models import Tip
from antq.units.models import Unit

# Length of one path segment below each level: "/VN/01/" then "/VN/01/00004/".
CHILD_SEGMENT = {Unit.Level.NATIONAL: 2, Unit.Level.PROVINCE: 5}


@dataclass(frozen=True)
class TipCounts:
    received: int = 0
    resolved: int = 0
    overdue: int = 0


def _aggregates(today: dt.date) -> dict[str, Count]:
    return {
        "received": Count("pk"),
        "resolved": Count("pk", filter=Q(status__in=Tip.CLOSED_STATUSES)),
        "overdue": Count("pk", filter=~Q(status__in=Tip.CLOSED_STATUSES) & Q(due_on__lt=today)),
    }


def _period(unit: Unit, start: dt.date, end: dt.date):  # type: ignore[no-untyped-def]
    return Tip.objects.filter(
        receiving_unit__path__startswith=unit.path, received_on__gte=start, received_on__lte=end
    )


def counts(unit: Unit, start: dt.date, end: dt.date, *, today: dt.date | None = None) -> TipCounts:
    row = _period(unit, start, end).aggregate(**_aggregates(today or timezone.localdate()))
    return TipCounts(**row)


def counts_by_child(
    unit: Unit, start: dt.date, end: dt.date, *, today: dt.date | None = None
) -> dict[str, TipCounts]:
    """Counts per child path (e.g. "/VN/01/"); tips received by `unit` itself are under its own path."""
    segment = CHILD_SEGMENT.get(Unit.Level(unit.level))
    if segment is None:
        return {unit.path: counts(unit, start, end, today=today)}
    rows = (
        _period(unit, start, end)
        .annotate(child=Substr("receiving_unit__path", 1, len(unit.path) + segment + 1))
        .values("child")
        .annotate(**_aggregates(today or timezone.localdate()))
        .order_by("child")
    )
    out: dict[str, TipCounts] = {}
    for row in rows:
        child = row.pop("child")
        key = child if child.endswith("/") else unit.path
        previous = out.get(key, TipCounts())
        out[key] = TipCounts(
            received=previous.received + row["received"],
            resolved=previous.resolved + row["resolved"],
            overdue=previous.overdue + row["overdue"],
        )
    return out


def subtree_counts(
    units: Sequence[Unit], start: dt.date, end: dt.date, *, today: dt.date | None = None
) -> dict[int, TipCounts]:
    """Counts of each unit's subtree (tips received in start..end), by unit id: one grouped query per
    path length, so units of any levels may be mixed (the dashboards ask for a unit and its children)."""
    out = {unit.pk: TipCounts() for unit in units}
    by_length: dict[int, dict[str, int]] = {}
    for unit in units:
        by_length.setdefault(len(unit.path), {})[unit.path] = unit.pk
    for length, paths in by_length.items():
        # The prefix of the path as an IN list, not one OR-ed LIKE per unit: the snapshot asks for every
        # commune at once, and 3,321 OR-ed terms exceed SQLite's expression depth.
        rows = (
            Tip.objects.filter(received_on__gte=start, received_on__lte=end)
            .annotate(root=Substr("receiving_unit__path", 1, length))
            .filter(root__in=list(paths))
            .values("root")
            .annotate(**_aggregates(today or timezone.localdate()))
            .order_by()
            .values_list("root", "received", "resolved", "overdue")
        )
        for root, received, resolved, overdue in rows:
            pk = paths.get(root)
            if pk is not None:
                out[pk] = TipCounts(received=received, resolved=resolved, overdue=overdue)
    return out


def attention_deadlines(user: Any, today: dt.date, limit: int) -> Any:
    """The officer's home: tips of the user's scope overdue or due within ANTQ_TIPS_DUE_SOON_DAYS, as
    counts with links to the filtered inbox (never a tip's content or sender). Police roles only; 1 query."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from antq.core.attention import Found, Item
    from antq.tips.permissions import is_police

    if not is_police(user):
        return Found()
    until = today + dt.timedelta(days=settings.ANTQ_TIPS_DUE_SOON_DAYS)
    late, soon = Q(due_on__lt=today), Q(due_on__gte=today)
    row = (
        Tip.objects.visible_to(user)
        .open()
        .filter(due_on__lte=until)
        .aggregate(
            overdue=Count("pk", filter=late),
            soon=Count("pk", filter=soon),
            first_overdue=Min("due_on", filter=late),
            first_soon=Min("due_on", filter=soon),
        )
    )
    inbox = reverse("tips:inbox")
    items = []
    if row["overdue"]:
        items.append(
            Item(
                title=_("%(n)s tin báo, phản ánh đã quá hạn giải quyết") % {"n": row["overdue"]},
                url=f"{inbox}?han=qua-han",
                due=row["first_overdue"],
            )
        )
    if row["soon"]:
        items.append(
            Item(
                title=_("%(n)s tin báo, phản ánh sắp đến hạn giải quyết") % {"n": row["soon"]},
                url=f"{inbox}?han=sap-han",
                due=row["first_soon"],
            )
        )
    total = row["overdue"] + row["soon"]
    more = f"{inbox}?han={'qua-han' if row['overdue'] else 'sap-han'}" if total else ""
    return Found(items[:limit], total, more)
