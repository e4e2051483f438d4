"""Pure rules of commendation: the proposal state machine and who may award a form. No database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

PROPOSED = "proposed"
REVIEWED = "reviewed"
NOT_QUALIFIED = "not_qualified"
RAISED = "raised"
DECIDED = "decided"

# (state, verb) -> next state. A proposal raised to a higher form goes to the level that awards it and
# is reviewed there again; "not qualified" and "decided" are final.
TRANSITIONS: dict[tuple[str, str], str] = {
    (PROPOSED, "review"): REVIEWED,
    (PROPOSED, "reject"): NOT_QUALIFIED,
    (PROPOSED, "raise"): RAISED,
    (RAISED, "review"): REVIEWED,
    (RAISED, "reject"): NOT_QUALIFIED,
    (RAISED, "raise"): RAISED,
    (REVIEWED, "decide"): DECIDED,
    (REVIEWED, "reject"): NOT_QUALIFIED,
    (REVIEWED, "raise"): RAISED,
}


class TransitionError(ValueError):
    """A verb that the proposal's state does not allow; the message is Vietnamese."""


def next_state(state: str, verb: str) -> str:
    """The state after `verb`, or TransitionError when the state does not allow it."""
    try:
        return TRANSITIONS[(state, verb)]
    except KeyError:
        raise TransitionError(
            _("Đề nghị đang ở trạng thái này không thể thực hiện thao tác đã chọn.")
        ) from None


def allowed_verbs(state: str) -> list[str]:
    return [verb for (source, verb) in TRANSITIONS if source == state]


# Unit levels from the lowest; an authority at one level awards only forms of its own level.
LEVEL_ORDER = ("commune", "province", "national")


def may_award(form_level: str, issuer_level: str) -> bool:
    """Luật TĐKT 2022 Art. 80 and following: a form is awarded by the head of its level only."""
    return form_level == issuer_level


def is_above_or_same(level: str, other: str) -> bool:
    return LEVEL_ORDER.index(level) >= LEVEL_ORDER.index(other)


# --- Commemorative medal "Bảo vệ an ninh Tổ quốc" (TT 20/2025/TT-BCA) ------------------------------

# N years of service are 365·N + N//4 days: the shortest length any N calendar years have, so that
# exactly 15 (10) years always qualify whichever leap days they span. Time in especially difficult,
# border or island areas counts twice.
YEARS_REQUIRED = {"male": 15, "female": 10}


@dataclass(frozen=True)
class Period:
    """A recorded service period (a team membership or a legacy force), end None while it lasts."""

    start: dt.date
    end: dt.date | None
    doubled: bool = False


@dataclass(frozen=True)
class MedalCheck:
    eligible: bool
    service_days: int
    required_days: int
    reasons: list[str]


def service_days(periods: list[Period], *, until: dt.date) -> int:
    """Σ (end − start) × (2 in difficult/border/island areas), each period cut at `until`."""
    total = 0
    for period in periods:
        end = min(period.end or until, until)
        if end > period.start:
            total += (end - period.start).days * (2 if period.doubled else 1)
    return total


def required_days(sex: str) -> int:
    years = YEARS_REQUIRED[sex]
    return 365 * years + years // 4


def medal_check(
    *,
    sex: str,
    periods: list[Period],
    until: dt.date,
    already_awarded: bool = False,
    exclusions: list[str] | None = None,
    deferrals: list[str] | None = None,
) -> MedalCheck:
    """Whether a grassroots team member may be proposed for the medal on `until`, and why not."""
    days = service_days(periods, until=until)
    needed = required_days(sex)
    reasons: list[str] = []
    if already_awarded:
        reasons.append(_("Đã được tặng Kỷ niệm chương (chỉ tặng một lần)."))
    reasons += [_("Không xét tặng: %(reason)s") % {"reason": text} for text in exclusions or []]
    reasons += [_("Tạm hoãn xét: %(reason)s") % {"reason": text} for text in deferrals or []]
    if days < needed:
        missing = needed - days
        reasons.append(
            _("Chưa đủ thời gian tham gia: còn thiếu %(days)s ngày (cần %(years)s năm).")
            % {"days": missing, "years": YEARS_REQUIRED[sex]}
        )
    return MedalCheck(not reasons, days, needed, reasons)


# Leaders (TT 20/2025): 10 years in qualifying positions up to the day of the proposal, and at least one
# prior commendation for achievements in protecting national security. Periods in two positions at once
# count once: the days are the union of the periods.
LEADER_YEARS = 10


def leader_required_days() -> int:
    return 365 * LEADER_YEARS + LEADER_YEARS // 4


def union_days(periods: list[Period], *, until: dt.date) -> int:
    """Days covered by at least one period (each cut at `until`); overlaps count once."""
    spans = sorted(
        (p.start, min(p.end or until, until)) for p in periods if min(p.end or until, until) > p.start
    )
    total = 0
    current_start: dt.date | None = None
    current_end: dt.date | None = None
    for start, end in spans:
        if current_end is None or start > current_end:
            if current_start is not None and current_end is not None:
                total += (current_end - current_start).days
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    if current_start is not None and current_end is not None:
        total += (current_end - current_start).days
    return total


def leader_check(
    *,
    periods: list[Period],
    until: dt.date,
    prior_commendations: int,
    already_awarded: bool = False,
    exclusions: list[str] | None = None,
    deferrals: list[str] | None = None,
) -> MedalCheck:
    """Whether a leader may be proposed for the medal on `until`, and why not."""
    days = union_days(periods, until=until)
    needed = leader_required_days()
    reasons: list[str] = []
    if already_awarded:
        reasons.append(_("Đã được tặng Kỷ niệm chương (chỉ tặng một lần)."))
    reasons += [_("Không xét tặng: %(reason)s") % {"reason": text} for text in exclusions or []]
    reasons += [_("Tạm hoãn xét: %(reason)s") % {"reason": text} for text in deferrals or []]
    if days < needed:
        reasons.append(
            _("Chưa đủ thời gian giữ chức vụ: còn thiếu %(days)s ngày (cần %(years)s năm).")
            % {"days": needed - days, "years": LEADER_YEARS}
        )
    if prior_commendations < 1:
        reasons.append(_("Chưa có hình thức khen thưởng nào về thành tích bảo vệ an ninh Tổ quốc."))
    return MedalCheck(not reasons, days, needed, reasons)
