"""Objects the coordination tests share, made through the actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from antq.coordination import actions
from antq.coordination.models import InspectedUnit, Inspection, Programme
from antq.units.models import Unit


def unit(key: str) -> Unit:
    return Unit.objects.get(key=key)


def national_programme(by: Any, number: str = "01/CTr-BCA-MTTW") -> Programme:
    vn = unit("VN")
    return actions.create_programme(
        vn,
        by=by,
        kind="programme",
        number=number,
        title="Phối hợp thực hiện phong trào",
        signed_on=dt.date(2026, 1, 15),
        period_from=dt.date(2026, 1, 15),
        period_to=dt.date(2030, 12, 31),
        content_items=["Tuyên truyền", "Xây dựng mô hình"],
        parties=[actions.Party(vn, "Bộ Công an"), actions.Party(vn, "Ủy ban Trung ương MTTQ Việt Nam")],
    )


def deploy(national: Programme, province_key: str, by: Any, number: str = "125/KH-UBND") -> Programme:
    province = unit(province_key)
    return actions.create_programme(
        province,
        by=by,
        kind="plan",
        number=number,
        title="Kế hoạch triển khai",
        signed_on=dt.date(2026, 3, 2),
        period_from=dt.date(2026, 3, 2),
        period_to=None,
        content_items=["Triển khai"],
        parties=[actions.Party(province, "Công an tỉnh"), actions.Party(province, "Tỉnh đoàn")],
        deploys=national,
    )


def inspection(by: Any, keys: tuple[str, ...] = ("00004", "00008")) -> Inspection:
    return actions.plan_inspection(
        unit("01"),
        by=by,
        plan_number="87/KH-BCĐ",
        title="Kiểm tra phong trào năm 2026",
        planned_from=dt.date(2026, 9, 1),
        planned_to=dt.date(2026, 9, 30),
        units=[unit(k) for k in keys],
    )


def with_findings(by: Any) -> tuple[Inspection, InspectedUnit]:
    made = inspection(by)
    row = InspectedUnit.objects.get(inspection=made, unit__key="00004")
    actions.record_findings(
        row,
        by=by,
        conclusion="Hồ sơ tổ bảo vệ ANTT còn thiếu.",
        findings_on=dt.date(2026, 9, 10),
        requests=[
            actions.RequestInput("Bổ sung quyết định", dt.date(2026, 10, 15)),
            actions.RequestInput("Sơ kết mô hình", dt.date(2026, 12, 31)),
        ],
    )
    return made, row
