"""Demo coordination data for `make run`, made through the actions (audited like real work).

A national programme between the Ministry of Public Security and the Fatherland Front's central
committee, deployed by Hà Nội but not yet by Hồ Chí Minh City; an inspection by Hà Nội of Phường
Ba Đình with findings, one request done and one overdue.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from antq.accounts.models import User
from antq.coordination import actions
from antq.coordination.models import InspectedUnit, Inspection, Programme
from antq.units.models import Unit

NATIONAL_NUMBER = "01/CTr-BCA-MTTW"
HANOI_NUMBER = "125/KH-UBND"
INSPECTION_NUMBER = "87/KH-BCĐ"


def seed_coordination_demo() -> int:
    """Create the demo rows once (needs the demo accounts); returns how many objects were created."""
    admin = User.objects.filter(username="quantri").first()
    hanoi_officer = User.objects.filter(username="tinh.hanoi").first()
    units = {u.key: u for u in Unit.objects.filter(key__in=["VN", "01", "00004", "00008"])}
    if admin is None or hanoi_officer is None or len(units) < 4:
        return 0
    created = 0
    national = Programme.objects.filter(owner=units["VN"], number=NATIONAL_NUMBER).first()
    if national is None:
        national = actions.create_programme(
            units["VN"],
            by=admin,
            kind="programme",
            number=NATIONAL_NUMBER,
            title=(
                "Chương trình phối hợp thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc "
                "giai đoạn 2026–2030"
            ),
            signed_on=dt.date(2026, 1, 15),
            period_from=dt.date(2026, 1, 15),
            period_to=dt.date(2030, 12, 31),
            content_items=[
                "Tuyên truyền, vận động Nhân dân tham gia bảo vệ an ninh, trật tự ở cơ sở",
                "Xây dựng, nhân rộng mô hình tự quản về an ninh, trật tự",
                "Phối hợp kiểm tra, sơ kết, tổng kết hằng năm",
            ],
            parties=[
                actions.Party(units["VN"], "Bộ Công an"),
                actions.Party(units["VN"], "Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam"),
            ],
        )
        created += 1
    if not Programme.objects.filter(owner=units["01"], deploys=national).exists():
        hanoi = actions.create_programme(
            units["01"],
            by=hanoi_officer,
            kind="plan",
            number=HANOI_NUMBER,
            title="Kế hoạch triển khai Chương trình phối hợp 01/CTr-BCA-MTTW trên địa bàn Thành phố Hà Nội",
            signed_on=dt.date(2026, 3, 2),
            period_from=dt.date(2026, 3, 2),
            period_to=dt.date(2030, 12, 31),
            content_items=["Công an Thành phố chủ trì, phối hợp Ủy ban MTTQ Việt Nam Thành phố triển khai"],
            parties=[
                actions.Party(units["01"], "Công an Thành phố Hà Nội"),
                actions.Party(units["01"], "Ủy ban MTTQ Việt Nam Thành phố Hà Nội"),
            ],
            deploys=national,
        )
        party = hanoi.parties.get(name="Ủy ban MTTQ Việt Nam Thành phố Hà Nội")
        report = actions.submit_report(
            hanoi,
            by=hanoi_officer,
            party=party,
            period_from=dt.date(2026, 3, 2),
            period_to=dt.date(2026, 6, 30),
            text="Tổ chức hội nghị triển khai tại 126 xã, phường; ra mắt 40 mô hình tự quản.",
            figures={"Số hội nghị triển khai": 126, "Số mô hình ra mắt": 40},
        )
        actions.attach_report_file(report, _report_pdf(), by=hanoi_officer)
        created += 2
    if not Inspection.objects.filter(inspector=units["01"], plan_number=INSPECTION_NUMBER).exists():
        inspection = actions.plan_inspection(
            units["01"],
            by=hanoi_officer,
            plan_number=INSPECTION_NUMBER,
            title="Kiểm tra việc thực hiện phong trào toàn dân bảo vệ ANTQ năm 2026",
            planned_from=dt.date(2026, 9, 1),
            planned_to=dt.date(2026, 9, 30),
            units=[units["00004"], units["00008"]],
        )
        row = InspectedUnit.objects.get(inspection=inspection, unit=units["00004"])
        actions.record_findings(
            row,
            by=hanoi_officer,
            conclusion=(
                "Phường đã kiện toàn Ban Chỉ đạo, triển khai đầy đủ kế hoạch của Thành phố; "
                "hồ sơ tổ bảo vệ ANTT còn thiếu quyết định công nhận thành viên."
            ),
            findings_on=dt.date(2026, 9, 10),
            requests=[
                actions.RequestInput(
                    "Bổ sung quyết định công nhận thành viên tổ bảo vệ ANTT", dt.date(2026, 10, 15)
                ),
                actions.RequestInput("Tổ chức sơ kết mô hình camera an ninh", dt.date(2026, 12, 31)),
            ],
        )
        created += 1
    return created


def _report_pdf() -> SimpleUploadedFile:
    """A one-page scanned-report stand-in, rendered by WeasyPrint."""
    from weasyprint import HTML

    html = (
        "<h1>Báo cáo kết quả 6 tháng</h1><p>Ủy ban MTTQ Việt Nam Thành phố Hà Nội: "
        "tổ chức hội nghị triển khai tại 126 xã, phường; ra mắt 40 mô hình tự quản.</p>"
    )
    return SimpleUploadedFile("bao-cao-6-thang.pdf", HTML(string=html).write_pdf(), "application/pdf")
