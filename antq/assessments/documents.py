"""Documents of a recognition decision: the decision (PDF, NĐ 30/2020 layout), certificates, score list.

PDFs are rendered on the server with WeasyPrint and the Tinos font (metric-compatible with Times New
Roman, with Vietnamese glyphs) read from node_modules: nothing is fetched from the internet.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from antq.assessments import doc_format
from antq.assessments.dossier import Dossier
from antq.assessments.models import Assessment, Criterion, Cycle, CycleRule, Decision, Score, SubjectType

FONT_DIR = settings.BASE_DIR / "node_modules" / "@fontsource" / "tinos" / "files"
# @fontsource/tinos ships per-script subsets only. WeasyPrint embeds faces of one family under one
# name, so glyphs of separate subset files collide in the PDF (garbled text): merge the three subsets
# Vietnamese needs into one TrueType file per weight and style, once per process.
SUBSETS = ("latin", "latin-ext", "vietnamese")
STYLES = ((400, "normal"), (700, "normal"), (400, "italic"), (700, "italic"))


@functools.cache
def merged_font(weight: int, style: str) -> Path:
    """One TrueType file of Tinos (latin, latin-ext, vietnamese) in a per-version cache directory."""
    from fontTools.merge import Merger, Options
    from fontTools.ttLib import TTFont

    sources = [FONT_DIR / f"tinos-{subset}-{weight}-{style}.woff2" for subset in SUBSETS]
    stamp = hashlib.sha256("|".join(f"{p}:{p.stat().st_mtime_ns}" for p in sources).encode()).hexdigest()
    target = Path(tempfile.gettempdir()) / "antq-fonts" / f"tinos-{weight}-{style}-{stamp[:16]}.ttf"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        plain = []
        for source in sources:
            font = TTFont(source)
            font.flavor = None
            path = Path(work) / f"{source.stem}.ttf"
            font.save(path)
            plain.append(str(path))
        merged = Merger(options=Options(drop_tables=["vhea", "vmtx"])).merge(plain)
        # Write beside the target, then rename: a concurrent renderer never reads a half-written file.
        partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        merged.save(partial)
        os.replace(partial, target)
    return target


def font_faces() -> str:
    """@font-face rules for Tinos 400/700, upright and italic, with file:// URLs (nothing fetched)."""
    return "\n".join(
        "@font-face { font-family: 'Tinos'; "
        f"font-weight: {weight}; font-style: {style}; "
        f"src: url('{merged_font(weight, style).as_uri()}') format('truetype'); }}"
        for weight, style in STYLES
    )


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # heavy import (Pango): only when a PDF is actually rendered

    html = render_to_string(template, {**context, "font_faces": font_faces()})
    return bytes(HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf())


def _points(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value:.1f}".replace(".", ",")


def decision_rows(decision: Decision) -> list[dict[str, Any]]:
    """The recognised units of Điều 1, in the order of the list."""
    rows = []
    assessments = (
        decision.assessments.filter(recognised=True)
        .select_related("subject__commune")
        .order_by("subject__commune__name", "subject__subject_type", "subject__name")
    )
    for index, a in enumerate(assessments, start=1):
        rows.append(
            {
                "index": index,
                "name": a.subject.name,
                # A commune recognised by the province is its own commune: no second line.
                "commune": "" if a.subject.subject_type == SubjectType.COMMUNE else a.subject.commune.name,
                "type": a.subject.get_subject_type_display(),
                "points": _points(a.total_points),
                "class": a.get_decided_class_display() if a.decided_class else "",
            }
        )
    return rows


def decision_context(decision: Decision) -> dict[str, Any]:
    rows = decision_rows(decision)
    issuer_upper = doc_format.upper_vi(decision.issuer_name)
    is_ubnd = decision.symbol.upper().endswith("-UBND")
    province = decision.issuer.parent if decision.issuer.level == "commune" else decision.issuer
    return {
        "decision": decision,
        "rows": rows,
        "count": len(rows),
        "issuer_upper": issuer_upper,
        # "ỦY BAN NHÂN DÂN" on the first line, the unit's name under it (as UBND headers are printed).
        "issuer_lines": _issuer_lines(issuer_upper),
        "head_title": doc_format.upper_vi(f"Chủ tịch {decision.issuer_name}") if is_ubnd else issuer_upper,
        "number_line": f"Số: {decision.display_number}",
        "date_line": doc_format.date_line(decision.place, decision.issued_on),
        "signer_lines": doc_format.signer_lines(decision.signer_title, decision.issuer_name),
        "is_commune": decision.issuer.level == "commune",
        "province_name": province.name if province else "",
        "year": decision.cycle.year,
    }


def _issuer_lines(issuer_upper: str) -> list[str]:
    head = "ỦY BAN NHÂN DÂN"
    if issuer_upper.startswith(head + " "):
        return [head, issuer_upper[len(head) + 1 :]]
    return [issuer_upper]


def decision_pdf(decision: Decision) -> bytes:
    """The decision as an A4 PDF laid out per NĐ 30/2020 (Mẫu 1.2/1.3), with the list of Điều 1."""
    return _pdf("assessments/pdf/decision.html", decision_context(decision))


def certificate_pdf(assessment: Assessment) -> bytes:
    """The certificate of recognition (Giấy công nhận) of one recognised unit: one landscape A4 page."""
    decision = assessment.decision
    assert decision is not None
    context = decision_context(decision)
    context.update(
        {
            "assessment": assessment,
            "unit_name": assessment.subject.name,
            "unit_upper": doc_format.upper_vi(assessment.subject.name),
            "commune_name": assessment.subject.commune.name,
            "type_label": assessment.subject.get_subject_type_display(),
            "class_label": assessment.get_decided_class_display() if assessment.decided_class else "",
        }
    )
    return _pdf("assessments/pdf/certificate.html", context)


def score_sheet_xlsx(decision: Decision) -> bytes:
    """The score list of a decision: one sheet per participant type, points per criterion, total, class."""
    assessments = list(
        decision.assessments.select_related("subject__commune").order_by(
            "subject__subject_type", "subject__commune__name", "subject__name"
        )
    )
    return _score_workbook(
        assessments,
        decision.cycle,
        title=f"Danh sách chấm điểm kèm theo Quyết định số {decision.display_number}",
        issuer=decision.issuer_name,
        met=lambda a: bool(a.recognised),
        klass=lambda a: a.get_decided_class_display() if a.decided_class else "",
        class_header="Xếp loại",
    )


def _score_workbook(
    assessments: list[Assessment],
    cycle: Cycle,
    *,
    title: str,
    issuer: str,
    met: Callable[[Assessment], bool],
    klass: Callable[[Assessment], str],
    class_header: str,
) -> bytes:
    """One sheet per participant type: points per criterion of its score sheet, total, standard, class."""
    by_type: dict[str, list[Assessment]] = defaultdict(list)
    for a in assessments:
        by_type[a.subject.subject_type].append(a)
    sheets = dict(
        CycleRule.objects.filter(cycle=cycle, subject_type__in=by_type).values_list(
            "subject_type", "score_sheet_id"
        )
    )
    points: dict[tuple[int, int], Decimal | None] = {
        (s.assessment_id, s.criterion_id): s.points
        for s in Score.objects.filter(assessment__in=assessments).only(
            "assessment_id", "criterion_id", "points"
        )
    }
    criteria_by_set: dict[int | None, list[Criterion]] = defaultdict(list)
    for c in Criterion.objects.filter(criteria_set_id__in=set(sheets.values())).order_by("order", "code"):
        criteria_by_set[c.criteria_set_id].append(c)
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for subject_type, rows in by_type.items():
        label = SubjectType(subject_type).label
        sheet = workbook.create_sheet(str(label)[:31])
        criteria = criteria_by_set.get(sheets.get(subject_type), [])
        sheet.append([title])
        sheet.append([f"{issuer} — năm {cycle.year} — {label}"])
        header = [
            "STT",
            "Tên đơn vị",
            "Xã, phường",
            *[f"{c.code} (tối đa {_points(c.max_points)})" for c in criteria],
            "Tổng điểm",
            "Đạt tiêu chuẩn",
            class_header,
        ]
        sheet.append(header)
        for cell in sheet[3]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for index, a in enumerate(rows, start=1):
            sheet.append(
                [
                    index,
                    a.subject.name,
                    a.subject.commune.name,
                    *[_number(points.get((a.pk, c.pk))) for c in criteria],
                    _number(a.total_points),
                    "Đạt" if met(a) else "Không đạt",
                    klass(a),
                ]
            )
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.column_dimensions["B"].width = 40
        sheet.column_dimensions["C"].width = 25
        for col in range(4, len(header) + 1):
            sheet.column_dimensions[get_column_letter(col)].width = 14
        sheet.freeze_panes = "D4"
    if not workbook.sheetnames:
        workbook.create_sheet("Danh sách")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- The dossier sent to the deciding body (tờ trình + danh sách kèm theo) -------------------------


NUMBER_BLANK = " " * 8


def dossier_context(dossier: Dossier, today: dt.date) -> dict[str, Any]:
    unit = dossier.unit
    is_commune = unit.level == "commune"
    province = unit.parent if is_commune else None
    rows = [
        {
            "index": index,
            "name": a.subject.name,
            "commune": "" if a.subject.subject_type == SubjectType.COMMUNE else a.subject.commune.name,
            # A commune is listed by its kind ("Phường", "Xã"), other participants by their type.
            "type": (
                doc_format.unit_kind(a.subject.name) or a.subject.get_subject_type_display()
                if a.subject.subject_type == SubjectType.COMMUNE
                else a.subject.get_subject_type_display()
            ),
            "points": _points(a.total_points),
            "met": "Đạt" if a.standard_met else "Không đạt",
            "class": a.get_proposed_class_display() if a.proposed_class else "",
        }
        for index, a in enumerate(dossier.assessments, start=1)
    ]
    police = dossier.police_name
    return {
        "dossier": dossier,
        "rows": rows,
        "count": len(rows),
        "proposed": len(dossier.proposed),
        "not_met": len(rows) - len(dossier.proposed),
        "class_counts": dossier.class_counts,
        "year": dossier.cycle.year,
        "is_commune": is_commune,
        "superior_upper": doc_format.upper_vi(f"Công an {province.name}") if province else "BỘ CÔNG AN",
        "police": police,
        "police_upper": doc_format.upper_vi(police),
        # The number is given when the head of police signs: a blank to fill in, as on paper.
        "number_line": f"Số:{NUMBER_BLANK}/{dossier.symbol}",
        "annex_blank": NUMBER_BLANK,
        "annex_date": f"{today:%d/%m/%Y}",
        "date_line": doc_format.date_line(doc_format.place_name(unit.name), today),
        "decider": dossier.decider_name,
        "legal_basis": doc_format.TT124_BASIS,
        "signer_title": "TRƯỞNG CÔNG AN" if is_commune else "GIÁM ĐỐC",
        "archive": dossier.symbol.removeprefix("TTr-"),
    }


def dossier_pdf(dossier: Dossier, today: dt.date) -> bytes:
    """The tờ trình proposing recognition (NĐ 30/2020 Mẫu 1.4) with its annex list on a new page."""
    return _pdf("assessments/pdf/dossier.html", dossier_context(dossier, today))


def dossier_xlsx(dossier: Dossier) -> bytes:
    """The score list of the dossier: as the decision's, with the proposed class."""
    return _score_workbook(
        dossier.assessments,
        dossier.cycle,
        title=f"Danh sách chấm điểm kèm theo Tờ trình của {dossier.police_name}",
        issuer=dossier.decider_name,
        met=lambda a: bool(a.standard_met),
        klass=lambda a: a.get_proposed_class_display() if a.proposed_class else "",
        class_header="Mức đề xuất",
    )


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None
