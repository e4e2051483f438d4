"""Pure rules of the force (no database): who may join (Luật 30/2023/QH15 Art. 13) and team size.

Blocking problems stop a member from being recorded; warnings are recorded and shown as badges.
Why the split: age is a fact of the citizen ID and the law allows no exception without a written
decision, and a background check the police found "not clear" is the law's bar. Residence,
education and the health certificate are papers of the dossier that the commune police often
complete after recognising former residential guards and civil-defence leaders (merged into the
force on 01/07/2024), and Art. 15 k3 relaxes the 1-year residence in cases whose scope is
UNCONFIRMED: they warn, so that the roster can be recorded as it is and fixed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

MIN_AGE = 18
MAX_AGE = 70  # whole years: a person is "over 70" from the 71st birthday on
MIN_RESIDENCE_YEARS = 1

EDUCATION_ORDER = ("none", "primary", "lower_secondary", "upper_secondary", "higher")
REQUIRED_EDUCATION = "lower_secondary"
REQUIRED_EDUCATION_DIFFICULT_AREA = "primary"

ROLE_LEADER, ROLE_DEPUTY, ROLE_MEMBER = "leader", "deputy", "member"


@dataclass(frozen=True)
class Problem:
    """One unmet condition: a code for programs, a Vietnamese message for people."""

    code: str
    message: str
    blocking: bool


@dataclass(frozen=True)
class Applicant:
    """What the eligibility rule reads about a person (copied from a Person or from a form)."""

    date_of_birth: dt.date
    residence_since: dt.date | None = None
    education_level: str = ""
    health_certificate_on: dt.date | None = None
    background_check: str = "pending"
    age_exception_decision_ref: str = ""


def full_years(start: dt.date, day: dt.date) -> int:
    """Whole years from `start` to `day` (birthdays on 29/02 count on 01/03 in common years)."""
    years = day.year - start.year
    if (day.month, day.day) < (start.month, start.day):
        years -= 1
    return years


def eligibility(applicant: Applicant, *, on: dt.date, difficult_area: bool) -> list[Problem]:
    """Every condition of Art. 13 the applicant does not meet on `on` (empty when eligible)."""
    problems: list[Problem] = []
    age = full_years(applicant.date_of_birth, on)
    if age < MIN_AGE:
        problems.append(
            Problem("under_age", _("Chưa đủ 18 tuổi (hiện %(age)s tuổi).") % {"age": max(age, 0)}, True)
        )
    elif age > MAX_AGE and not applicant.age_exception_decision_ref.strip():
        problems.append(
            Problem(
                "over_age",
                _(
                    "Trên 70 tuổi (%(age)s tuổi): chỉ được tham gia khi có quyết định của Chủ tịch "
                    "UBND cấp xã; hãy ghi số quyết định."
                )
                % {"age": age},
                True,
            )
        )
    if applicant.background_check == "not_clear":
        problems.append(Problem("background", _("Xác minh lý lịch không đạt."), True))
    elif applicant.background_check != "clear":
        problems.append(Problem("background_pending", _("Chưa xác minh lý lịch."), False))
    if applicant.residence_since is None:
        problems.append(Problem("residence_unknown", _("Chưa ghi ngày bắt đầu cư trú."), False))
    elif full_years(applicant.residence_since, on) < MIN_RESIDENCE_YEARS:
        problems.append(Problem("residence_short", _("Cư trú tại địa phương chưa đủ 1 năm."), False))
    required = REQUIRED_EDUCATION_DIFFICULT_AREA if difficult_area else REQUIRED_EDUCATION
    if not applicant.education_level:
        problems.append(Problem("education_unknown", _("Chưa ghi trình độ học vấn."), False))
    elif EDUCATION_ORDER.index(applicant.education_level) < EDUCATION_ORDER.index(required):
        message = (
            _("Chưa tốt nghiệp tiểu học (địa bàn khó khăn yêu cầu tốt nghiệp tiểu học).")
            if difficult_area
            else _("Chưa tốt nghiệp trung học cơ sở.")
        )
        problems.append(Problem("education", message, False))
    if applicant.health_certificate_on is None:
        problems.append(Problem("health", _("Chưa có giấy chứng nhận đủ sức khỏe."), False))
    return problems


def blocking(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.blocking]


def team_size_problems(
    role_counts: Mapping[str, int], *, min_members: int, max_members: int | None
) -> list[str]:
    """Warnings (never blocking: provinces differ) about a team's composition against the province rule."""
    total = sum(role_counts.values())
    problems: list[str] = []
    if total < min_members:
        problems.append(
            _("Tổ có %(n)s thành viên, ít hơn mức tối thiểu %(min)s của tỉnh.")
            % {"n": total, "min": min_members}
        )
    if max_members is not None and total > max_members:
        problems.append(
            _("Tổ có %(n)s thành viên, nhiều hơn mức tối đa %(max)s của tỉnh.")
            % {"n": total, "max": max_members}
        )
    leaders = role_counts.get(ROLE_LEADER, 0)
    if leaders != 1:
        problems.append(_("Tổ cần đúng 1 tổ trưởng (hiện có %(n)s).") % {"n": leaders})
    if role_counts.get(ROLE_DEPUTY, 0) < 1:
        problems.append(_("Tổ chưa có tổ phó."))
    if role_counts.get(ROLE_MEMBER, 0) < 1:
        problems.append(_("Tổ chưa có tổ viên."))
    return problems


# --- Yearly ranking (Hướng dẫn 01/HD-BCA-V05; domain file 03 §8) -----------------------------------

LEVEL_ORDER = ("excellent", "good", "completed", "not_completed")  # best first
EXCELLENT, GOOD = "excellent", "good"


def level_rank(level: str) -> int:
    """0 for the best level; a higher number is a lower level."""
    return LEVEL_ORDER.index(level)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; a day the month lacks becomes the month's last day (31/05 + 9 = 28/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def served_months(start: dt.date, end: dt.date, months: int) -> bool:
    """Whether the days from `start` to `end`, both included, make at least `months` whole months.

    15/02 → 14/11 is exactly 9 months (evaluated); 16/02 → 14/11 is not.
    """
    return add_months(start, months) <= end + dt.timedelta(days=1)


def not_evaluated_reason(
    *, start: dt.date, period_end: dt.date, min_months: int, under_complaint: bool, kind: str
) -> str:
    """Why a team (`kind` "team", `start` = establishment) or a member (`start` = joining) is not ranked.

    Empty when it is ranked. A complaint comes first: it holds whatever the length of service.
    """
    if under_complaint:
        return _("Đang trong thời gian khiếu nại, tố cáo.")
    if not served_months(start, period_end, min_months):
        if kind == "team":
            return _("Tổ thành lập, hoạt động chưa đủ %(n)s tháng (từ %(day)s).") % {
                "n": min_months,
                "day": start.strftime("%d/%m/%Y"),
            }
        return _("Tham gia chưa đủ %(n)s tháng (từ %(day)s).") % {
            "n": min_months,
            "day": start.strftime("%d/%m/%Y"),
        }
    return ""


def excellent_cap(*, good: int, excellent: int, percent: Decimal, base: str, rounding: str) -> int:
    """How many may be ranked excellent: `percent` of the base (the number ranked good, or good and
    excellent), rounded as configured. Exact arithmetic: 20 % of 10 is 2, never 1.9999."""
    base_count = good + excellent if base == "good_and_excellent" else good
    share = Fraction(percent) * base_count / 100
    if rounding == "ceil":
        return math.ceil(share)
    if rounding == "half_up":
        return math.floor(share + Fraction(1, 2))
    return math.floor(share)


@dataclass(frozen=True)
class Violation:
    """A breach of the ranking rules: it blocks recording the decision until fixed."""

    code: str
    message: str
    team_id: int | None = None
    membership_id: int | None = None


def cap_violation(
    *, subject: str, good: int, excellent: int, percent: Decimal, base: str, rounding: str
) -> Violation | None:
    """The 20 % rule for teams (`subject` "team") or members of one commune; None when it holds."""
    cap = excellent_cap(good=good, excellent=excellent, percent=percent, base=base, rounding=rounding)
    if excellent <= cap:
        return None
    what = _("tổ") if subject == "team" else _("thành viên")
    return Violation(
        f"{subject}_excellent_cap",
        _(
            "Có %(excellent)s %(what)s xếp loại “Hoàn thành xuất sắc nhiệm vụ”, vượt mức tối đa %(cap)s "
            "(%(percent)s%% của %(base)s %(what)s làm cơ sở tính)."
        )
        % {
            "excellent": excellent,
            "what": what,
            "cap": cap,
            "percent": f"{percent.normalize():f}".replace(".", ","),
            "base": good + excellent if base == "good_and_excellent" else good,
        },
    )


def leader_above_team(*, member_level: str, team_level: str, exception: str) -> bool:
    """A leader (or acting leader) ranked above the team, without the recorded transfer exception."""
    if not member_level or not team_level or exception.strip():
        return False
    return level_rank(member_level) < level_rank(team_level)


def tasks_share_met(*, assigned: int, done: int, threshold: Decimal) -> bool:
    """T5: done / assigned strictly above the threshold (0.95); no tasks assigned is not met."""
    if assigned <= 0:
        return False
    return Fraction(done, assigned) > Fraction(threshold)


# --- Monthly allowance (Luật 30/2023/QH15 Art. 23 k1; amounts are provincial data) ----------------


@dataclass(frozen=True)
class ServicePeriod:
    """A stretch of membership in one role: active from `start` up to the day before `end`.

    `end` is the leaving day of the membership (`left_on`, None while active): the decision ends the
    membership from that day on, so that day is not paid. A role change is recorded as the old
    membership ending on day D and the new one starting on day D, so D is paid once, in the new role.
    """

    role: str
    start: dt.date
    end: dt.date | None = None


@dataclass(frozen=True)
class Rate:
    """A province's monthly amount (whole VND) for a role, in force `valid_from`..`valid_to` inclusive."""

    role: str
    amount: int
    valid_from: dt.date
    valid_to: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class AllowanceSegment:
    """Consecutive paid days of the month in one role at one rate (amount None: no rate entered)."""

    role: str
    first_day: dt.date
    last_day: dt.date
    days: int
    rate: int | None


@dataclass(frozen=True)
class MonthlyAllowance:
    """One person's allowance for a month: the segments, the paid days and the rounded amount."""

    segments: tuple[AllowanceSegment, ...]
    days_in_month: int
    amount: int

    @property
    def days(self) -> int:
        return sum(s.days for s in self.segments)

    @property
    def unrated_days(self) -> int:
        """Days of membership for which the province has no rate for the role (paid 0, shown as a warning)."""
        return sum(s.days for s in self.segments if s.rate is None)


def month_days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _half_up(value: Fraction) -> int:
    floor = value.numerator // value.denominator
    return floor + 1 if value - floor >= Fraction(1, 2) else floor


def monthly_allowance(
    periods: Sequence[ServicePeriod], rates: Sequence[Rate], *, year: int, month: int
) -> MonthlyAllowance:
    """The allowance of one person for `month`, pro rata by calendar days of active membership.

    Formula: amount = round( Σ over the paid days d of the month  rate(role on d, d) / N ),
    N = number of days of the month (28, 29, 30 or 31). Equivalently, for every stretch of
    consecutive days in one role at one rate: rate × days / N; the stretches are added exactly
    (as fractions) and the person's total is rounded once to whole VND, halves up. A whole month
    pays the full rate whatever its length; a day with no rate entered for the role pays 0 and is
    counted in `unrated_days`. A day covered by two periods (which the data does not allow) is paid once.
    """
    first = dt.date(year, month, 1)
    n = month_days(year, month)
    last = dt.date(year, month, n)
    roles_by_day: dict[dt.date, str] = {}
    for period in sorted(periods, key=lambda p: p.start):
        day = max(period.start, first)
        stop = last if period.end is None else min(last, period.end - dt.timedelta(days=1))
        while day <= stop:
            roles_by_day[day] = period.role  # a later period (the new role) wins the shared day
            day += dt.timedelta(days=1)
    segments: list[AllowanceSegment] = []
    total = Fraction(0)
    for day in sorted(roles_by_day):
        role = roles_by_day[day]
        rate = next((r.amount for r in rates if r.role == role and r.covers(day)), None)
        total += Fraction(rate or 0, n)
        previous = segments[-1] if segments else None
        if (
            previous is not None
            and previous.role == role
            and previous.rate == rate
            and previous.last_day == day - dt.timedelta(days=1)
        ):
            segments[-1] = AllowanceSegment(role, previous.first_day, day, previous.days + 1, rate)
        else:
            segments.append(AllowanceSegment(role, day, day, 1, rate))
    return MonthlyAllowance(tuple(segments), n, _half_up(total))


# --- Age structure of the overview ------------------------------------------------------------------

# (code, label, lowest age, highest age or None); ages are whole years on the day of the tally.
AGE_BANDS: tuple[tuple[str, str, int, int | None], ...] = (
    ("age_18_30", "18–30", 0, 30),
    ("age_31_45", "31–45", 31, 45),
    ("age_46_60", "46–60", 46, 60),
    ("age_61_70", "61–70", 61, 70),
    ("age_over_70", "> 70", 71, None),
)


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (29/02 becomes 28/02 in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def birth_date_range(day: dt.date, low: int, high: int | None) -> tuple[dt.date | None, dt.date]:
    """Dates of birth (after, up to inclusive) of the people aged `low`..`high` whole years on `day`.

    Aged ≥ low  ⇔ born on or before `day` minus `low` years (the birthday has come);
    aged ≤ high ⇔ born after `day` minus `high + 1` years. For a birthday on 29/02 this agrees with
    `full_years` (the birthday falls on 01/03 in a common year).
    """
    up_to = years_before(day, low) if low else day
    after = None if high is None else years_before(day, high + 1)
    return after, up_to


def age_band(date_of_birth: dt.date, day: dt.date) -> str:
    """The code of the age band of a person born on `date_of_birth`, on `day`."""
    age = full_years(date_of_birth, day)
    for code, _label, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return code
    return AGE_BANDS[0][0]
