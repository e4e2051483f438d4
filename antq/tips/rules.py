"""Deadlines of tip-offs (BLTTHS 2015 Art. 147) as pure functions: no database, table-tested.

- A crime tip is resolved within 20 days of receipt, or up to 2 months when it is complex or must be
  verified in many places (k1, k2; calendar months).
- The procuracy may extend once, by at most 2 months; the request is made at least 5 days before
  the deadline expires (k3).
Feedback (phản ánh, kiến nghị) is answered within settings.ANTQ_TIPS_FEEDBACK_DAYS (UNCONFIRMED).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class DeadlineRules:
    """The numbers of Art. 147 (CONFIRMED, domain/06 §4.1); passed in so that tests can vary them."""

    normal_days: int = 20
    complex_months: int = 2
    max_extension_months: int = 2
    request_days_before: int = 5
    max_extensions: int = 1


ART_147 = DeadlineRules()


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus calendar months; the 31st of a shorter month becomes its last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def deadline(
    received_on: dt.date,
    *,
    crime: bool = True,
    complex_case: bool = False,
    feedback_days: int = 20,
    rules: DeadlineRules = ART_147,
) -> dt.date:
    """The resolution deadline of a tip received on `received_on`."""
    if not crime:
        return received_on + dt.timedelta(days=feedback_days)
    if complex_case:
        return add_months(received_on, rules.complex_months)
    return received_on + dt.timedelta(days=rules.normal_days)


class ExtensionRefusal(StrEnum):
    NOT_CRIME = "not_crime"
    ALREADY_EXTENDED = "already_extended"
    TOO_LATE = "too_late"
    TOO_LONG = "too_long"
    NOT_POSITIVE = "not_positive"


def extension_refusal(
    *,
    deadline_on: dt.date,
    requested_on: dt.date,
    months: int,
    extensions_so_far: int,
    crime: bool = True,
    rules: DeadlineRules = ART_147,
) -> ExtensionRefusal | None:
    """Why an extension request is refused, or None when it is allowed."""
    if not crime:
        return ExtensionRefusal.NOT_CRIME
    if extensions_so_far >= rules.max_extensions:
        return ExtensionRefusal.ALREADY_EXTENDED
    if months < 1:
        return ExtensionRefusal.NOT_POSITIVE
    if months > rules.max_extension_months:
        return ExtensionRefusal.TOO_LONG
    if (deadline_on - requested_on).days < rules.request_days_before:
        return ExtensionRefusal.TOO_LATE
    return None


def extended_deadline(deadline_on: dt.date, months: int) -> dt.date:
    return add_months(deadline_on, months)


class DeadlineState(StrEnum):
    CLOSED = "closed"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TIME = "on_time"


def deadline_state(*, due_on: dt.date, today: dt.date, closed: bool, due_soon_days: int) -> DeadlineState:
    if closed:
        return DeadlineState.CLOSED
    if due_on < today:
        return DeadlineState.OVERDUE
    if (due_on - today).days <= due_soon_days:
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TIME


def retention_expired(*, closed_on: dt.date | None, today: dt.date, retention_days: int) -> bool:
    """A closed tip's identity and files are erased `retention_days` after closing."""
    return closed_on is not None and (today - closed_on).days >= retention_days


# --- Duplicates: how near two tips are (suggestions for the officer; nothing is merged automatically) ---

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)
Point = tuple[float, float]  # (latitude, longitude) in degrees

# South-west and north-east corners of the box a tip's point must lie in: the mainland (Lũng Cú 23.36° N,
# Mũi Cà Mau 8.6° N, A Pa Chải 102.14° E) and the sea with Đặc khu Hoàng Sa and Đặc khu Trường Sa, whose
# features reach below 8° N (An Bang, 7.87° N) and past 114° E. A coarse check against typing errors and
# foreign positions, not a border.
VIETNAM_BOUNDS: tuple[Point, Point] = ((6.0, 102.0), (24.0, 118.0))


def in_vietnam(point: Point) -> bool:
    (south, west), (north, east) = VIETNAM_BOUNDS
    return south <= point[0] <= north and west <= point[1] <= east


def distance_m(a: Point, b: Point) -> float:
    """Great-circle distance in metres (haversine): at a few hundred metres, within a metre of WGS 84."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, h)))


def bounding_box(centre: Point, radius_m: float) -> tuple[Point, Point]:
    """South-west and north-east corners of a box holding every point within `radius_m` of `centre`
    (a cheap pre-filter for the database; `distance_m` decides)."""
    lat, lon = centre
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = math.degrees(radius_m / (EARTH_RADIUS_M * max(math.cos(math.radians(lat)), 1e-6)))
    return (lat - dlat, lon - dlon), (lat + dlat, lon + dlon)


@dataclass(frozen=True)
class Likeness:
    """Why an earlier tip may be the same matter as this one; `score` orders the suggestions."""

    same_commune: bool
    distance_m: float | None  # both tips have a point
    same_category: bool
    same_day: bool  # both give the day it happened, at most one day apart

    @property
    def near(self) -> bool:
        return self.same_commune or self.distance_m is not None

    @property
    def score(self) -> int:
        place = 0 if self.distance_m is None else 3 if self.distance_m <= 100 else 1
        return place + self.same_commune + 2 * self.same_category + 2 * self.same_day


def likeness(
    *,
    same_commune: bool,
    points: tuple[Point | None, Point | None],
    same_category: bool,
    days: tuple[dt.date | None, dt.date | None],
    radius_m: float,
) -> Likeness:
    """How alike two tips are; a point farther than `radius_m` counts as no point (see `Likeness.near`)."""
    a, b = points
    distance = distance_m(a, b) if a is not None and b is not None else None
    first, second = days
    return Likeness(
        same_commune=same_commune,
        distance_m=distance if distance is not None and distance <= radius_m else None,
        same_category=same_category,
        same_day=first is not None and second is not None and abs((first - second).days) <= 1,
    )
