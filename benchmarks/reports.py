"""Bench of issue 8 §4 (periodic reports): the national yearly report over the 34 provinces.

`national_report_shots` generates "Báo cáo tổng kết năm toàn quốc" with the real action (every
indicator for the nation and each province: the indicators' grouped queries), then renders its PDF
(NĐ 30 layout, appendix tables of the 34 provinces) and its workbook, each timed once with its query
count, inside a transaction that is rolled back so the next size starts from the same data.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def national_report_shots(admin: Any, counter: Callable[[], Any], shot: Callable[..., Any]) -> dict[str, Any]:
    """{name: OneShot} for the generation of the national yearly report and its two renders."""
    from django.db import transaction
    from django.utils import timezone

    from antq.reports import actions, exports
    from antq.reports.models import ReportDefinition
    from antq.reports.seed import seed_definitions
    from antq.units.models import Unit

    out: dict[str, Any] = {}
    seed_definitions()
    definition = ReportDefinition.objects.get(code="toan-quoc-nam")
    nation = Unit.objects.get(key="VN")
    year = timezone.localdate().year
    with transaction.atomic():
        with counter() as captured:
            started = time.perf_counter()
            report = actions.generate_report(definition, nation, period_key=str(year), by=admin)
            seconds = time.perf_counter() - started
        provinces = len(report.figures["units"])
        indicators = len(report.figures["totals"])
        out["national_report_generate"] = shot(
            round(seconds, 3), captured.count, f"{provinces} provinces × {indicators} indicators, year {year}"
        )
        for name, render in (
            ("national_report_pdf", exports.report_pdf),
            ("national_report_xlsx", exports.report_xlsx),
        ):
            with counter() as captured:
                started = time.perf_counter()
                data = render(report)
                seconds = time.perf_counter() - started
            out[name] = shot(round(seconds, 3), captured.count, f"{len(data) // 1024:,} KB")
        transaction.set_rollback(True)
    return out
