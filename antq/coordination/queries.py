"""Read models of the coordination screens, reports and API: constant query counts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from antq.coordination.models import InspectedUnit, Inspection, InspectionRequest, Level, Programme
from antq.units.models import Unit

if TYPE_CHECKING:
    from antq.units.models import Viewer


def deployment_percent(deployed: int, total: int) -> float | None:
    """Share of provinces that deployed a programme, rounded to one decimal; None without provinces."""
    if total <= 0:
        return None
    return round(100 * deployed / total, 1)


@dataclass
class DeploymentRow:
    """A national programme and which of the provinces in view have deployed it."""

    programme: Programme
    deployed: list[Unit] = field(default_factory=list)
    missing: list[Unit] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.deployed) + len(self.missing)

    @property
    def percent(self) -> float | None:
        return deployment_percent(len(self.deployed), self.total)


def deployment_overview(user: Viewer) -> list[DeploymentRow]:
    """For each national programme the user sees, the provinces in scope that have / have not deployed it.

    Three queries whatever the numbers: the programmes, the provinces in scope, the deployments.
    """
    programmes = list(
        Programme.objects.visible_to(user).filter(level=Level.NATIONAL).order_by("-signed_on", "pk")
    )
    provinces = list(
        Unit.objects.visible_to(user).current().filter(level=Unit.Level.PROVINCE).order_by("code")
    )
    if not programmes:
        return []
    deployed: dict[int, set[int]] = defaultdict(set)
    for national_id, owner_id in Programme.objects.filter(
        deploys__in=[p.pk for p in programmes], owner__in=[p.pk for p in provinces]
    ).values_list("deploys_id", "owner_id"):
        deployed[national_id].add(owner_id)
    rows = []
    for programme in programmes:
        done = deployed[programme.pk]
        rows.append(
            DeploymentRow(
                programme,
                deployed=[p for p in provinces if p.pk in done],
                missing=[p for p in provinces if p.pk not in done],
            )
        )
    return rows


def programmes_for_list(user: Viewer) -> QuerySet[Programme]:
    return (
        Programme.objects.visible_to(user)
        .select_related("owner", "deploys")
        .annotate(party_count=Count("parties", distinct=True), report_count=Count("reports", distinct=True))
        .order_by("-signed_on", "pk")
    )


def inspections_for_list(user: Viewer) -> QuerySet[Inspection]:
    """Inspections in view with counts of the inspected units and the requests open / overdue.

    The counts cover only the inspected units the user may see (a commune counts its own requests).
    """
    today = timezone.localdate()
    visible = InspectedUnit.objects.visible_to(user).values("pk")
    in_view = Q(inspected__in=visible)
    not_done = ~Q(inspected__requests__status=InspectionRequest.Status.DONE) & Q(
        inspected__requests__isnull=False
    )
    return (
        Inspection.objects.visible_to(user)
        .select_related("inspector")
        .annotate(
            unit_count=Count("inspected", filter=in_view, distinct=True),
            open_count=Count("inspected__requests", filter=in_view & not_done, distinct=True),
            overdue_count=Count(
                "inspected__requests",
                filter=in_view & not_done & Q(inspected__requests__deadline__lt=today),
                distinct=True,
            ),
        )
        .order_by("-planned_from", "pk")
    )


# --- For the cross-app summary (antq.dashboards) ---------------------------------------------------


def deployments_in(unit: Unit, start: dt.date, end: dt.date) -> int:
    """Deployments of national programmes signed in the range by units of `unit`'s subtree."""
    return Programme.objects.filter(
        owner__path__startswith=unit.path,
        deploys__level=Level.NATIONAL,
        signed_on__range=(start, end),
    ).count()


def national_in_force(on: dt.date) -> int:
    """National programmes signed by `on` and not ended before it."""
    return (
        Programme.objects.filter(level=Level.NATIONAL, signed_on__lte=on)
        .filter(Q(period_to__isnull=True) | Q(period_to__gte=on))
        .count()
    )


def deployments_by_child(children: list[Unit], end: dt.date) -> dict[int, int]:
    """National programmes deployed (signed by `end`) in each child's subtree: one grouped query."""
    from django.db.models.functions import Substr

    if not children:
        return {}
    by_path = {c.path: c.pk for c in children}
    size = len(children[0].path)
    parent = children[0].path[: children[0].path.rstrip("/").rfind("/") + 1]
    result = dict.fromkeys(by_path.values(), 0)
    for row in (
        Programme.objects.filter(
            owner__path__startswith=parent, deploys__level=Level.NATIONAL, signed_on__lte=end
        )
        .annotate(child=Substr("owner__path", 1, size))
        .values("child")
        .annotate(n=Count("deploys", distinct=True))
        .order_by()
    ):
        if row["child"] in by_path:
            result[by_path[row["child"]]] = row["n"]
    return result


def national_deployed(unit: Unit, end: dt.date) -> int:
    """Distinct national programmes that units of `unit`'s subtree have deployed by `end`."""
    return (
        Programme.objects.filter(
            owner__path__startswith=unit.path, deploys__level=Level.NATIONAL, signed_on__lte=end
        )
        .values("deploys")
        .distinct()
        .count()
    )
