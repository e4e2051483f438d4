"""Demo and reference data of the reports: the report regimes observed in practice (domain/09 §8),
loaded by `manage.py seed_reports` as editable data, and a few demo reports of Ba Đình / Hà Nội.

The calendar (cut-off on the 14th, deadlines) follows the convention of NĐ 09/2019/NĐ-CP and the
practice quoted in domain/09; no national calendar for the movement is confirmed, so every row is
flagged `needs_verification` and the national administrator edits it in the back office.
Indicator codes are those of `antq.dashboards.indicators.REGISTRY` (an unknown code shows as "-").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from antq.reports.models import DefinitionSection, Report, ReportDefinition

WORK = "Kết quả công tác xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc"
ACTIVITY = ["practices.activities", "practices.participants", "practices.models_new"]
FORCES = ["forces.teams", "forces.members", "forces.area_coverage"]
MODELS = [
    "practices.models",
    "practices.points",
    "practices.groups",
    "practices.members",
    "practices.examples",
]
DIRECTION = ["movement.documents", "movement.tasks", "movement.tasks_overdue", "movement.tasks_progress"]
ASSESS = [
    "assessments.registered",
    "assessments.registered_rate",
    "assessments.recognised",
    "assessments.recognised_rate",
    "assessments.excellent",
    "assessments.good",
    "assessments.average",
    "assessments.weak",
]
FESTIVAL = ["festival.events", "festival.area_coverage", "festival.participants", "festival.weapons"]
AWARDS = ["awards.collectives", "awards.individuals"]
RANKING = ["forces.teams_ranked", "forces.teams_excellent_rate"]


def s(
    title: str, codes: Any = (), hint: str = "", narrative: bool = True, appendix: str = ""
) -> dict[str, Any]:
    return {"title": title, "codes": list(codes), "hint": hint, "narrative": narrative, "appendix": appendix}


# Tip-offs as counts only (domain/06 §6: never their content or senders).
TIPS = ["tips.received", "tips.resolved", "tips.overdue"]
SITUATION = s("Tình hình an ninh, trật tự trên địa bàn", TIPS, hint="những vụ việc nổi bật, địa bàn phức tạp")
TASKS = s("Nhiệm vụ trọng tâm kỳ tới", hint="phương hướng, nhiệm vụ, giải pháp")
PROPOSALS = s("Đề xuất, kiến nghị", hint="nếu không có, ghi “Không”")

DEFINITIONS: list[dict[str, Any]] = [
    {
        "code": "cax-thang",
        "name": "Báo cáo tháng của Công an cấp xã",
        "subject": WORK,
        "content": "Tình hình an ninh, trật tự; hoạt động của phong trào; lực lượng bảo vệ ANTT ở cơ sở; "
        "chỉ đạo, nhiệm vụ; đề xuất, kiến nghị.",
        "reporting_level": "commune",
        "receiving_level": "province",
        "receiver_name": "Công an tỉnh, thành phố (qua Phòng Tham mưu xây dựng phong trào)",
        "period_kind": "month",
        "cutoff_day": 14,
        "due_day": 20,
        "due_months_after": 1,
        "sections": [
            SITUATION,
            s("Hoạt động của phong trào trong kỳ", ACTIVITY, "tuyên truyền, họp dân, mô hình mới"),
            s("Lực lượng bảo vệ an ninh, trật tự ở cơ sở", FORCES, "kiện toàn, hoạt động của các tổ"),
            s("Chỉ đạo, nhiệm vụ", DIRECTION, "kết quả thực hiện nhiệm vụ cấp trên giao"),
            TASKS,
            PROPOSALS,
        ],
    },
    {
        "code": "cat-thang",
        "name": "Báo cáo tháng của Công an cấp tỉnh",
        "subject": WORK,
        "content": "Tổng hợp báo cáo tháng của Công an cấp xã và kết quả của tỉnh.",
        "reporting_level": "province",
        "receiving_level": "national",
        "receiver_name": "Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc (V05)",
        "period_kind": "month",
        "cutoff_day": 14,
        "due_day": 25,
        "due_months_after": 1,
        "source": "cax-thang",
        "sections": [
            SITUATION,
            s("Hoạt động của phong trào trong kỳ", ACTIVITY, appendix="units_below"),
            s("Lực lượng bảo vệ an ninh, trật tự ở cơ sở", FORCES, appendix="units_below"),
            TASKS,
            PROPOSALS,
        ],
    },
    {
        "code": "cax-quy",
        "name": "Báo cáo quý của Công an cấp xã",
        "subject": WORK,
        "content": "Kết quả phong trào trong quý: hoạt động, mô hình, lực lượng, chỉ đạo.",
        "reporting_level": "commune",
        "receiving_level": "province",
        "receiver_name": "Công an tỉnh, thành phố (qua Phòng Tham mưu xây dựng phong trào)",
        "period_kind": "quarter",
        "cutoff_day": 14,
        "due_day": 20,
        "due_months_after": 0,
        "sections": [
            SITUATION,
            s("Hoạt động của phong trào trong quý", ACTIVITY),
            s("Mô hình, điển hình", MODELS),
            s("Lực lượng bảo vệ an ninh, trật tự ở cơ sở", FORCES),
            s("Chỉ đạo, nhiệm vụ", DIRECTION),
            TASKS,
            PROPOSALS,
        ],
    },
    {
        "code": "cax-6-thang",
        "name": "Báo cáo sơ kết 6 tháng của Công an cấp xã",
        "subject": "Sơ kết công tác xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc",
        "content": "Tiến độ thực hiện kế hoạch năm; kết quả 6 tháng; nhiệm vụ 6 tháng cuối năm.",
        "reporting_level": "commune",
        "receiving_level": "province",
        "receiver_name": "Công an tỉnh, thành phố (qua Phòng Tham mưu xây dựng phong trào)",
        "period_kind": "half",
        "cutoff_day": 14,
        "due_day": 20,
        "due_months_after": 0,
        "sections": [
            SITUATION,
            s("Tiến độ thực hiện kế hoạch", DIRECTION, "kết quả thực hiện kế hoạch năm"),
            s("Hoạt động, mô hình, điển hình", [*ACTIVITY, *MODELS]),
            s("Lực lượng bảo vệ an ninh, trật tự ở cơ sở", FORCES),
            s("Nhiệm vụ 6 tháng cuối năm", hint="phương hướng, giải pháp"),
            PROPOSALS,
        ],
    },
    {
        "code": "cax-nam",
        "name": "Báo cáo tổng kết năm của Công an cấp xã",
        "subject": "Tổng kết công tác xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc",
        "content": "Kết quả năm: đánh giá, công nhận “An toàn về ANTT”, phân loại phong trào, lực lượng, "
        "mô hình, Ngày hội, khen thưởng; phương hướng năm sau.",
        "reporting_level": "commune",
        "receiving_level": "province",
        "receiver_name": "Công an tỉnh, thành phố (qua Phòng Tham mưu xây dựng phong trào)",
        "period_kind": "year",
        "cutoff_day": 14,
        "due_day": 20,
        "due_months_after": 0,
        "sections": [
            SITUATION,
            s("Đánh giá, công nhận “An toàn về an ninh, trật tự”", ASSESS),
            s("Lực lượng bảo vệ an ninh, trật tự ở cơ sở", [*FORCES, *RANKING]),
            s("Mô hình, điển hình, hoạt động", [*MODELS, *ACTIVITY]),
            s("Ngày hội toàn dân bảo vệ an ninh Tổ quốc", FESTIVAL),
            s("Khen thưởng", AWARDS),
            s("Phương hướng, nhiệm vụ năm sau", hint="chỉ tiêu, giải pháp"),
            PROPOSALS,
        ],
    },
    {
        "code": "cat-nam",
        "name": "Báo cáo tổng kết năm của Công an cấp tỉnh",
        "subject": "Tổng kết công tác xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc",
        "content": "Tổng hợp báo cáo tổng kết năm của Công an cấp xã và kết quả của tỉnh.",
        "reporting_level": "province",
        "receiving_level": "national",
        "receiver_name": "Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc (V05)",
        "period_kind": "year",
        "cutoff_day": 14,
        "due_day": 25,
        "due_months_after": 0,
        "source": "cax-nam",
        "sections": [
            SITUATION,
            s("Đánh giá, công nhận “An toàn về an ninh, trật tự”", ASSESS, appendix="units_below"),
            s("Lực lượng bảo vệ an ninh, trật tự ở cơ sở", [*FORCES, *RANKING], appendix="units_below"),
            s("Mô hình, điển hình, hoạt động", [*MODELS, *ACTIVITY], appendix="units_below"),
            s("Ngày hội toàn dân bảo vệ an ninh Tổ quốc", FESTIVAL, appendix="units_below"),
            s("Khen thưởng", AWARDS),
            s("Phương hướng, nhiệm vụ năm sau"),
            PROPOSALS,
        ],
    },
    {
        "code": "toan-quoc-nam",
        "name": "Báo cáo tổng kết năm toàn quốc",
        "subject": "Tổng kết phong trào toàn dân bảo vệ an ninh Tổ quốc",
        "content": "Kết quả phong trào toàn quốc trong năm, số liệu của 34 tỉnh, thành phố.",
        "reporting_level": "national",
        "receiving_level": "national",
        "receiver_name": "Lãnh đạo Bộ Công an",
        "period_kind": "year",
        "cutoff_day": 14,
        "due_day": 31,
        "due_months_after": 0,
        "sections": [
            s("Đánh giá, công nhận “An toàn về an ninh, trật tự”", ASSESS, appendix="units_below"),
            s("Lực lượng bảo vệ an ninh, trật tự ở cơ sở", [*FORCES, *RANKING], appendix="units_below"),
            s("Mô hình, điển hình, hoạt động", [*MODELS, *ACTIVITY], appendix="units_below"),
            s("Ngày hội toàn dân bảo vệ an ninh Tổ quốc", FESTIVAL, appendix="units_below"),
            s("Khen thưởng", AWARDS, appendix="units_below"),
            s("Chỉ đạo, nhiệm vụ", DIRECTION, appendix="units_below"),
            s("Phương hướng, nhiệm vụ năm sau"),
        ],
    },
]


@transaction.atomic
def seed_definitions() -> int:
    """Create the regimes that do not exist yet (an edited regime is left as the administrator left it)."""
    made: dict[str, ReportDefinition] = {}
    created_count = 0
    for position, row in enumerate(DEFINITIONS, start=1):
        fields = {k: v for k, v in row.items() if k not in ("sections", "source", "code")}
        definition, created = ReportDefinition.objects.get_or_create(
            code=row["code"], defaults={**fields, "position": position, "needs_verification": True}
        )
        made[row["code"]] = definition
        if not created:
            continue
        created_count += 1
        for index, section in enumerate(row["sections"], start=1):
            DefinitionSection.objects.create(
                definition=definition,
                position=index,
                title=section["title"],
                indicator_codes=section["codes"],
                has_narrative=section["narrative"],
                narrative_hint=section["hint"],
                appendix=section["appendix"],
            )
    for row in DEFINITIONS:
        if row.get("source"):
            ReportDefinition.objects.filter(code=row["code"], source__isnull=True).update(
                source=made[row["source"]]
            )
    return created_count


DEMO_NARRATIVE = (
    "Tình hình an ninh, trật tự trên địa bàn cơ bản ổn định; không phát sinh vụ việc phức tạp.\n"
    "Công an phường phối hợp với Ban Chỉ đạo tổ chức các buổi họp dân tại tổ dân phố."
)


def seed_demo_reports(today: dt.date | None = None) -> int:
    """Demo reports for Hà Nội: Ba Đình's monthly reports (last month submitted, this month a draft),
    two more wards' reports of last month (one late), so the province sees completeness and timeliness."""
    from django.utils import timezone

    from antq.accounts.models import User
    from antq.reports import actions, rules
    from antq.units.models import Unit

    seed_definitions()
    today = today or timezone.localdate()
    badinh_officer = User.objects.filter(username="xa.badinh").first()
    hanoi_officer = User.objects.filter(username="tinh.hanoi").first()
    if badinh_officer is None or hanoi_officer is None:
        return 0
    monthly = ReportDefinition.objects.get(code="cax-thang")
    current = rules.current_period(monthly.period_kind, today)
    last = current.previous()
    made = 0
    plan = [
        ("00004", last, "on_time"),
        ("00008", last, "late"),
        ("00025", last, "on_time"),
        ("00004", current, ""),
    ]
    for key, period, how in plan:
        unit = Unit.objects.filter(key=key).first()
        if (
            unit is None
            or Report.objects.filter(definition=monthly, unit=unit, period_key=period.key).exists()
        ):
            continue
        report = actions.generate_report(monthly, unit, period_key=period.key, by=hanoi_officer, today=today)
        texts = {str(sec.pk): DEMO_NARRATIVE for sec in monthly.sections.all() if sec.has_narrative}
        report = actions.save_narrative(report, by=hanoi_officer, texts=texts)
        made += 1
        if how:
            due = monthly.due_on(period)
            day = min(today, due) if how == "on_time" else max(today, due + dt.timedelta(days=3))
            actions.submit_report(
                report,
                by=badinh_officer if key == "00004" else hanoi_officer,
                signer_name="Nguyễn Văn An",
                today=day,
            )
    return made
