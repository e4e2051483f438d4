"""Ranking rules and criteria from ../shared/domain/03-grassroots-forces.md §8 (HD 01/HD-BCA-V05).

The period, the 20 % cap on the number ranked "good" and the 9-month rule are CONFIRMED as reported
by the press; the rounding (floor) and the reading of the base are not, hence `needs_verification`
on the default row. The excellent-team criteria T1–T7 are confirmed; the criteria of the other
levels and of members are not published in our sources: placeholders flagged for verification,
shown for reference, never blocking.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from antq.forces.ranking_models import RankingCriterion, RankingRule

BASIS = "Hướng dẫn số 01/HD-BCA-V05 của Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc (Bộ Công an)"

TEAM, MEMBER = RankingCriterion.Subject.TEAM, RankingCriterion.Subject.MEMBER
MANUAL = RankingCriterion.Method.MANUAL

CRITERIA: list[dict[str, Any]] = [
    {
        "code": "T1",
        "text": "Thực hiện nghiêm túc, đầy đủ nhiệm vụ do Công an cấp xã giao; theo chương trình, kế hoạch "
        "của Công an cấp xã, phân công nhiệm vụ cụ thể cho từng thành viên và theo dõi, kiểm tra, "
        "đánh giá kết quả thực hiện.",
    },
    {
        "code": "T2",
        "text": "Sinh hoạt định kỳ theo quy định; tham gia đầy đủ các cuộc họp, giao ban do Công an cấp xã "
        "tổ chức; báo cáo tình hình, kết quả đầy đủ, kịp thời.",
    },
    {
        "code": "T3",
        "text": "Không có thành viên vi phạm điều cấm tại khoản 1, 2, 5 Điều 6 Luật; bị cho thôi tham gia "
        "theo điểm c, d khoản 3 Điều 17 Luật; hoặc bị xếp loại “Không hoàn thành nhiệm vụ”.",
        "method": RankingCriterion.Method.NO_BAD_MEMBERS,
    },
    {
        "code": "T4",
        "text": "Giữ gìn kỷ luật, đoàn kết nội bộ; thành viên tham gia đầy đủ các lớp bồi dưỡng, huấn luyện "
        "về chính trị, pháp luật, kỹ năng, nghiệp vụ khi được triệu tập.",
    },
    {
        "code": "T5",
        "text": "Hoàn thành trên 95% nhiệm vụ được giao thuộc 6 nhóm nhiệm vụ (Chương II Luật), nhiều nhiệm "
        "vụ hoàn thành có hiệu quả cao.",
        "method": RankingCriterion.Method.TASKS_DONE,
        "threshold": Decimal("0.95"),
    },
    {
        "code": "T6",
        "text": "Phối hợp chặt chẽ, tích cực với Trưởng thôn, Tổ trưởng tổ dân phố, Ban công tác Mặt trận "
        "và các tổ chức chính trị - xã hội ở thôn, tổ dân phố.",
    },
    {
        "code": "T7",
        "text": "Địa bàn phụ trách đạt tiêu chuẩn “An toàn về an ninh, trật tự” theo khoản 4 Điều 4 "
        "Thông tư 124/2021/TT-BCA.",
    },
]

PLACEHOLDER = "Tiêu chí mức “%s” chưa được xác nhận: đối chiếu Hướng dẫn 01/HD-BCA-V05 rồi nhập nội dung."
PLACEHOLDERS = [
    (TEAM, "good", "TG", "Hoàn thành tốt nhiệm vụ"),
    (TEAM, "completed", "TC", "Hoàn thành nhiệm vụ"),
    (TEAM, "not_completed", "TK", "Không hoàn thành nhiệm vụ"),
    (MEMBER, "excellent", "MX", "Hoàn thành xuất sắc nhiệm vụ"),
    (MEMBER, "good", "MG", "Hoàn thành tốt nhiệm vụ"),
    (MEMBER, "completed", "MC", "Hoàn thành nhiệm vụ"),
    (MEMBER, "not_completed", "MK", "Không hoàn thành nhiệm vụ"),
]


@transaction.atomic
def seed_ranking() -> int:
    """Create the default ranking rule and the criteria that do not exist yet; a second run adds nothing."""
    created = 0
    _, made = RankingRule.objects.get_or_create(
        year=None,
        defaults={
            "legal_basis": BASIS,
            "needs_verification": True,
            "notes": (
                "Cơ sở tính 20% (chỉ số “tốt” hay “tốt và xuất sắc”) và cách làm tròn chưa được xác nhận."
            ),
        },
    )
    created += made
    for order, row in enumerate(CRITERIA, start=1):
        _, made = RankingCriterion.objects.get_or_create(
            subject=TEAM,
            code=str(row["code"]),
            defaults={
                "level": "excellent",
                "text": row["text"],
                "order": order,
                "method": row.get("method", MANUAL),
                "threshold": row.get("threshold"),
            },
        )
        created += made
    for subject, level, code, label in PLACEHOLDERS:
        _, made = RankingCriterion.objects.get_or_create(
            subject=subject,
            code=code,
            defaults={"level": level, "text": PLACEHOLDER % label, "order": 1, "needs_verification": True},
        )
        created += made
    return created
