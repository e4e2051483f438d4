"""Excel export of a campaign's roll-up (openpyxl); the view audits every export."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from antq.festival.models import Campaign
from antq.festival.queries import Rollup

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rollup_xlsx(campaign: Campaign, found: Rollup) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Tổng hợp")
    bold = Font(bold=True)
    sheet.append([_("Ngày hội toàn dân bảo vệ ANTQ năm %(year)s") % {"year": campaign.year}])
    sheet.append([_("Đơn vị"), found.unit.name])
    sheet.append(
        [
            _("Thời gian"),
            f"{campaign.start_date:%d/%m/%Y} – {campaign.end_date:%d/%m/%Y}",
            campaign.plan_number,
        ]
    )
    sheet.append([])
    sheet.append([_("Số điểm tổ chức theo cấp")])
    sheet.cell(sheet.max_row, 1).font = bold
    for label, n in found.host_rows():
        sheet.append([str(label), n])
    coverage = found.coverage if found.coverage is not None else ""
    sheet.append([_("Tỷ lệ khu dân cư đã tổ chức, phần trăm"), coverage])
    sheet.append([])
    sheet.append([_("Kết quả")])
    sheet.cell(sheet.max_row, 1).font = bold
    for label, total in found.sum_rows():
        sheet.append([label, total])
    if found.by_commune:
        by_commune = workbook.create_sheet(_("Theo xã"))
        by_commune.append([_("Xã, phường, đặc khu"), _("Số điểm"), _("Đã báo cáo"), _("Số người tham dự")])
        for row in found.by_commune:
            by_commune.append([row["commune__name"], row["n"], row["done"], row["participants"] or 0])
    missing = workbook.create_sheet(_("Chưa báo cáo"))
    missing.append([_("Xã, phường, đặc khu"), _("Đơn vị tổ chức"), _("Ngày tổ chức")])
    for event in found.not_reported:
        missing.append([event.commune.name, event.host_name, event.date.strftime("%d/%m/%Y")])
    sheet.column_dimensions["A"].width = 45
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
