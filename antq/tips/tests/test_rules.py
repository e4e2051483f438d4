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
