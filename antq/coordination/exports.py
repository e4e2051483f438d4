"""Excel exports of the coordination lists (openpyxl); the views audit every export."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from antq.coordination.queries import DeploymentRow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _d(day: Any) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _workbook(title: str, headers: list[str], rows: Any, widths: list[int]) -> bytes:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([title])
    sheet.append([_("Ngày xuất"), timezone.localdate().strftime("%d/%m/%Y")])
    sheet.append(headers)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A4"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def programmes_xlsx(programmes: Any) -> bytes:
    return _workbook(
        _("Chương trình phối hợp"),
        [
            _("STT"),
            _("Số, ký hiệu"),
            _("Trích yếu"),
            _("Đơn vị chủ trì"),
            _("Cấp"),
            _("Ngày ký"),
            _("Từ ngày"),
            _("Đến ngày"),
            _("Triển khai văn bản"),
            _("Số bên"),
            _("Số báo cáo"),
        ],
        (
            [
                i,
                p.number,
                p.title,
                p.owner.name,
                p.get_level_display(),
                _d(p.signed_on),
                _d(p.period_from),
                _d(p.period_to),
                p.deploys.number if p.deploys else "",
                p.party_count,
                p.report_count,
            ]
            for i, p in enumerate(programmes, 1)
        ),
        [6, 18, 50, 30, 14, 12, 12, 12, 18, 8, 10],
    )


def overview_xlsx(rows: list[DeploymentRow]) -> bytes:
    return _workbook(
        _("Triển khai chương trình toàn quốc"),
        [
            _("STT"),
            _("Số, ký hiệu"),
            _("Trích yếu"),
            _("Số tỉnh đã triển khai"),
            _("Tổng số tỉnh"),
            _("Tỷ lệ (%)"),
            _("Chưa triển khai"),
        ],
        (
            [
                i,
                r.programme.number,
                r.programme.title,
                len(r.deployed),
                r.total,
                r.percent if r.percent is not None else "",
                ", ".join(p.name for p in r.missing),
            ]
            for i, r in enumerate(rows, 1)
        ),
        [6, 18, 50, 12, 12, 10, 80],
    )


def inspections_xlsx(inspections: Any) -> bytes:
    return _workbook(
        _("Đợt kiểm tra"),
        [
            _("STT"),
            _("Số kế hoạch"),
            _("Nội dung"),
            _("Đơn vị kiểm tra"),
            _("Từ ngày"),
            _("Đến ngày"),
            _("Số đơn vị được kiểm tra"),
            _("Kiến nghị chưa xong"),
            _("Kiến nghị quá hạn"),
        ],
        (
            [
                i,
                x.plan_number,
                x.title,
                x.inspector.name,
                _d(x.planned_from),
                _d(x.planned_to),
                x.unit_count,
                x.open_count,
                x.overdue_count,
            ]
            for i, x in enumerate(inspections, 1)
        ),
        [6, 18, 50, 30, 12, 12, 12, 12, 12],
    )
