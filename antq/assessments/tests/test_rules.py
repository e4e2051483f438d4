"""Table-driven tests of the pure rules: no database, every boundary of the regulations' numbers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D

import pytest

from antq.assessments import rules
from antq.assessments.models import MovementClass
from antq.assessments.rules import (
    Cap,
    ClassificationUnavailable,
    CriterionSpec,
    Deduction,
    Threshold,
)
from antq.core.errors import DomainError

# Test data only: the numbers are made up, the engine takes them as configuration.
THRESHOLDS = [
    Threshold("excellent", D("90")),
    Threshold("good", D("70")),
    Threshold("average", D("50")),
    Threshold("weak", D("0")),
]
SHEET = [
    CriterionSpec("1", D("30")),
    CriterionSpec("2", D("20")),
    CriterionSpec("2a", D("12.5"), "2"),
    CriterionSpec("2b", D("7.5"), "2"),
    CriterionSpec("3", D("50")),
]
WINDOWS = {"residential_area": ((11, 1), (10, 31)), "commune": ((11, 16), (11, 15))}


def test_class_order_matches_the_model() -> None:
    assert tuple(MovementClass.values) == rules.CLASS_ORDER


# --- sheet ---------------------------------------------------------------------------------------


def test_consistent_sheet_passes() -> None:
    rules.validate_sheet(SHEET)
    assert rules.sheet_problems(SHEET, D("100")) == []


@pytest.mark.parametrize(
    ("criteria", "max_total", "message"),
    [
        (
            [CriterionSpec("1", D("45")), CriterionSpec("2", D("50"))],
            D("100"),
            "Tổng điểm tối đa của bảng chấm là 95,0, phải bằng 100,0.",
        ),
        (
            [CriterionSpec("1", D("60")), CriterionSpec("2", D("50"))],
            D("100"),
            "là 110,0, phải bằng 100,0",
        ),
        (
            [*SHEET[:2], CriterionSpec("2a", D("12.5"), "2"), CriterionSpec("2b", D("5"), "2"), SHEET[4]],
            D("100"),
            r"nội dung của tiêu chí 2 là 17,5, phải bằng điểm tối đa của tiêu chí \(20,0\)",
        ),
        ([CriterionSpec("1", D("-5")), CriterionSpec("2", D("105"))], D("100"), "phải không âm"),
        ([CriterionSpec("1", D("99.95")), CriterionSpec("2", D("0.05"))], D("100"), "một chữ số thập phân"),
        ([CriterionSpec("1", None), CriterionSpec("2", D("100"))], D("100"), "1 chưa có điểm tối đa"),
        ([CriterionSpec("1", D("50")), CriterionSpec("1", D("50"))], D("100"), "Mã tiêu chí 1 bị trùng"),
        ([CriterionSpec("1", D("100")), CriterionSpec("1a", D("5"), "9")], D("100"), "tiêu chí 9 không có"),
        (
            [CriterionSpec("1", D("100")), CriterionSpec("a", D("5"), "b"), CriterionSpec("b", D("5"), "a")],
            D("100"),
            "vòng lặp",
        ),
    ],
)
def test_inconsistent_sheet_is_refused(criteria: list[CriterionSpec], max_total: D, message: str) -> None:
    with pytest.raises(DomainError, match=message) as caught:
        rules.validate_sheet(criteria, max_total)
    assert caught.value.code == "invalid_sheet"


def test_sheet_problems_are_all_listed() -> None:
    criteria = [CriterionSpec("1", D("45")), CriterionSpec("1a", D("40"), "1"), CriterionSpec("2", D("50"))]
    problems = rules.sheet_problems(criteria, D("100"))
    assert len(problems) == 2
    assert "tiêu chí 1 là 40,0" in problems[0]
    assert "bảng chấm là 95,0" in problems[1]


def test_sheet_without_configured_total_checks_only_parents() -> None:
    rules.validate_sheet([CriterionSpec("1", D("7"))], None)


# --- points --------------------------------------------------------------------------------------


@pytest.mark.parametrize("points", [None, D("0"), D("0.1"), D("2.5"), D("2.50"), D("12.5"), D("10")])
def test_valid_points(points: D | None) -> None:
    rules.validate_points(CriterionSpec("2a", D("12.5"), "2"), points)


@pytest.mark.parametrize(
    ("points", "code"),
    [
        (D("-0.1"), "points_out_of_range"),
        (D("12.6"), "points_out_of_range"),
        (D("100"), "points_out_of_range"),
        (D("NaN"), "points_out_of_range"),
        (D("Infinity"), "points_out_of_range"),
        (D("2.25"), "points_precision"),
        (D("0.05"), "points_precision"),
    ],
)
def test_invalid_points(points: D, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        rules.validate_points(CriterionSpec("2a", D("12.5"), "2"), points)
    assert caught.value.code == code


def test_out_of_range_message_names_criterion_and_maximum() -> None:
    with pytest.raises(DomainError, match=r"Điểm của tiêu chí 2a phải từ 0 đến 12,5\."):
        rules.validate_points(CriterionSpec("2a", D("12.5"), "2"), D("13"))


def test_points_for_criterion_without_maximum_are_refused() -> None:
    with pytest.raises(DomainError, match="chưa có điểm tối đa"):
        rules.validate_points(CriterionSpec("x", None), D("1"))


# --- totals --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "total", "complete"),
    [
        ({}, D("0.0"), False),
        ({"1": D("30"), "2a": D("12.5"), "2b": D("7.5"), "3": D("50")}, D("100.0"), True),
        ({"1": D("28.5"), "2a": D("10"), "2b": None, "3": D("41.3")}, D("79.8"), False),
        ({"1": D("0"), "2a": D("0"), "2b": D("0"), "3": D("0")}, D("0.0"), True),
        # A score given for a parent with sub-items is derived, not counted twice.
        ({"1": D("30"), "2": D("20"), "2a": D("1"), "2b": D("2"), "3": D("3")}, D("36.0"), True),
    ],
)
def test_total_and_completeness(scores: dict[str, D | None], total: D, complete: bool) -> None:
    assert rules.total_points(SHEET, scores) == total
    assert rules.is_complete(SHEET, scores) is complete


def test_subtotals_sum_children_into_parents() -> None:
    scores = {"1": D("28.5"), "2a": D("10"), "2b": D("6.5")}
    assert rules.subtotals(SHEET, scores) == {
        "1": D("28.5"),
        "2": D("16.5"),
        "2a": D("10.0"),
        "2b": D("6.5"),
        "3": D("0.0"),
    }


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"9": D("1")}, "Tiêu chí 9 không thuộc bảng chấm"),
        ({"2a": D("13")}, "phải từ 0 đến 12,5"),
        ({"1": D("1.25")}, "một chữ số thập phân"),
    ],
)
def test_totals_refuse_bad_scores(scores: dict[str, D | None], message: str) -> None:
    with pytest.raises(DomainError, match=message):
        rules.total_points(SHEET, scores)


# --- deductions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "deductions", "conditions", "expected"),
    [
        (D("80"), [], {}, D("80.0")),
        (D("80"), [Deduction("disqualifying_event", D("6"))], {}, D("80.0")),
        (D("80"), [Deduction("disqualifying_event", D("6"))], {"disqualifying_event": 0}, D("80.0")),
        (D("80"), [Deduction("disqualifying_event", D("6"))], {"disqualifying_event": 2}, D("68.0")),
        # points × occurrences capped by max_total
        (D("80"), [Deduction("disqualifying_event", D("6"), D("10"))], {"disqualifying_event": 1}, D("74.0")),
        (D("80"), [Deduction("disqualifying_event", D("6"), D("10"))], {"disqualifying_event": 3}, D("70.0")),
        (D("80"), [Deduction("disqualifying_event", D("6"), D("12"))], {"disqualifying_event": 2}, D("68.0")),
        # several rules add up
        (
            D("80"),
            [Deduction("disqualifying_event", D("6"), D("10")), Deduction("not_recognised", D("2.5"))],
            {"disqualifying_event": 5, "not_recognised": 1},
            D("67.5"),
        ),
        # floored at 0
        (D("5"), [Deduction("disqualifying_event", D("6"))], {"disqualifying_event": 1}, D("0")),
        (D("0"), [Deduction("disqualifying_event", D("6"))], {"disqualifying_event": 4}, D("0")),
    ],
)
def test_apply_deductions(
    total: D, deductions: list[Deduction], conditions: dict[str, int], expected: D
) -> None:
    assert rules.apply_deductions(total, deductions, conditions) == expected


@pytest.mark.parametrize(
    ("deduction", "occurrences"),
    [
        (Deduction("disqualifying_event", D("6")), -1),
        (Deduction("disqualifying_event", D("-6")), 1),
        (Deduction("disqualifying_event", D("6"), D("-1")), 1),
    ],
)
def test_negative_deductions_are_refused(deduction: Deduction, occurrences: int) -> None:
    with pytest.raises(DomainError, match="không được âm"):
        rules.apply_deductions(D("50"), [deduction], {"disqualifying_event": occurrences})


# --- classification ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (D("100"), "excellent"),
        (D("90.0"), "excellent"),
        (D("89.9"), "good"),
        (D("70"), "good"),
        (D("69.9"), "average"),
        (D("50"), "average"),
        (D("49.9"), "weak"),
        (D("0"), "weak"),
    ],
)
def test_classify_at_every_boundary(total: D, expected: str) -> None:
    assert rules.classify(total, THRESHOLDS, [], set()) == expected


@pytest.mark.parametrize(
    ("total", "caps", "conditions", "expected"),
    [
        # not recognised under TT 124: capped at a configured class
        (D("95"), [Cap("not_recognised", "good")], {"not_recognised"}, "good"),
        # the cap's condition does not hold
        (D("95"), [Cap("not_recognised", "good")], set(), "excellent"),
        (D("95"), [Cap("not_recognised", "good")], {"disqualifying_event"}, "excellent"),
        # a cap never raises a class
        (D("55"), [Cap("not_recognised", "good")], {"not_recognised"}, "average"),
        # two caps apply: the lowest wins, whatever their order
        (
            D("95"),
            [Cap("not_recognised", "good"), Cap("disqualifying_event", "average")],
            {"not_recognised", "disqualifying_event"},
            "average",
        ),
        (
            D("95"),
            [Cap("disqualifying_event", "average"), Cap("not_recognised", "good")],
            frozenset({"not_recognised", "disqualifying_event"}),
            "average",
        ),
        # only one of two caps applies
        (
            D("95"),
            [Cap("not_recognised", "good"), Cap("disqualifying_event", "average")],
            {"not_recognised"},
            "good",
        ),
    ],
)
def test_classify_with_caps(total: D, caps: list[Cap], conditions: set[str], expected: str) -> None:
    assert rules.classify(total, THRESHOLDS, caps, conditions) == expected


def test_cap_to_an_unknown_class_is_refused() -> None:
    with pytest.raises(DomainError, match="không hợp lệ"):
        rules.classify(D("95"), THRESHOLDS, [Cap("not_recognised", "gold")], {"not_recognised"})


@pytest.mark.parametrize(
    "thresholds",
    [
        [],
        [Threshold("excellent", None), Threshold("good", None), Threshold("average", None)],
        [Threshold("excellent", D("90")), Threshold("good", None), Threshold("average", D("50"))],
    ],
)
def test_missing_thresholds_make_classification_unavailable(thresholds: list[Threshold]) -> None:
    with pytest.raises(
        ClassificationUnavailable, match=r"ngưỡng điểm của các mức chưa được cấu hình \(cần xác minh\)"
    ):
        rules.classify(D("95"), thresholds, [], set())


def test_total_below_every_configured_threshold_is_not_classified() -> None:
    # "weak" is not configured here: a total under "average" cannot be given "average".
    thresholds = THRESHOLDS[:3]
    assert rules.classify(D("50"), thresholds, [], set()) == "average"
    with pytest.raises(ClassificationUnavailable, match="thấp hơn ngưỡng thấp nhất") as caught:
        rules.classify(D("49.9"), thresholds, [], set())
    assert caught.value.code == "below_lowest_threshold"


def test_classes_may_be_left_out_of_the_table() -> None:
    thresholds = [Threshold("excellent", D("85")), Threshold("average", D("0"))]
    assert rules.classify(D("84.9"), thresholds, [], set()) == "average"


@pytest.mark.parametrize(
    ("thresholds", "message"),
    [
        ([Threshold("excellent", D("70")), Threshold("good", D("70"))], r"Khá \(70,0\) phải thấp hơn"),
        ([Threshold("excellent", D("70")), Threshold("good", D("80"))], r"Xuất sắc \(70,0\)"),
        (
            [Threshold("weak", D("70")), Threshold("excellent", D("90")), Threshold("average", D("65"))],
            r"Yếu \(70,0\) phải thấp hơn ngưỡng của mức Trung bình \(65,0\)",
        ),
        ([Threshold("excellent", D("90")), Threshold("excellent", D("80"))], "nhiều hơn một ngưỡng"),
        ([Threshold("gold", D("90"))], "không hợp lệ"),
        ([Threshold("good", D("-1"))], "không âm"),
        ([Threshold("good", D("70.05"))], "một chữ số thập phân"),
    ],
)
def test_invalid_thresholds_are_refused(thresholds: list[Threshold], message: str) -> None:
    with pytest.raises(DomainError, match=message) as caught:
        rules.validate_thresholds(thresholds)
    assert not isinstance(caught.value, ClassificationUnavailable)


def test_validate_thresholds_returns_them_best_first() -> None:
    shuffled = [THRESHOLDS[2], THRESHOLDS[0], THRESHOLDS[3], THRESHOLDS[1]]
    assert rules.validate_thresholds(shuffled) == THRESHOLDS


# --- TT 124 recognition --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        ({"KDC-1": True, "KDC-2": True, "KDC-3": True}, True),
        ({"KDC-1": True, "KDC-2": False, "KDC-3": True}, False),
        ({"KDC-1": None, "KDC-2": False}, False),
        ({"KDC-1": True, "KDC-2": None}, None),
        ({"KDC-1": None}, None),
        ({}, None),
    ],
)
def test_standard_met(results: dict[str, bool | None], expected: bool | None) -> None:
    assert rules.standard_met(results) is expected


@pytest.mark.parametrize(
    ("total", "registered", "recognised", "expected"),
    [
        (100, 100, 70, True),
        (100, 100, 69, False),
        (10, 10, 7, True),
        (10, 10, 6, False),
        (10000, 10000, 7000, True),
        (10000, 10000, 6999, False),  # 69.99 %
        (3, 3, 3, True),
        (3, 3, 2, False),  # 66.7 %
        (100, 99, 99, False),  # 99 % registered
        (100, 100, 100, True),
        (0, 0, 0, True),  # no unit under the commune: nothing failed
    ],
)
def test_commune_share_check(total: int, registered: int, recognised: int, expected: bool) -> None:
    assert (
        rules.commune_share_check(
            total,
            registered,
            recognised,
            min_registered_share=D("1.00"),
            min_recognised_share=D("0.70"),
        )
        is expected
    )


def test_commune_shares_come_from_parameters() -> None:
    assert rules.commune_share_check(
        100, 95, 60, min_registered_share=D("0.95"), min_recognised_share=D("0.6")
    )


@pytest.mark.parametrize(
    ("total", "registered", "recognised", "registered_share"),
    [
        (10, 11, 5, D("1")),
        (10, 5, 6, D("1")),
        (-1, 0, 0, D("1")),
        (10, 10, -1, D("1")),
        (10, 10, 7, D("1.5")),
        (10, 10, 7, D("-0.1")),
    ],
)
def test_commune_share_check_refuses_bad_input(
    total: int, registered: int, recognised: int, registered_share: D
) -> None:
    with pytest.raises(DomainError):
        rules.commune_share_check(
            total,
            registered,
            recognised,
            min_registered_share=registered_share,
            min_recognised_share=D("0.70"),
        )


@pytest.mark.parametrize(
    ("total", "signed", "expected"),
    [
        (120, 120, True),
        (120, 119, False),
        (1, 1, True),
        (0, 0, True),
        (None, 10, None),
        (120, None, None),
        (None, None, None),
    ],
)
def test_households_share_met(total: int | None, signed: int | None, expected: bool | None) -> None:
    assert rules.households_share_met(total, signed) is expected


def test_households_share_can_be_configured() -> None:
    assert rules.households_share_met(100, 95, min_share=D("0.95")) is True
    assert rules.households_share_met(100, 94, min_share=D("0.95")) is False


def test_more_households_signed_than_resident_is_refused() -> None:
    with pytest.raises(DomainError, match="Số hộ ký cam kết"):
        rules.households_share_met(10, 11)


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done_on", "deadline", "late", "days"),
    [
        (date(2025, 3, 30), date(2025, 3, 31), False, 0),
        (date(2025, 3, 31), date(2025, 3, 31), False, 0),
        (date(2025, 4, 1), date(2025, 3, 31), True, 1),
        (date(2025, 12, 1), date(2025, 11, 20), True, 11),
        (date(2026, 1, 1), date(2025, 12, 31), True, 1),
        (date(2024, 3, 1), date(2024, 2, 28), True, 2),  # leap year: 29/02 counts
    ],
)
def test_lateness(done_on: date, deadline: date, late: bool, days: int) -> None:
    assert rules.is_late(done_on, deadline) is late
    assert rules.days_late(done_on, deadline) == days


def test_datetimes_are_refused_where_a_day_is_expected() -> None:
    with pytest.raises(TypeError):
        rules.is_late(datetime(2025, 4, 1, 0, 30), date(2025, 3, 31))


@pytest.mark.parametrize(
    ("subject_type", "year", "start", "end"),
    [
        ("residential_area", 2025, date(2024, 11, 1), date(2025, 10, 31)),
        ("commune", 2025, date(2024, 11, 16), date(2025, 11, 15)),
        ("commune", 2024, date(2023, 11, 16), date(2024, 11, 15)),
    ],
)
def test_default_window_starts_in_the_previous_year(
    subject_type: str, year: int, start: date, end: date
) -> None:
    assert rules.default_window(subject_type, year, WINDOWS) == (start, end)


@pytest.mark.parametrize(
    ("windows", "year", "expected"),
    [
        ({"x": ((1, 1), (12, 31))}, 2025, (date(2025, 1, 1), date(2025, 12, 31))),
        # the old TT 23 reading "31/10 – 31/10": start equal to end means the previous year
        ({"x": ((10, 31), (10, 31))}, 2025, (date(2024, 10, 31), date(2025, 10, 31))),
        # 29/02: an end clamps back, a start rolls forward, so consecutive windows stay contiguous
        ({"x": ((3, 1), (2, 29))}, 2024, (date(2023, 3, 1), date(2024, 2, 29))),
        ({"x": ((3, 1), (2, 29))}, 2025, (date(2024, 3, 1), date(2025, 2, 28))),
        ({"x": ((2, 29), (2, 28))}, 2025, (date(2024, 2, 29), date(2025, 2, 28))),
        ({"x": ((2, 29), (2, 28))}, 2026, (date(2025, 3, 1), date(2026, 2, 28))),
    ],
)
def test_default_window_edge_days(
    windows: dict[str, tuple[tuple[int, int], tuple[int, int]]], year: int, expected: tuple[date, date]
) -> None:
    assert rules.default_window("x", year, windows) == expected


@pytest.mark.parametrize(
    ("windows", "subject_type", "message"),
    [
        (WINDOWS, "school", "Chưa cấu hình kỳ đánh giá"),
        ({"x": ((13, 1), (10, 31))}, "x", "13"),
        ({"x": ((11, 1), (2, 30))}, "x", "30/2"),
    ],
)
def test_default_window_refuses_bad_configuration(
    windows: dict[str, tuple[tuple[int, int], tuple[int, int]]], subject_type: str, message: str
) -> None:
    with pytest.raises(DomainError, match=message):
        rules.default_window(subject_type, 2025, windows)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 10, 31), False),  # last day of the 2024 window
        (date(2024, 11, 1), True),
        (date(2024, 12, 31), True),  # across the year boundary
        (date(2025, 1, 1), True),
        (date(2025, 10, 31), True),
        (date(2025, 11, 1), False),  # first day of the 2026 window
    ],
)
def test_residential_area_window_2025(day: date, expected: bool) -> None:
    start, end = rules.default_window("residential_area", 2025, WINDOWS)
    assert rules.in_window(day, start, end) is expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 11, 15), False),
        (date(2023, 11, 16), True),
        (date(2024, 2, 29), True),  # leap day
        (date(2024, 11, 15), True),
        (date(2024, 11, 16), False),
    ],
)
def test_commune_window_2024_with_leap_day(day: date, expected: bool) -> None:
    start, end = rules.default_window("commune", 2024, WINDOWS)
    assert (end - start).days == 365  # 366 days, both ends included
    assert rules.in_window(day, start, end) is expected


def test_events_in_window_keep_only_the_years_events() -> None:
    start, end = rules.default_window("residential_area", 2025, WINDOWS)
    events = [
        ("old", date(2024, 10, 31)),
        ("first", date(2024, 11, 1)),
        ("new year", date(2025, 1, 1)),
        ("last", date(2025, 10, 31)),
        ("next", date(2025, 11, 1)),
    ]
    kept = rules.events_in_window(events, start, end, on=lambda event: event[1])
    assert [name for name, _ in kept] == ["first", "new year", "last"]
    assert rules.dates_in_window([d for _, d in events], start, end) == [
        date(2024, 11, 1),
        date(2025, 1, 1),
        date(2025, 10, 31),
    ]


def test_reversed_window_is_refused() -> None:
    with pytest.raises(DomainError, match="ngày bắt đầu sau ngày kết thúc"):
        rules.in_window(date(2025, 1, 1), date(2025, 12, 31), date(2025, 1, 1))


# --- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "rounded", "text"),
    [
        (D("95"), D("95.0"), "95,0"),
        (D("2.25"), D("2.3"), "2,3"),
        (D("2.35"), D("2.4"), "2,4"),
        (D("0.05"), D("0.1"), "0,1"),
        (D("0.04"), D("0.0"), "0,0"),
    ],
)
def test_rounding_and_vietnamese_format(value: D, rounded: D, text: str) -> None:
    assert rules.round_points(value) == rounded
    assert rules.format_points(value) == text
