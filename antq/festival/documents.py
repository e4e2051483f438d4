"""The roll-up report as a PDF in the NĐ 30/2020 layout (Mẫu 1.4, "BÁO CÁO"), rendered by WeasyPrint.

Reuses the assessments' machinery (Tinos merged font read from node_modules, nothing fetched) and
the shared heading and page rules. A commune or a province reports as its People's Committee
("BC-UBND"); the nation as the body set in `RuleSet` (unconfirmed, so data). The number is left
blank: it is given when the report is signed, as on paper.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from antq.assessments import doc_format
from antq.assessments.documents import _issuer_lines, _pdf
from antq.festival.models import Campaign, Event, RuleSet
from antq.festival.queries import Rollup
from antq.units.models import Unit

NUMBER_BLANK = " " * 8
NOT_REPORTED_IN_PDF = 300  # the full list is in the Excel table


def vn_number(value: int | float | None) -> str:
    """1234567 -> "1.234.567"; 12.5 -> "12,5" (Vietnamese separators)."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{int(value):,}".replace(",", ".")


def _heading(unit: Unit, settings: RuleSet | None) -> dict[str, Any]:
    if unit.level == Unit.Level.NATIONAL:
        issuer = settings.national_issuer if settings else "Bộ Công an"
        symbol = settings.national_symbol if settings else "BC-BCA"
        title = settings.national_signer_title if settings else "KT. Bộ trưởng/Thứ trưởng"
        return {
            "issuer_lines": [doc_format.upper_vi(issuer)],
            "symbol": symbol,
            "place": "Hà Nội",
            "signer_lines": doc_format.signer_lines(title, issuer),
            "recipients": ["Ban Chỉ đạo Trung ương;", "Lãnh đạo Bộ Công an;", "Công an các tỉnh, thành phố;"],
            "archive": "Lưu: VT.",
        }
    issuer = doc_format.nfc(f"Ủy ban nhân dân {unit.name}")
    above = (
        "Ủy ban nhân dân tỉnh, thành phố;"
        if unit.level == Unit.Level.COMMUNE
        else "Bộ Công an (Cục Xây dựng phong trào bảo vệ ANTQ);"
    )
    return {
        "issuer_lines": _issuer_lines(doc_format.upper_vi(issuer)),
        "symbol": "BC-UBND",
        "place": doc_format.place_name(unit.name),
        "signer_lines": doc_format.signer_lines("", issuer),
        "recipients": [above, "Ban Chỉ đạo cùng cấp;", f"{doc_format.police_name(unit.name)};"],
        "archive": "Lưu: VT.",
    }


def report_context(
    found: Rollup, *, year: int, today: dt.date, campaign: Campaign | None = None
) -> dict[str, Any]:
    """What the PDF (and the Excel table, through the same Rollup) say about one unit and year."""
    heading = _heading(found.unit, RuleSet.objects.order_by("pk").first())
    hosts = [
        (label, vn_number(found.points_by_host.get(value, 0))) for value, label in Event.HostType.choices
    ]
    shown = found.not_reported[:NOT_REPORTED_IN_PDF]
    return {
        **heading,
        "rollup": found,
        "year": year,
        "campaign": campaign,
        "unit_name": found.unit.name,
        "is_national": found.unit.level == Unit.Level.NATIONAL,
        "number_line": f"Số:{NUMBER_BLANK}/{heading['symbol']}",
        "date_line": doc_format.date_line(heading["place"], today),
        "as_of": found.as_of.strftime("%d/%m/%Y"),
        "points": vn_number(found.points),
        "hosts": hosts,
        "pilot_points": vn_number(found.pilot_points),
        "areas_held": vn_number(found.areas_held),
        "areas_total": vn_number(found.areas_total),
        "coverage": vn_number(found.coverage) if found.coverage is not None else "",
        "reported": vn_number(found.reported),
        "sums": [(label[:1].upper() + label[1:], vn_number(total)) for label, total in found.sum_rows()],
        "children": [
            {
                "index": index,
                "name": row["commune__name"],
                "n": vn_number(row["n"]),
                "areas": f"{vn_number(row['areas_held'])}/{vn_number(row['areas_total'])}",
                "coverage": vn_number(row["coverage"]) if row["coverage"] is not None else "—",
                "done": vn_number(row["done"]),
                "participants": vn_number(row["participants"]),
            }
            for index, row in enumerate(found.by_commune, start=1)
        ],
        "child_label": found.child_label,
        "not_reported": [
            {
                "index": index,
                "host": e.host_name,
                "type": e.get_host_type_display(),
                "commune": e.commune.name,
                "date": e.date.strftime("%d/%m/%Y"),
            }
            for index, e in enumerate(shown, start=1)
        ],
        "not_reported_count": vn_number(found.not_reported_count),
        "not_reported_more": vn_number(found.not_reported_count - len(shown)),
        "has_more_not_reported": found.not_reported_count > len(shown),
    }


def report_pdf(found: Rollup, *, year: int, today: dt.date, campaign: Campaign | None = None) -> bytes:
    """BÁO CÁO Kết quả tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm … of one unit (A4)."""
    return _pdf("festival/pdf/report.html", report_context(found, year=year, today=today, campaign=campaign))
