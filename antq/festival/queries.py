"""Read models of the festival pages: a unit's roll-up for a campaign, in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.awards.models import Nominee, Proposal
from antq.festival import rules
from antq.festival.models import RESULT_COUNTS, CalendarToken, Campaign, Commendation, Event, EventResult
from antq.units.models import ResidentialArea, Unit
from antq.units.queries import subtree_totals


@dataclass
class Rollup:
    """What a province or a commune achieved in a campaign."""

    unit: Unit
    as_of: dt.date = field(default_factory=timezone.localdate)
    points_by_host: dict[str, int] = field(default_factory=dict)
    pilot_points: int = 0
    reported: int = 0
    areas_total: int = 0
    areas_held: int = 0
    sums: dict[str, int] = field(default_factory=dict)
    not_reported: list[Event] = field(default_factory=list)
    by_commune: list[dict[str, Any]] = field(default_factory=list)

    @property
    def points(self) -> int:
        return sum(self.points_by_host.values())

    @property
    def coverage(self) -> float | None:
        return rules.coverage_percent(self.areas_held, self.areas_total)

    @property
    def not_reported_count(self) -> int:
        return self.points - self.reported

    @property
    def not_reported_more(self) -> int:
        """Points not reported beyond the ones listed (the list is capped)."""
        return max(0, self.not_reported_count - len(self.not_reported))

    @property
    def child_label(self) -> str:
        if self.unit.level == Unit.Level.NATIONAL:
            return str(_("Tỉnh, thành phố"))
        return str(_("Xã, phường, đặc khu"))

    def host_rows(self) -> list[tuple[str, int]]:
        return [(str(label), self.points_by_host.get(value, 0)) for value, label in Event.HostType.choices]

    def sum_rows(self) -> list[tuple[str, int]]:
        return [(result_label(name), self.sums[name]) for name in RESULT_COUNTS]


def result_label(name: str) -> str:
    """The Vietnamese label of a result count."""
    return str(getattr(EventResult._meta.get_field(name), "verbose_name", name))


def events_of(campaign: Campaign, unit: Unit) -> QuerySet[Event]:
    return Event.objects.filter(campaign=campaign, commune__path__startswith=unit.path)


def rollup(
    campaign: Campaign, unit: Unit, *, not_reported_limit: int = 50, as_of: dt.date | None = None
) -> Rollup:
    """A province's or a commune's roll-up in one campaign."""
    return _rollup(events_of(campaign, unit), unit, not_reported_limit=not_reported_limit, as_of=as_of)


def year_rollup(
    year: int, unit: Unit, *, not_reported_limit: int = 50, as_of: dt.date | None = None
) -> Rollup:
    """Any level's roll-up over every campaign of `year`; the nation is broken down by province."""
    events = Event.objects.filter(campaign__year=year, commune__path__startswith=unit.path)
    return _rollup(events, unit, not_reported_limit=not_reported_limit, as_of=as_of)


def _held(as_of: dt.date) -> Q:
    """A residential area "held" the festival when its point's date is on or before `as_of`."""
    return Q(host_type=Event.HostType.AREA, date__lte=as_of)


def _rollup(events: QuerySet[Event], unit: Unit, *, not_reported_limit: int, as_of: dt.date | None) -> Rollup:
    """One grouped query per source: events by host type, areas, result sums, unreported, by child unit."""
    found = Rollup(unit=unit, as_of=as_of or timezone.localdate())
    held = _held(found.as_of)
    for row in (
        events.values("host_type")
        .annotate(
            n=Count("pk"),
            done=Count("result"),
            held=Count("pk", filter=held),
            pilot=Count("pk", filter=Q(is_pilot_point=True)),
        )
        .order_by()
    ):
        found.points_by_host[row["host_type"]] = row["n"]
        found.reported += row["done"]
        found.areas_held += row["held"]
        found.pilot_points += row["pilot"]
    found.areas_total = ResidentialArea.objects.filter(
        commune__path__startswith=unit.path, valid_to__isnull=True
    ).count()
    totals = EventResult.objects.filter(event__in=events).aggregate(
        **{name: Sum(name) for name in RESULT_COUNTS}
    )
    found.sums = {name: totals[name] or 0 for name in RESULT_COUNTS}
    found.not_reported = list(
        events.filter(result__isnull=True)
        .select_related("commune", "area", "organisation")
        .order_by("commune__path", "date", "pk")[:not_reported_limit]
    )
    found.by_commune = _children(events, unit, held)
    return found


def upcoming_public_events(today: dt.date, *, province_key: str = "") -> QuerySet[Any, Any]:
    """Festival points from `today` on, for the public portal: date, host, commune, province, venue.

    Rows are plain dicts of those fields only: no guests, budget or anybody's name leaves this query.
    """
    rows = Event.objects.filter(date__gte=today)
    if province_key:
        rows = rows.filter(campaign__province__key=province_key)
    return (
        rows.annotate(host=Coalesce("area__name", "organisation__name", "commune__name"))
        .values(
            "pk",
            "date",
            "host",
            "host_type",
            "venue",
            "commune__name",
            "campaign__province__name",
            "campaign__province__key",
        )
        .order_by("date", "campaign__province__name", "commune__name", "pk")
    )


# --- Indicators (dashboards, reports) ------------------------------------------------------------


def subtree_counts(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, dict[str, int]]:
    """Festival events held between `start` and `end` in each unit's subtree, with their results.

    `areas_held` counts residential areas that held at least one event (the coverage numerator);
    `areas` the current residential areas (its denominator). Two grouped queries per level.
    """
    rows = subtree_totals(
        Event.objects.filter(date__gte=start, date__lte=end),
        units,
        {
            "events": Count("id"),
            "reported": Count("result"),
            "areas_held": Count("area_id", distinct=True, filter=Q(host_type=Event.HostType.AREA)),
            "participants": Sum("result__participants"),
            "propaganda_sessions": Sum("result__propaganda_sessions"),
            "weapons": Sum("result__weapons_handed_in"),
            "budget": Sum("budget_vnd"),
        },
        province="commune__parent_id",
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


def attention_reports(user: Any, today: dt.date, limit: int) -> Any:
    """Festival events already held in the user's scope whose results are not reported (2 queries)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from antq.core.attention import Found, Item

    if not getattr(user, "is_authenticated", False):
        return Found()
    late = (
        Event.objects.visible_to(user)
        .filter(date__lt=today, result__isnull=True)
        .select_related("campaign", "commune")
        .order_by("campaign__report_due", "date", "pk")
    )
    total = late.count()
    items = [
        Item(
            title=_("Báo cáo kết quả Ngày hội: %(v)s") % {"v": e.venue},
            url=reverse("festival:result", args=[e.pk]),
            due=e.campaign.report_due,
            detail=e.commune.name,
        )
        for e in late[:limit]
    ]
    return Found(items, total)


def _children(events: QuerySet[Event], unit: Unit, held: Q) -> list[dict[str, Any]]:
    """One row per current unit below (provinces of the nation, communes of a province), zeros included.

    Three queries whatever the size: the child units, the events grouped by child, the residential
    areas grouped by child. A commune has no rows below it.
    """
    if unit.level == Unit.Level.NATIONAL:
        event_key, area_key = "campaign__province_id", "commune__parent_id"
    elif unit.level == Unit.Level.PROVINCE:
        event_key, area_key = "commune_id", "commune_id"
    else:
        return []
    children = list(
        Unit.objects.filter(parent=unit, valid_to__isnull=True, is_legacy=False)
        .order_by("path")
        .values("pk", "key", "name")
    )
    counts = {
        row[event_key]: row
        for row in events.values(event_key)
        .annotate(
            n=Count("pk"),
            done=Count("result"),
            held=Count("pk", filter=held),
            participants=Sum("result__participants"),
        )
        .order_by()
    }
    areas = dict(
        ResidentialArea.objects.filter(commune__path__startswith=unit.path, valid_to__isnull=True)
        .values(area_key)
        .annotate(n=Count("pk"))
        .order_by()
        .values_list(area_key, "n")
    )
    rows = []
    for child in children:
        row = counts.get(child["pk"], {})
        areas_total = areas.get(child["pk"], 0)
        areas_held = row.get("held", 0)
        rows.append(
            {
                "commune__key": child["key"],
                "commune__name": child["name"],
                "n": row.get("n", 0),
                "done": row.get("done", 0),
                "participants": row.get("participants") or 0,
                "areas_total": areas_total,
                "areas_held": areas_held,
                "coverage": rules.coverage_percent(areas_held, areas_total),
            }
        )
    return rows


@dataclass(frozen=True)
class CommendationRow:
    """One commendation of an event page: the form, who, its state, and the awards page to open."""

    form: str
    names: list[str]
    state: str
    proposal_id: int | None
    decision_id: int | None
    decision_label: str
    decision_visible: bool


def event_commendations(event: Event, user: Any) -> list[CommendationRow]:
    """The commendations recorded at `event`: its proposals with their state, and linked decisions."""

    links = list(
        Commendation.objects.filter(event=event)
        .select_related("proposal__form", "proposal__decision", "decision__form", "decision__issuer")
        .order_by("pk")
    )
    proposal_ids = [c.proposal_id for c in links if c.proposal_id]
    decision_ids = [c.decision_id for c in links if c.decision_id]
    by_proposal: dict[int, list[str]] = {}
    by_decision: dict[int, list[str]] = {}
    for proposal_id, decision_id, name in (
        Nominee.objects.filter(Q(proposal__in=proposal_ids) | Q(proposal__decision__in=decision_ids))
        .values_list("proposal_id", "proposal__decision_id", "name")
        .order_by("pk")
    ):
        by_proposal.setdefault(proposal_id, []).append(name)
        if decision_id:
            by_decision.setdefault(decision_id, []).append(name)
    all_decisions = decision_ids + [
        c.proposal.decision_id for c in links if c.proposal and c.proposal.decision_id
    ]
    visible_decisions = set(
        Proposal.objects.visible_to(user)
        .filter(decision__in=all_decisions)
        .values_list("decision_id", flat=True)
    )
    rows = []
    for link in links:
        if link.proposal is not None:
            p = link.proposal
            decision = p.decision
            rows.append(
                CommendationRow(
                    form=p.form.name,
                    names=by_proposal.get(p.pk, []),
                    state=str(p.get_status_display()),
                    proposal_id=p.pk,
                    decision_id=decision.pk if decision else None,
                    decision_label=_decision_label(decision) if decision else "",
                    decision_visible=bool(decision and decision.pk in visible_decisions),
                )
            )
        elif link.decision is not None:
            d = link.decision
            rows.append(
                CommendationRow(
                    form=d.form.name,
                    names=by_decision.get(d.pk, []),
                    state=str(_("Đã quyết định khen thưởng")),
                    proposal_id=None,
                    decision_id=d.pk,
                    decision_label=_decision_label(d),
                    decision_visible=d.pk in visible_decisions,
                )
            )
    return rows


def _decision_label(decision: Any) -> str:
    return str(
        _("Quyết định số %(number)s ngày %(day)s")
        % {"number": decision.number, "day": decision.issued_on.strftime("%d/%m/%Y")}
    )


def event_of_proposal(proposal_id: int, user: Any) -> Event | None:
    """The festival point a commendation proposal came from, if `user` may see it (for the awards page)."""
    return (
        Event.objects.visible_to(user)
        .filter(commendations__proposal_id=proposal_id)
        .select_related("commune", "area", "organisation", "campaign")
        .first()
    )


def calendar_token_owner(token: str) -> Any:
    """The active user whose active feed token this is, or None (wrong, revoked, or inactive account)."""
    if not token or len(token) > 100:
        return None
    found = (
        CalendarToken.objects.filter(token_hash=rules.calendar_token_hash(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if found is None or not found.user.is_active:
        return None
    return found.user
