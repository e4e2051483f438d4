"""Excel exports of the three lists (openpyxl, write-only: rows streamed from the database)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from antq.practices.models import Activity, AdvancedExample, PracticeModel


def _d(day: Any) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _book(title: str, header: list[str], rows: Iterable[list[Any]]) -> tuple[bytes, int]:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    bold = Font(bold=True)
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), count


def models_xlsx(queryset: QuerySet[PracticeModel]) -> tuple[bytes, int]:
    header = [
        _("Tên mô hình"),
        _("Loại mô hình"),
        _("Đơn vị"),
        _("Nhân rộng từ"),
        _("Cụm liên kết"),
        _("Ngày bắt đầu"),
        _("Số điểm"),
        _("Số tổ, nhóm"),
        _("Số thành viên"),
        _("Trạng thái"),
        _("Đánh giá gần nhất"),
        _("Năm đánh giá"),
        _("Số quyết định công nhận"),
        _("Ngày công nhận"),
    ]
    rows = (
        [
            m.name,
            m.model_type.name,
            m.unit.name,
            m.origin.name if m.origin else "",
            _("Có") if m.is_cluster else "",
            _d(m.started_on),
            m.points_count,
            m.groups_count,
            m.members_count,
            m.get_status_display(),
            m.get_rating_display() if m.rating else "",
            m.rated_year or "",
            m.recognition_ref,
            _d(m.recognised_on),
        ]
        for m in queryset.iterator(chunk_size=2000)
    )
    return _book(_("Mô hình"), header, rows)


def examples_xlsx(queryset: QuerySet[AdvancedExample]) -> tuple[bytes, int]:
    header = [
        _("Tên tập thể, cá nhân"),
        _("Loại"),
        _("Chức vụ, nơi công tác"),
        _("Đơn vị"),
        _("Thành tích"),
        _("Số quyết định"),
        _("Ngày quyết định"),
        _("Cấp công nhận"),
    ]
    rows = (
        [
            e.name,
            e.get_kind_display(),
            e.position,
            e.unit.name,
            e.achievement,
            e.recognition_ref,
            _d(e.recognised_on),
            e.get_level_display(),
        ]
        for e in queryset.iterator(chunk_size=2000)
    )
    return _book(_("Điển hình tiên tiến"), header, rows)


def activities_xlsx(queryset: QuerySet[Activity]) -> tuple[bytes, int]:
    header = [
        _("Ngày tổ chức"),
        _("Loại hoạt động"),
        _("Nội dung"),
        _("Đơn vị"),
        _("Số người tham dự"),
        _("Kết quả (số lượng)"),
        _("Kết quả"),
    ]
    rows = (
        [
            _d(a.held_on),
            a.kind.name,
            a.title,
            a.unit.name,
            a.participants,
            a.result_count,
            a.result_text,
        ]
        for a in queryset.iterator(chunk_size=2000)
    )
    return _book(_("Hoạt động"), header, rows)
