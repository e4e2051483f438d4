import math
from datetime import date

import pytest

from antq.tips import rules
from antq.tips.rules import DeadlineState, ExtensionRefusal


@pytest.mark.parametrize(
    ("received", "crime", "complex_case", "expected"),
    [
        (date(2026, 1, 1), True, False, date(2026, 1, 21)),  # 20 days
        (date(2026, 2, 20), True, False, date(2026, 3, 12)),  # across a short February
        (date(2026, 1, 10), True, True, date(2026, 3, 10)),  # 2 calendar months
        (date(2026, 12, 31), True, True, date(2027, 2, 28)),  # month end clamps, year rolls
        (date(2028, 12, 31), True, True, date(2029, 2, 28)),
        (date(2027, 12, 31), True, True, date(2028, 2, 29)),  # leap year
        (date(2026, 1, 1), False, False, date(2026, 1, 21)),  # feedback: the setting's 20 days
    ],
)
def test_deadline(received, crime, complex_case, expected):
    assert rules.deadline(received, crime=crime, complex_case=complex_case, feedback_days=20) == expected


@pytest.mark.parametrize(
    ("deadline", "requested", "months", "so_far", "crime", "expected"),
    [
        (date(2026, 1, 21), date(2026, 1, 16), 2, 0, True, None),  # exactly 5 days before
        (date(2026, 1, 21), date(2026, 1, 17), 2, 0, True, ExtensionRefusal.TOO_LATE),  # 4 days before
        (date(2026, 1, 21), date(2026, 1, 22), 1, 0, True, ExtensionRefusal.TOO_LATE),  # after expiry
        (date(2026, 1, 21), date(2026, 1, 1), 3, 0, True, ExtensionRefusal.TOO_LONG),
        (date(2026, 1, 21), date(2026, 1, 1), 0, 0, True, ExtensionRefusal.NOT_POSITIVE),
        (date(2026, 1, 21), date(2026, 1, 1), 1, 1, True, ExtensionRefusal.ALREADY_EXTENDED),  # once only
        (date(2026, 1, 21), date(2026, 1, 1), 1, 0, False, ExtensionRefusal.NOT_CRIME),
        (date(2026, 1, 21), date(2026, 1, 1), 1, 0, True, None),
    ],
)
def test_extension_refusal(deadline, requested, months, so_far, crime, expected):
    assert (
        rules.extension_refusal(
            deadline_on=deadline, requested_on=requested, months=months, extensions_so_far=so_far, crime=crime
        )
        == expected
    )


def test_extension_adds_calendar_months_and_caps_total_at_four_months():
    received = date(2026, 1, 31)
    first = rules.deadline(received, complex_case=True)
    assert first == date(2026, 3, 31)
    assert rules.extended_deadline(first, 2) == date(2026, 5, 31)


@pytest.mark.parametrize(
    ("due", "today", "closed", "expected"),
    [
        (date(2026, 1, 10), date(2026, 1, 11), False, DeadlineState.OVERDUE),
        (date(2026, 1, 10), date(2026, 1, 10), False, DeadlineState.DUE_SOON),
        (date(2026, 1, 15), date(2026, 1, 10), False, DeadlineState.DUE_SOON),
        (date(2026, 1, 16), date(2026, 1, 10), False, DeadlineState.ON_TIME),
        (date(2026, 1, 1), date(2026, 1, 10), True, DeadlineState.CLOSED),
    ],
)
def test_deadline_state(due, today, closed, expected):
    assert rules.deadline_state(due_on=due, today=today, closed=closed, due_soon_days=5) == expected


@pytest.mark.parametrize(
    ("closed_on", "today", "expected"),
    [
        (None, date(2030, 1, 1), False),
        (date(2026, 1, 1), date(2026, 12, 31), False),
        (date(2026, 1, 1), date(2027, 1, 1), True),
    ],
)
def test_retention_expired(closed_on, today, expected):
    assert rules.retention_expired(closed_on=closed_on, today=today, retention_days=365) is expected


# Metres per degree of latitude on the mean-radius sphere: 2 * pi * 6,371,008.8 / 360.
M_PER_DEG = 111_195.08


@pytest.mark.parametrize(
    ("a", "b", "metres"),
    [
        ((21.0, 105.8), (21.0, 105.8), 0.0),
        ((21.0, 105.8), (21.001, 105.8), 0.001 * M_PER_DEG),  # 111.2 m north
        ((21.0, 105.8), (21.0, 105.801), 0.001 * M_PER_DEG * 0.933580),  # 103.8 m east: cos 21°
        ((10.0, 106.0), (10.0045, 106.0), 0.0045 * M_PER_DEG),  # 500.4 m, further south
        # Hà Nội to Thành phố Hồ Chí Minh, by the spherical law of cosines (another formula, same sphere)
        ((21.0285, 105.8542), (10.7769, 106.7009), 1_143_506),
    ],
)
def test_distance_in_metres(a, b, metres):
    if metres > 1_000_000:
        p1, l1, p2, l2 = map(math.radians, (*a, *b))
        cosines = 6_371_008.8 * math.acos(
            math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(l2 - l1)
        )
        assert cosines == pytest.approx(metres, abs=1)
    assert rules.distance_m(a, b) == pytest.approx(metres, rel=1e-3, abs=0.01)


@pytest.mark.parametrize("latitude", [8.5, 16.0, 23.4])
def test_bounding_box_holds_every_point_of_the_radius_and_not_much_more(latitude):
    centre = (latitude, 106.0)
    (south, west), (north, east) = rules.bounding_box(centre, 500)
    for bearing in range(0, 360, 15):  # points 499 m away in every direction are inside
        step = 499 / M_PER_DEG
        rad = math.radians(bearing)
        y = latitude + step * math.cos(rad)
        x = 106.0 + step * math.sin(rad) / math.cos(math.radians(latitude))
        assert south <= y <= north and west <= x <= east, bearing
        assert rules.distance_m(centre, (y, x)) == pytest.approx(499, rel=1e-2)
    # 510 m due north, east, south or west lies outside
    assert latitude + 510 / M_PER_DEG > north and latitude - 510 / M_PER_DEG < south
    assert 106.0 + 510 / M_PER_DEG / math.cos(math.radians(latitude)) > east


@pytest.mark.parametrize(
    ("same_commune", "other_point", "same_category", "other_day", "near", "distance", "same_day", "score"),
    [
        (True, None, False, None, True, None, False, 1),  # same commune, nothing else known
        (True, (21.0005, 105.8), True, date(2026, 11, 20), True, 55.6, True, 8),  # all alike
        (
            False,
            (21.0009, 105.8),
            False,
            date(2026, 11, 21),
            True,
            100.1,
            True,
            3,
        ),  # 100.1 m: not "very near"
        (False, (21.0008, 105.8), True, date(2026, 11, 22), True, 89.0, False, 5),  # 2 days apart
        (False, (21.005, 105.8), True, date(2026, 11, 20), False, None, True, 4),  # 556 m: beyond 500 m
        (False, None, True, date(2026, 11, 20), False, None, True, 4),  # other commune, no point
    ],
)
def test_likeness(same_commune, other_point, same_category, other_day, near, distance, same_day, score):
    like = rules.likeness(
        same_commune=same_commune,
        points=((21.0, 105.8), other_point),
        same_category=same_category,
        days=(date(2026, 11, 20), other_day),
        radius_m=500,
    )
    assert like.near is near
    assert like.distance_m == (None if distance is None else pytest.approx(distance, abs=0.1))
    assert (like.same_day, like.score) == (same_day, score)


def test_likeness_without_this_tips_day_or_point():
    like = rules.likeness(
        same_commune=True,
        points=(None, (21.0, 105.8)),
        same_category=False,
        days=(None, date(2026, 1, 1)),
        radius_m=500,
    )
    assert (like.near, like.distance_m, like.same_day, like.score) == (True, None, False, 1)


@pytest.mark.parametrize(
    ("point", "inside"),
    [
        ((23.3636, 105.3164), True),  # Lũng Cú, the northern tip
        ((8.5980, 104.7240), True),  # Mũi Cà Mau
        ((22.3370, 102.1440), True),  # A Pa Chải, the western tip
        ((16.5333, 111.6000), True),  # Đặc khu Hoàng Sa
        ((7.8917, 112.9167), True),  # An Bang, Đặc khu Trường Sa: below 8° N
        ((48.8566, 2.3522), False),  # Paris
        ((13.7563, 100.5018), False),  # Bangkok: west of the box
        ((25.0330, 121.5654), False),  # Đài Bắc: north and east of it
        ((12.2, 105.8), True),  # Phnom Penh lies inside the box: a coarse check, not a border
    ],
)
def test_point_in_vietnam_box(point, inside):
    assert rules.in_vietnam(point) is inside
