"""A report as a document: PDF in the NĐ 30/2020 layout (Mẫu 1.4, WeasyPrint) and an Excel workbook.

The PDF reuses the assessments' machinery (merged Tinos font, nothing fetched; `_base.html`,
`_nd30_style.html`, `_nd30_heading.html`). Official documents are Vietnamese whatever the interface
language, so their texts are not translated. A report with many units in its appendix is rendered
by the background worker (`jobs.py`) with a progress callback; a commune's report renders at once.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from antq.assessments import doc_format
from antq.assessments.documents import _pdf
from antq.reports import figures, heading
from antq.reports.models import Report
from antq.units.models import Unit

# Above this many rows in the appendix tables the page offers a background render instead.
DIRECT_MAX_UNITS = 40
Progress = Callable[[int, int], None]


def fmt(value: Any, kind: str = "count") -> str:
    """A figure as Vietnamese documents write it: 1.234 and 12,5 %; a dash when unknown."""
    if value is None:
        return "-"
    if kind == "percent":
        return f"{float(value):.1f}".replace(".", ",") + " %"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{int(value):,}".replace(",", ".")


def appendix_rows(report: Report) -> int:
    """Rows of all the appendix tables (the units below, once per section that has an appendix)."""
    tables = sum(1 for s in report.definition.sections.all() if s.appendix)
    return len((report.figures or {}).get("units", [])) * tables


def is_large(report: Report) -> bool:
    return len((report.figures or {}).get("units", [])) > DIRECT_MAX_UNITS


def subject_line(report: Report) -> str:
    return doc_format.nfc(f"{report.definition.subject} {report.period.label}")


def context(report: Report, progress: Progress | None = None) -> dict[str, Any]:
    """What the PDF template prints; `progress(done, total)` is told as the appendix rows are prepared."""
    unit = report.unit
    sections = figures.sections(report)
    meta = (report.figures or {}).get("indicators", {})
    appendices = []
    total = sum(len(s["units"]) for s in sections) or 1
    done = 0
    for number, section in enumerate((s for s in sections if s["units"]), start=1):
        codes = [row["code"] for row in section["rows"]]
        rows = []
        for index, unit_row in enumerate(section["units"], start=1):
            rows.append(
                {
                    "index": index,
                    "name": unit_row["name"],
                    "values": [
                        fmt(unit_row["values"].get(c), meta.get(c, {}).get("kind", "count")) for c in codes
                    ],
                }
            )
            done += 1
            if progress is not None and done % 50 == 0:
                progress(done, total)
        appendices.append(
            {
                "number": number,
                "title": section["section"].title,
                "headers": [meta.get(c, {}).get("label", c) for c in codes],
                "rows": rows,
            }
        )
    for section in sections:
        for line in section["rows"]:
            line["text"] = fmt(line["value"], line["kind"])
        section["paragraphs"] = [p.strip() for p in section["narrative"].splitlines() if p.strip()]
    issued = report.issued_on or timezone.localdate()
    superior, issuer = heading.superior(unit), heading.issuer(unit)
    number_text = report.display_number or f"{' ' * 6}/{heading.symbol(unit)}"
    receiver = report.definition.receiver_name or ""
    if report.definition.receiving_level == "province" and unit.level == Unit.Level.COMMUNE and unit.parent:
        # The type says "Công an tỉnh, thành phố"; the document names the commune's own province police.
        receiver = heading.issuer(unit.parent)
    return {
        "report": report,
        "draft": report.status in (Report.Status.DRAFT, Report.Status.RETURNED),
        "issuer_lines": [doc_format.upper_vi(superior), doc_format.upper_vi(issuer)],
        "number_line": f"Số: {number_text}",
        "date_line": doc_format.date_line(doc_format.place_name(unit.name), issued),
        "subject": subject_line(report),
        "window": f"{report.data_from:%d/%m/%Y} – {report.data_to:%d/%m/%Y}",
        "sections": sections,
        "appendices": appendices,
        "receiver": receiver,
        "issuer": issuer,
        "symbol_suffix": heading.symbol(unit).removeprefix("BC-"),
        "signer_lines": [report.signer_title.upper()] if report.signer_title else [heading.head_title(unit)],
        "signer_name": report.signer_name,
        "issued": issued.strftime("%d/%m/%Y"),
    }


def report_pdf(report: Report, progress: Progress | None = None) -> bytes:
    """The report as an A4 PDF laid out per NĐ 30/2020 (Mẫu 1.4), appendix tables on their own pages."""
    return _pdf("reports/pdf/report.html", context(report, progress))


def report_xlsx(report: Report, progress: Progress | None = None) -> bytes:
    """The report as a workbook: a sheet of figures and narratives, one sheet per appendix table."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Báo cáo"
    bold = Font(bold=True)
    sheet.append([f"{report.definition.name} — {report.unit.name}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([subject_line(report)])
    sheet.append(
        [
            "Số liệu từ ngày",
            report.data_from.strftime("%d/%m/%Y"),
            "đến ngày",
            report.data_to.strftime("%d/%m/%Y"),
        ]
    )
    sheet.append(
        ["Số, ký hiệu", report.display_number or "(chưa gửi)", "Trạng thái", report.get_status_display()]
    )
    sections = figures.sections(report)
    for position, section in enumerate(sections, start=1):
        sheet.append([])
        sheet.append([f"{position}. {section['section'].title}"])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        for row in section["rows"]:
            sheet.append([row["label"], row["value"]])
        if section["narrative"]:
            sheet.append([section["narrative"]])
            sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 70
    for letter in "BCD":
        sheet.column_dimensions[letter].width = 16
    meta = (report.figures or {}).get("indicators", {})
    total = sum(len(s["units"]) for s in sections) or 1
    done = 0
    for number, section in enumerate((s for s in sections if s["units"]), start=1):
        codes = [row["code"] for row in section["rows"]]
        table = workbook.create_sheet(f"Phụ lục {number}")
        table.append([f"Phụ lục {number}: {section['section'].title}"])
        table["A1"].font = Font(bold=True, size=12)
        table.append(["STT", "Đơn vị", *[meta.get(c, {}).get("label", c) for c in codes]])
        for cell in table[2]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for index, unit_row in enumerate(section["units"], start=1):
            table.append([index, unit_row["name"], *[unit_row["values"].get(c) for c in codes]])
            done += 1
            if progress is not None and done % 200 == 0:
                progress(done, total)
        table.column_dimensions["B"].width = 32
        for column in range(3, 3 + len(codes)):
            table.column_dimensions[get_column_letter(column)].width = 16
        table.freeze_panes = "C3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_name(report: Report, extension: str) -> str:
    return f"bao-cao-{report.definition.code}-{report.unit.key}-{report.period_key}.{extension}"
