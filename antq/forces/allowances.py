"""The monthly allowance list of a commune (Luật 30/2023/QH15 Art. 23 k1): read model and Excel.

The amounts come from `rules.monthly_allowance` (pro rata by days of active membership) applied to
the province's `AllowanceRate` rows; two queries whatever the size of the commune.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from io import BytesIO

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from antq.forces import rules
from antq.forces.models import AllowanceRate, Membership, Person, Team
from antq.units.models import Unit

ROLE_ORDER: dict[str, int] = {"leader": 0, "deputy": 1, "member": 2}


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, self.month, rules.month_days(self.year, self.month))

    @property
    def label(self) -> str:
        return f"{self.month:02d}/{self.year}"

    @property
    def param(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def parse(cls, text: str) -> Month | None:
        """ "2026-11" (an HTML month input) or "11/2026"; None when malformed or outside 2024…this month."""
        text = (text or "").strip()
        try:
            if "/" in text:
                month_text, year_text = text.split("/", 1)
            else:
                year_text, month_text = text.split("-", 1)
            month = cls(int(year_text), int(month_text))
            month.first  # noqa: B018 - validates the month number
        except ValueError:
            return None
        today = timezone.localdate()
        # The force exists from 01/07/2024; a month not yet begun has no days to pay.
        if (month.year, month.month) < (2024, 7) or month.first > today:
            return None
        return month

    @classmethod
    def current(cls) -> Month:
        today = timezone.localdate()
        return cls(today.year, today.month)


@dataclass
class PaymentLine:
    """One person's allowance in the month, with the team and role of their last period in it."""

    person: Person
    team: Team
    role: str
    roles: list[str]
    allowance: rules.MonthlyAllowance

    @property
    def role_label(self) -> str:
        return " → ".join(str(Membership.Role(r).label) for r in self.roles)

    @property
    def rates(self) -> list[int]:
        return list(dict.fromkeys(s.rate for s in self.allowance.segments if s.rate is not None))


@dataclass
class TeamTotal:
    team: Team
    people: int = 0
    days: int = 0
    amount: int = 0


@dataclass
class PaymentList:
    commune: Unit
    month: Month
    lines: list[PaymentLine]
    rates: list[AllowanceRate]
    teams: list[TeamTotal] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(line.allowance.amount for line in self.lines)

    @property
    def total_days(self) -> int:
        return sum(line.allowance.days for line in self.lines)

    @property
    def unrated_lines(self) -> list[PaymentLine]:
        return [line for line in self.lines if line.allowance.unrated_days]

    @property
    def days_in_month(self) -> int:
        return rules.month_days(self.month.year, self.month.month)


def payment_list(commune: Unit, month: Month) -> PaymentList:
    """Everyone with at least one day of membership in the commune's teams during `month` (2 queries)."""
    memberships = (
        Membership.objects.filter(team__commune=commune, joined_on__lte=month.last)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=month.first))
        .select_related("person", "team")
        .order_by("person_id", "joined_on", "pk")
    )
    rates = list(
        AllowanceRate.objects.filter(province_id=commune.parent_id)
        .overlapping(month.first, month.last)
        .order_by("role", "valid_from")
    )
    rule_rates = [rules.Rate(r.role, r.amount, r.valid_from, r.valid_to) for r in rates]
    by_person: dict[int, list[Membership]] = defaultdict(list)
    for membership in memberships:
        by_person[membership.person_id].append(membership)
    lines = []
    for periods in by_person.values():
        allowance = rules.monthly_allowance(
            [rules.ServicePeriod(m.role, m.joined_on, m.left_on) for m in periods],
            rule_rates,
            year=month.year,
            month=month.month,
        )
        if not allowance.days:
            continue  # joined and left on the same day: no day of service
        last = periods[-1]
        roles = list(dict.fromkeys(s.role for s in allowance.segments))
        lines.append(PaymentLine(last.person, last.team, last.role, roles, allowance))
    lines.sort(key=lambda ln: (ln.team.name_folded, ROLE_ORDER[ln.role], ln.person.name_folded, ln.person.pk))
    teams: dict[int, TeamTotal] = {}
    for line in lines:
        total = teams.setdefault(line.team.pk, TeamTotal(line.team))
        total.people += 1
        total.days += line.allowance.days
        total.amount += line.allowance.amount
    return PaymentList(commune, month, lines, rates, list(teams.values()))


# --- Excel ---------------------------------------------------------------------------------------


def _upper(text: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).upper())


THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def payment_xlsx(plist: PaymentList, *, personal: bool) -> bytes:
    """The payment list with the official heading (NĐ 30/2020 layout), one row per person and the totals.

    Without `personal` (roles that see counts only) the rows are the teams' totals.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Danh sách chi")
    if personal:
        headers = [
            _("STT"),
            _("Họ và tên"),
            _("Số định danh cá nhân"),
            _("Tổ"),
            _("Chức danh"),
            _("Số ngày tham gia"),
            _("Mức hỗ trợ (đồng/tháng)"),
            _("Thành tiền (đồng)"),
            _("Ký nhận"),
        ]
    else:
        headers = [_("STT"), _("Tổ"), _("Số người"), _("Số ngày tham gia"), _("Thành tiền (đồng)")]
    width = len(headers)
    left_end = max(2, width // 2)
    police = _upper(_("Công an %(commune)s") % {"commune": plist.commune.name})
    province = plist.commune.parent.name if plist.commune.parent is not None else ""
    heading = [
        (
            _upper(_("Công an %(province)s") % {"province": province}),
            _upper(_("Cộng hòa xã hội chủ nghĩa Việt Nam")),
        ),
        (police, _("Độc lập - Tự do - Hạnh phúc")),
    ]
    for row, (left, right) in enumerate(heading, 1):
        sheet.cell(row=row, column=1, value=left).font = Font(bold=row == 2)
        sheet.cell(row=row, column=left_end + 1, value=right).font = Font(bold=True)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=left_end)
        sheet.merge_cells(start_row=row, start_column=left_end + 1, end_row=row, end_column=width)
        for column in (1, left_end + 1):
            sheet.cell(row=row, column=column).alignment = Alignment(horizontal="center")
    title_row = 4
    sheet.cell(
        row=title_row,
        column=1,
        value=_upper(_("Danh sách chi hỗ trợ hằng tháng lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở")),
    ).font = Font(bold=True, size=13)
    sheet.cell(
        row=title_row + 1,
        column=1,
        value=_("Tháng %(month)s (%(days)s ngày) — %(commune)s")
        % {"month": plist.month.label, "days": plist.days_in_month, "commune": plist.commune.name},
    ).font = Font(italic=True)
    for row in (title_row, title_row + 1):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        sheet.cell(row=row, column=1).alignment = Alignment(horizontal="center", wrap_text=True)
    header_row = title_row + 3
    for column, text in enumerate(headers, 1):
        cell = sheet.cell(row=header_row, column=column, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
    row = header_row
    money = "#,##0"
    if personal:
        for index, line in enumerate(plist.lines, 1):
            row += 1
            values = [
                index,
                line.person.full_name,
                line.person.citizen_id,
                line.team.name,
                line.role_label,
                line.allowance.days,
                " + ".join(f"{r:,}".replace(",", ".") for r in line.rates)
                if len(line.rates) > 1
                else (line.rates[0] if line.rates else None),
                line.allowance.amount,
                "",
            ]
            for column, value in enumerate(values, 1):
                cell = sheet.cell(row=row, column=column, value=value)
                cell.border = BOX
                if column in (7, 8) and isinstance(value, int):
                    cell.number_format = money
            sheet.cell(row=row, column=3).number_format = "@"
        totals = ["", _("Tổng cộng"), "", "", "", plist.total_days, "", plist.total, ""]
    else:
        for index, team in enumerate(plist.teams, 1):
            row += 1
            for column, value in enumerate([index, team.team.name, team.people, team.days, team.amount], 1):
                cell = sheet.cell(row=row, column=column, value=value)
                cell.border = BOX
                if column == 5:
                    cell.number_format = money
        totals = ["", _("Tổng cộng"), len(plist.lines), plist.total_days, plist.total]
    row += 1
    for column, value in enumerate(totals, 1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.font = Font(bold=True)
        cell.border = BOX
        if isinstance(value, int) and column == width - (1 if personal else 0):
            cell.number_format = money
    row += 1
    sheet.cell(
        row=row,
        column=1,
        value=_(
            "Số ngày của tháng: %(days)s. Thành tiền = mức hỗ trợ × số ngày tham gia ÷ số ngày "
            "của tháng, làm tròn đến đồng."
        )
        % {"days": plist.days_in_month},
    ).font = Font(italic=True, size=9)
    row += 2
    today = timezone.localdate()
    place = sheet.cell(
        row=row,
        column=left_end + 1,
        value=_("Ngày %(d)s tháng %(m)s năm %(y)s")
        % {"d": f"{today.day:02d}", "m": f"{today.month:02d}", "y": today.year},
    )
    place.font = Font(italic=True)
    row += 1
    sheet.cell(row=row, column=1, value=_upper(_("Người lập biểu"))).font = Font(bold=True)
    sheet.cell(row=row, column=left_end + 1, value=_upper(_("Trưởng Công an xã"))).font = Font(bold=True)
    widths = [6, 28, 16, 24, 16, 10, 16, 16, 14] if personal else [6, 32, 10, 12, 18]
    for column, value in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = value
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
