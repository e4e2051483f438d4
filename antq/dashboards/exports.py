"""Excel export of the whole summary (openpyxl): one sheet of the parts, one of the units below."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from antq.dashboards.board import Board
from antq.dashboards.queries import Summary


def summary_xlsx(view: Summary) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Tổng hợp")[:31]
    bold = Font(bold=True)
    sheet.append([_("Tổng hợp phong trào · %(u)s · %(p)s") % {"u": view.unit.name, "p": view.period.label}])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(
        [_("Nội dung"), view.period.label, view.previous.label, _("Tăng, giảm"), _("Tăng, giảm (%)")]
    )
    for cell in sheet[3]:
        cell.font = bold
    for section in view.sections:
        sheet.append([section.title])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        for line in section.lines:
            v = line.value
            label = line.label
            if line.suffix == "%":
                label = f"{label} (%)"
            elif line.suffix:
                label = f"{label} ({v.current}{line.suffix})"
            if line.trend:
                sheet.append([label, float(v.current), float(v.previous), float(v.delta), v.percent])
            else:
                sheet.append([label, float(v.current)])
        if section.note:
            sheet.append([section.note])
    sheet.column_dimensions["A"].width = 50
    for col in "BCDE":
        sheet.column_dimensions[col].width = 16
    if view.children:
        rows = book.create_sheet(_("Đơn vị trực thuộc")[:31])
        rows.append(
            [
                _("Đơn vị"),
                _("Ban Chỉ đạo kiện toàn"),
                _("Văn bản"),
                _("Nhiệm vụ"),
                _("Hoàn thành"),
                _("Quá hạn"),
                _("Tiến độ (%)"),
                _("Chương trình đã triển khai"),
                _("Mô hình"),
                _("Điểm"),
                _("Điển hình"),
                _("Hoạt động"),
            ]
        )
        for cell in rows[1]:
            cell.font = bold
        for c in view.children:
            rows.append(
                [
                    c.unit.name,
                    _("Có") if c.consolidated else _("Chưa"),
                    c.documents,
                    c.tasks,
                    c.done,
                    c.overdue,
                    float(c.percent),
                    c.deployed,
                    c.models,
                    c.points,
                    c.examples,
                    c.activities,
                ]
            )
        rows.column_dimensions["A"].width = 36
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def board_xlsx(board: Board) -> bytes:
    """The indicator dashboard: sheet "Chỉ số" (value, level above, trend), sheet of the units below."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Chỉ số")[:31]
    bold = Font(bold=True)
    sheet.append([_("Bảng chỉ số · %(u)s · %(p)s") % {"u": board.unit.name, "p": board.period.label}])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    above = _("Cấp trên (%(u)s)") % {"u": board.above.name} if board.above else _("Cấp trên")
    sheet.append([_("Mã"), _("Chỉ số"), _("Đơn vị tính"), board.period.label, above, *board.years])
    for cell in sheet[3]:
        cell.font = bold
    units = {"count": _("số lượng"), "percent": "%", "money": _("đồng")}
    for _code, label, lines in board.sections:
        sheet.append(["", label])
        sheet.cell(row=sheet.max_row, column=2).font = bold
        for line in lines:
            sheet.append(
                [
                    line.indicator.code,
                    str(line.indicator.label),
                    units[line.indicator.kind],
                    _cell(line.value),
                    _cell(line.above),
                    *[_cell(v) for v in line.trend],
                ]
            )
    if board.by_form:
        sheet.append([])
        sheet.append(["", _("Khen thưởng theo hình thức"), _("số lượng"), board.period.label, above])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for form, here, there in board.by_form:
            sheet.append(["", form, _("số lượng"), here, there])
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 48
    if board.children:
        rows = book.create_sheet(_("Đơn vị trực thuộc")[:31])
        rows.append([_("Mã"), _("Đơn vị"), *[str(line.indicator.label) for line in board.lines]])
        for cell in rows[1]:
            cell.font = bold
        for i, child in enumerate(board.children):
            rows.append([child.key, child.name, *[_cell(line.children[i]) for line in board.lines]])
        rows.column_dimensions["B"].width = 36
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: object) -> float | int | None:
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else int(value)  # type: ignore[call-overload]
