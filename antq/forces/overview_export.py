"""Excel export of the force overview: the same table as the page, with its totals row."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from antq.forces import rules
from antq.forces.overview import AGE_CODES, ForceCounts, ForceOverview


def headers() -> list[str]:
    return [
        _("Khu dân cư"),
        _("Khu dân cư có tổ"),
        _("Khu dân cư chưa có tổ"),
        _("Tỷ lệ khu dân cư có tổ (%)"),
        _("Số tổ"),
        _("Số thành viên"),
        _("Tổ trưởng"),
        _("Tổ phó"),
        _("Tổ viên"),
        *[_("Tuổi %(band)s") % {"band": label} for _code, label, *_rest in rules.AGE_BANDS],
    ]


def _values(c: ForceCounts) -> list[object]:
    return [
        c.areas,
        c.areas_covered,
        c.areas_uncovered,
        c.coverage_percent,
        c.teams,
        c.members,
        c.leaders,
        c.deputies,
        c.plain_members,
        *[getattr(c, code) for code in AGE_CODES],
    ]


def overview_xlsx(view: ForceOverview) -> bytes:
    """One sheet: title, place and date, the bold header row, one row per child and the totals."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Tổng hợp lực lượng")
    place = view.unit.name if view.unit is not None else _("Toàn quốc")
    sheet.append([_("Tổng hợp lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở"), place])
    sheet.append([_("Ngày xuất"), timezone.localdate().strftime("%d/%m/%Y")])
    sheet.append([])
    first = {"province": _("Tỉnh, thành phố"), "commune": _("Xã, phường, đặc khu"), "team": _("Tổ")}[
        view.child_level
    ]
    sheet.append([_("STT"), first, *headers()])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    header_row = sheet.max_row
    for index, row in enumerate(view.rows, 1):
        sheet.append([index, row.label, *_values(row)])
    sheet.append(["", _("Tổng cộng"), *_values(view.totals)])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 36
    for index in range(len(headers())):
        sheet.column_dimensions[get_column_letter(3 + index)].width = 13
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
