"""Excel table of a roll-up (openpyxl): the same content as the PDF report; the views audit every export."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from antq.festival.models import Campaign
from antq.festival.queries import Rollup

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rollup_xlsx(found: Rollup, *, year: int, campaign: Campaign | None = None) -> bytes:
    """Summary (points by host type, coverage, sums), the units below, and every point not reported."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Tổng hợp")
    bold = Font(bold=True)
    sheet.append(
        [_("Báo cáo kết quả tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm %(year)s") % {"year": year}]
    )
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Đơn vị"), found.unit.name])
    if campaign is not None:
        sheet.append(
            [
                _("Thời gian"),
                f"{campaign.start_date:%d/%m/%Y} – {campaign.end_date:%d/%m/%Y}",
                campaign.plan_number,
            ]
        )
    sheet.append([_("Tính đến ngày"), found.as_of.strftime("%d/%m/%Y")])
    sheet.append([])
    sheet.append([_("Số điểm tổ chức theo cấp")])
    sheet.cell(sheet.max_row, 1).font = bold
    for label, n in found.host_rows():
        sheet.append([str(label), n])
    sheet.append([_("Tổng số điểm"), found.points])
    sheet.append([_("Trong đó điểm chỉ đạo, làm điểm"), found.pilot_points])
    sheet.append([_("Khu dân cư đã tổ chức"), found.areas_held])
    sheet.append([_("Tổng số khu dân cư"), found.areas_total])
    coverage = found.coverage if found.coverage is not None else ""
    sheet.append([_("Tỷ lệ khu dân cư đã tổ chức, phần trăm"), coverage])
    sheet.append([_("Số điểm đã báo cáo kết quả"), found.reported])
    sheet.append([])
    sheet.append([_("Kết quả")])
    sheet.cell(sheet.max_row, 1).font = bold
    for label, total in found.sum_rows():
        sheet.append([label[:1].upper() + label[1:], total])
    sheet.column_dimensions["A"].width = 45
    sheet.column_dimensions["B"].width = 25
    if found.by_commune:
        title = _("Theo tỉnh") if found.unit.level == "national" else _("Theo xã")
        below = workbook.create_sheet(title)
        below.append(
            [
                _("STT"),
                found.child_label,
                _("Số điểm"),
                _("Khu dân cư đã tổ chức"),
                _("Tổng số khu dân cư"),
                _("Tỷ lệ (%)"),
                _("Đã báo cáo"),
                _("Số người tham dự"),
            ]
        )
        for cell in below[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for index, row in enumerate(found.by_commune, start=1):
            below.append(
                [
                    index,
                    row["commune__name"],
                    row["n"],
                    row["areas_held"],
                    row["areas_total"],
                    row["coverage"] if row["coverage"] is not None else "",
                    row["done"],
                    row["participants"] or 0,
                ]
            )
        below.column_dimensions["B"].width = 35
        below.freeze_panes = "C2"
    missing = workbook.create_sheet(_("Chưa báo cáo"))
    missing.append([_("Xã, phường, đặc khu"), _("Đơn vị tổ chức"), _("Ngày tổ chức"), _("Cấp tổ chức")])
    for cell in missing[1]:
        cell.font = bold
    for event in found.not_reported:
        missing.append(
            [
                event.commune.name,
                event.host_name,
                event.date.strftime("%d/%m/%Y"),
                event.get_host_type_display(),
            ]
        )
    missing.column_dimensions["A"].width = 30
    missing.column_dimensions["B"].width = 40
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
