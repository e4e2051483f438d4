"""Excel export of the cycle overview: the same table as the page, with its totals row."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from antq.assessments.overview import Counts, Overview

COLUMNS = (
    "subjects",
    "registered",
    "registered_late",
    "registered_percent",
    "submitted",
    "submitted_late",
    "submitted_percent",
    "approved",
    "decided",
    "recognised",
    "recognised_percent",
    "excellent",
    "good",
    "average",
    "weak",
)


def headers() -> list[str]:
    return [
        _("Số đối tượng"),
        _("Đăng ký"),
        _("Đăng ký muộn"),
        _("Tỷ lệ đăng ký (%)"),
        _("Đã gửi hồ sơ"),
        _("Gửi muộn"),
        _("Tỷ lệ gửi trên số đăng ký (%)"),
        _("Đã thẩm định"),
        _("Đã quyết định"),
        _("Được công nhận"),
        _("Tỷ lệ công nhận trên số đăng ký (%)"),
        _("Xuất sắc"),
        _("Khá"),
        _("Trung bình"),
        _("Yếu"),
    ]


def _values(counts: Counts) -> list[object]:
    return [getattr(counts, name) for name in COLUMNS]


def overview_xlsx(view: Overview) -> bytes:
    """One sheet: title, export date, the header row in bold, one row per child unit and the totals."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Tổng hợp")
    place = view.unit.name if view.unit is not None else _("Toàn quốc")
    sheet.append([_("Tổng hợp kết quả kỳ đánh giá năm %(year)s") % {"year": view.cycle.year}, place])
    sheet.append([_("Ngày xuất"), timezone.localdate().strftime("%d/%m/%Y")])
    sheet.append([])
    first = _("Loại đối tượng") if view.child_level == "subject_type" else _("Đơn vị")
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
    for index in range(len(COLUMNS)):
        sheet.column_dimensions[chr(ord("C") + index)].width = 14
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
