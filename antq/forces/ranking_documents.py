"""The ranking list of a decided ranking: the decision with its list (PDF, NĐ 30/2020 Mẫu 1.3) and Excel.

Reuses the assessments' WeasyPrint machinery (Tinos merged font, nothing fetched) and the NĐ 30 text
rules of `doc_format`.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from antq.assessments import doc_format
from antq.assessments.documents import _issuer_lines, _pdf
from antq.forces.ranking_models import Level
from antq.forces.ranking_queries import Board

NOT_EVALUATED = "Không đánh giá"


def _label(level: str) -> str:
    return str(Level(level).label) if level else ""


def list_rows(board: Board) -> list[dict[str, Any]]:
    """One row per team followed by its members, numbered as the list prints them (1, 1.1, 1.2 …)."""
    rows: list[dict[str, Any]] = []
    for index, team in enumerate(board.teams, start=1):
        rows.append(
            {
                "index": str(index),
                "name": team.team.name,
                "role": "",
                "level": _label(team.level) or NOT_EVALUATED,
                "note": team.reason,
                "is_team": True,
            }
        )
        for sub, m in enumerate(team.members, start=1):
            rows.append(
                {
                    "index": f"{index}.{sub}",
                    "name": m.membership.person.full_name,
                    "role": m.membership.get_role_display(),
                    "level": _label(m.level) or NOT_EVALUATED,
                    "note": m.reason,
                    "is_team": False,
                }
            )
    return rows


def ranking_context(board: Board) -> dict[str, Any]:
    ranking = board.ranking
    assert ranking is not None and ranking.decided_on is not None
    issuer = ranking.issuer_name or f"Ủy ban nhân dân {board.commune.name}"
    issuer_upper = doc_format.upper_vi(issuer)
    province = board.commune.parent
    counts = [
        (str(label), board.team_counts[code], board.member_counts[code]) for code, label in Level.choices
    ]
    return {
        "ranking": ranking,
        "board": board,
        "rows": list_rows(board),
        "counts": counts,
        "issuer_lines": _issuer_lines(issuer_upper),
        "head_title": doc_format.upper_vi(f"Chủ tịch {issuer}"),
        "number_line": f"Số: {ranking.display_number}",
        "date_line": doc_format.date_line(doc_format.place_name(board.commune.name), ranking.decided_on),
        "signer_lines": doc_format.signer_lines(ranking.signer_title, issuer),
        "commune_name": board.commune.name,
        "province_name": province.name if province else "",
        "year": board.year,
        "period_start": board.period[0].strftime("%d/%m/%Y") if board.period else "",
        "period_end": board.period[1].strftime("%d/%m/%Y") if board.period else "",
        "decided_on": ranking.decided_on.strftime("%d/%m/%Y"),
        "team_total": len(board.teams),
        "member_total": sum(len(t.members) for t in board.teams),
        "teams_not_evaluated": sum(1 for t in board.teams if not t.evaluated),
        "members_not_evaluated": sum(1 for t in board.teams for m in t.members if not m.evaluated),
    }


def ranking_pdf(board: Board) -> bytes:
    """The decision on the ranking with the list of teams and members on its own pages (A4)."""
    return _pdf("forces/pdf/ranking.html", ranking_context(board))


def ranking_xlsx(board: Board) -> bytes:
    """The ranking list as a workbook: one row per team and per member, with the level or the reason."""
    ranking = board.ranking
    assert ranking is not None and ranking.decided_on is not None
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Xếp loại"
    sheet.append([f"Danh sách xếp loại tổ bảo vệ ANTT năm {board.year} — {board.commune.name}"])
    sheet.append(
        [f"Kèm theo Quyết định số {ranking.display_number} ngày {ranking.decided_on.strftime('%d/%m/%Y')}"]
    )
    sheet.append(["STT", "Tổ / thành viên", "Chức danh", "Mức xếp loại", "Lý do không đánh giá"])
    bold = Font(bold=True)
    for cell in sheet[3]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in list_rows(board):
        sheet.append([row["index"], row["name"], row["role"], row["level"], row["note"]])
        if row["is_team"]:
            sheet.cell(row=sheet.max_row, column=2).font = bold
    sheet["A1"].font = Font(bold=True, size=13)
    for column, width in zip("ABCDE", (8, 40, 14, 30, 45), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
