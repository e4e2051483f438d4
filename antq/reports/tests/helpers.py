"""Objects the report tests share: the regimes, activities of a commune, reports made through the actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from antq.practices import actions as practice_actions
from antq.practices.models import ActivityKind
from antq.practices.seed import seed_catalogue
from antq.reports import actions
from antq.reports.models import Report, ReportDefinition
from antq.reports.seed import seed_definitions
from antq.units.models import Unit

# Inside the monthly report of 2026-11 (data 15/10 – 14/11, due 20/12) and its window.
TODAY = dt.date(2026, 11, 24)
MONTH = "2026-11"


def unit(key: str) -> Unit:
    return Unit.objects.get(key=key)


def definition(code: str = "cax-thang") -> ReportDefinition:
    seed_definitions()
    return ReportDefinition.objects.get(code=code)


def activities(by: Any, key: str = "00004", days: tuple[dt.date, ...] = (dt.date(2026, 11, 2),)) -> None:
    """Propaganda sessions of a commune, 40 participants each."""
    seed_catalogue()
    kind = ActivityKind.objects.filter(is_active=True).order_by("pk").first()
    assert kind is not None
    for day in days:
        practice_actions.record_activity(
            unit(key),
            by=by,
            kind=kind,
            held_on=day,
            title="Tuyên truyền phòng chống tội phạm",
            participants=40,
        )


def narratives(report: Report, text: str = "Tình hình ổn định.") -> dict[str, str]:
    return {str(s.pk): text for s in report.definition.sections.all() if s.has_narrative}


def monthly(by: Any, key: str = "00004", period: str = MONTH) -> Report:
    return actions.generate_report(definition(), unit(key), period_key=period, by=by, today=TODAY)


def submitted(by: Any, key: str = "00004", period: str = MONTH, day: dt.date = TODAY) -> Report:
    report = monthly(by, key, period)
    report = actions.save_narrative(report, by=by, texts=narratives(report))
    return actions.submit_report(report, by=by, signer_name="Nguyễn Văn An", today=day)
