"""Demo data for `make run`: a national plan with tasks for Hà Nội's communes, a committee, documents.

Written through the actions (as the demo officers), so the audit log and notifications look real.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from antq.accounts.models import User
from antq.movement import actions
from antq.movement.models import Document, LinkKind
from antq.units.models import Unit

NATIONAL_BODY = "Ban Chỉ đạo Thực hiện Phong trào toàn dân bảo vệ ANTQ"


@transaction.atomic
def seed_movement_demo() -> tuple[int, int]:
    """Returns (documents, tasks) added; does nothing when the demo plan is already there."""
    admin = User.objects.filter(username="quantri").first()
    province_officer = User.objects.filter(username="tinh.hanoi").first()
    commune_officer = User.objects.filter(username="xa.badinh").first()
    nation = Unit.objects.filter(key="VN").first()
    hanoi = Unit.objects.filter(key="01").first()
    if None in (admin, province_officer, nation, hanoi):
        return 0, 0
    assert admin and province_officer and nation and hanoi
    today = timezone.localdate()
    year = today.year

    def day(month: int, d: int) -> dt.date:
        # Documents cannot be dated in the future: early in January the demo dates collapse to today.
        return min(dt.date(year, month, d), today)

    if Document.objects.filter(issuer_unit=nation, number_text="87/KH-BCĐ", year=year).exists():
        return 0, 0
    start = day(1, 15)
    programme = actions.register_document(
        nation,
        by=admin,
        number_text="43/CTr-BCĐ",
        issued_on=day(1, 5),
        subject="Chương trình công tác năm của Ban Chỉ đạo Thực hiện Phong trào toàn dân bảo vệ ANTQ",
        issuing_body=NATIONAL_BODY,
    )
    plan = actions.register_document(
        nation,
        by=admin,
        number_text="87/KH-BCĐ",
        issued_on=start,
        subject="Kế hoạch triển khai Ngày hội toàn dân bảo vệ ANTQ và kiện toàn Ban Chỉ đạo các cấp",
        issuing_body=NATIONAL_BODY,
    )
    actions.link_documents(plan, programme, by=admin, kind=LinkKind.IMPLEMENTS)
    tasks = actions.assign_to_all_communes(
        plan,
        hanoi,
        by=admin,
        assignment=actions.Assignment(
            "Kiện toàn Ban Chỉ đạo cấp xã và báo cáo kết quả",
            dt.date(year, 3, 31),
            "Quyết định kiện toàn Ban Chỉ đạo; danh sách thành viên",
        ),
    )
    tasks += actions.assign_to_all_communes(
        plan,
        hanoi,
        by=admin,
        assignment=actions.Assignment(
            "Tổ chức Ngày hội toàn dân bảo vệ ANTQ ở các khu dân cư",
            dt.date(year, 8, 31),
            "Báo cáo kết quả Ngày hội",
            weight=2,
        ),
    )
    committee = actions.save_committee(
        hanoi,
        by=province_officer,
        name="Ban Chỉ đạo phong trào toàn dân bảo vệ ANTQ Thành phố Hà Nội",
        decision_number="15/QĐ-UBND",
        decision_date=day(2, 3),
        standing_office="Công an Thành phố Hà Nội",
        is_consolidation=True,
    )
    for name, position, agency, role in (
        ("Nguyễn Văn Phong", "Phó Chủ tịch", "Ủy ban nhân dân Thành phố", "head"),
        ("Trần Đức Hải", "Giám đốc", "Công an Thành phố", "deputy"),
        ("Lê Thị Hồng", "Phó Chủ tịch", "Ủy ban MTTQ Việt Nam Thành phố", "member"),
        ("Phạm Quang Vinh", "Trưởng phòng PV05", "Công an Thành phố", "standing"),
    ):
        actions.add_member(
            committee,
            by=province_officer,
            full_name=name,
            position=position,
            agency=agency,
            role=role,
            joined_on=day(2, 3),
        )
    local = actions.register_document(
        hanoi,
        by=province_officer,
        number_text="656/KH-UBND",
        issued_on=day(2, 10),
        subject="Kế hoạch thực hiện phong trào toàn dân bảo vệ ANTQ trên địa bàn Thành phố",
        issuing_body="Ủy ban nhân dân Thành phố Hà Nội",
    )
    actions.link_documents(local, plan, by=province_officer, kind=LinkKind.IMPLEMENTS)
    if commune_officer is not None:
        own = [t for t in tasks if t.unit.key == "00004"]
        for task, percent in zip(own, (100, 40), strict=False):
            actions.report_progress(
                task, by=commune_officer, percent=percent, note="Đã triển khai theo kế hoạch."
            )
    return 4, len(tasks)
