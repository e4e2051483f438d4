"""Excel exports of the overview's lists (openpyxl, write-only: streams at national scale)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from antq.movement import queries
from antq.movement.models import Document, Task
from antq.movement.rules import task_flag
from antq.units.models import Unit


def _book(title: str, header: list[str], rows: Iterable[list[Any]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def committees_missing(unit: Unit, year: int, user: Any) -> tuple[bytes, str]:
    _counts, missing = queries.committee_overview(unit, year)
    rows = ([u.code, u.name, u.parent.name if u.parent else ""] for u in missing.iterator(chunk_size=1000))
    content = _book(_("Chưa kiện toàn BCĐ"), [_("Mã đơn vị"), _("Tên đơn vị"), _("Trực thuộc")], rows)
    return content, f"chua-kien-toan-bcd-{unit.key}-{year}.xlsx"


def documents(unit: Unit, year: int, user: Any) -> tuple[bytes, str]:
    start, end = queries.year_range(year)
    qs = (
        Document.objects.visible_to(user)
        .filter(issuer_unit__path__startswith=unit.path, issued_on__range=(start, end))
        .select_related("issuer_unit")
    )
    rows = (
        [
            d.number_text,
            d.get_doc_type_display(),
            d.issued_on.strftime("%d/%m/%Y"),
            d.issuing_body,
            d.issuer_unit.name,
            d.subject,
        ]
        for d in qs.iterator(chunk_size=1000)
    )
    header = [
        _("Số, ký hiệu"),
        _("Loại văn bản"),
        _("Ngày ban hành"),
        _("Cơ quan ban hành"),
        _("Đơn vị"),
        _("Trích yếu"),
    ]
    return _book(_("Văn bản"), header, rows), f"van-ban-{unit.key}-{year}.xlsx"


FLAGS = {
    "done": gettext_lazy("Hoàn thành"),
    "overdue": gettext_lazy("Quá hạn"),
    "due_soon": gettext_lazy("Sắp đến hạn"),
    "pending": gettext_lazy("Đang thực hiện"),
}


def tasks(unit: Unit, year: int, user: Any) -> tuple[bytes, str]:
    start, end = queries.year_range(year)
    today = timezone.localdate()
    qs = (
        Task.objects.visible_to(user)
        .filter(unit__path__startswith=unit.path, deadline__range=(start, end))
        .select_related("plan", "unit")
        .order_by("deadline", "pk")
    )
    rows = (
        [
            t.plan.number_text,
            t.unit.name,
            t.title,
            t.deadline.strftime("%d/%m/%Y"),
            t.progress,
            str(FLAGS[task_flag(t.progress, t.deadline, today)]),
        ]
        for t in qs.iterator(chunk_size=1000)
    )
    header = [_("Văn bản giao"), _("Đơn vị"), _("Nhiệm vụ"), _("Thời hạn"), _("Tiến độ (%)"), _("Tình trạng")]
    return _book(_("Nhiệm vụ"), header, rows), f"nhiem-vu-{unit.key}-{year}.xlsx"


def plan_rollup(plan: Document, rollup: queries.PlanRollup) -> tuple[bytes, str]:
    """The plan's roll-up table as the page shows it, with the total on the last row."""
    first = _("Tỉnh, thành phố") if rollup.by_level == "province" else _("Đơn vị")
    header = [first, _("Mã"), _("Nhiệm vụ"), _("Hoàn thành"), _("Quá hạn"), _("Tiến độ (%)")]
    rows: list[list[Any]] = [
        [r.name, r.key, r.tasks, r.done, r.overdue, float(r.percent)] for r in rollup.rows
    ]
    rows.append([_("Tổng cộng"), "", rollup.tasks, rollup.done, rollup.overdue, float(rollup.percent)])
    name = "tien-do-" + "".join(ch if ch.isalnum() else "-" for ch in plan.number_text.lower()) + ".xlsx"
    return _book(_("Tiến độ"), header, rows), name


BUILDERS: dict[str, Callable[[Unit, int, Any], tuple[bytes, str]]] = {
    "chua-kien-toan": committees_missing,
    "van-ban": documents,
    "nhiem-vu": tasks,
}
