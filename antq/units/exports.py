"""Excel export of a commune's residential areas and organisations (openpyxl, streamed rows)."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from antq.units.models import Organisation, ResidentialArea, Unit


def _sheet(
    workbook: Workbook, title: str, headers: list[str], rows: list[list[object]], widths: list[int]
) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"


def commune_participants_xlsx(commune: Unit) -> bytes:
    """Both lists of `commune` in one workbook, with the commune and export date on a cover sheet."""
    workbook = Workbook()
    cover = workbook.active
    cover.title = _("Thông tin")
    cover.append([_("Đơn vị"), f"{commune.name}, {commune.parent.name if commune.parent else ''}"])
    cover.append([_("Mã đơn vị hành chính"), commune.code])
    cover.append([_("Ngày xuất"), timezone.localdate().strftime("%d/%m/%Y")])
    cover.column_dimensions["A"].width = 24
    cover.column_dimensions["B"].width = 60
    areas = ResidentialArea.objects.current().filter(commune=commune).order_by("name")
    _sheet(
        workbook,
        _("Khu dân cư"),
        [_("STT"), _("Tên khu dân cư"), _("Loại"), _("Số hộ")],
        [[i, a.name, a.get_kind_display(), a.household_count] for i, a in enumerate(areas, 1)],
        [6, 40, 16, 10],
    )
    orgs = Organisation.objects.current().filter(commune=commune).order_by("kind", "name")
    _sheet(
        workbook,
        _("Tổ chức"),
        [_("STT"), _("Tên tổ chức"), _("Loại"), _("Cấp quản lý"), _("Mã số thuế"), _("Địa chỉ")],
        [
            [i, o.name, o.get_kind_display(), o.get_managing_level_display(), o.tax_code, o.address]
            for i, o in enumerate(orgs, 1)
        ],
        [6, 45, 22, 22, 16, 40],
    )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
