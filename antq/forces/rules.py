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

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

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
