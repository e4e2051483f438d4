"""Criteria sets v1, class thresholds, authority rules and the first cycle (idempotent).

Everything here comes from ../shared/domain/01 and 02. Items those files mark UNCONFIRMED are
loaded as placeholders with `needs_verification=True`; numbers the sources do not give (class
thresholds, caps, deductions) are left empty: an administrator enters them from the paper copy.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from antq.assessments.models import (
    AuthorityRule,
    ClassThreshold,
    CriteriaSet,
    Criterion,
    Cycle,
    ManagingLevel,
    MovementClass,
    SubjectType,
)
from antq.units.models import Unit

TT124 = "Thông tư 124/2021/TT-BCA, sửa đổi bởi Thông tư 48/2025/TT-BCA"
QD510 = "Quyết định 510/QĐ-BCA-V05 ngày 20/01/2022"
PLACEHOLDER_TT124 = "Nội dung cần xác minh theo Điều 4 TT 124"

# (code, text, needs_verification, source_ref, extra fields)
CriterionSpec = tuple[str, str, bool, str, dict[str, Any]]

KDC_STANDARD: list[CriterionSpec] = [
    (
        "KDC-1",
        "Trong quý I hằng năm, chi bộ ra nghị quyết; khu dân cư đăng ký phấn đấu đạt tiêu chuẩn "
        "“An toàn về an ninh, trật tự”; 100% hộ gia đình đang cư trú tại khu dân cư đăng ký tham gia.",
        False,
        "TT 124 Điều 4 khoản 1",
        {},
    ),
    (
        "KDC-2",
        "Thực hiện đầy đủ chủ trương của Đảng, chính sách, pháp luật của Nhà nước và các quy định "
        "của địa phương về bảo đảm an ninh, trật tự.",
        False,
        "TT 124 Điều 4 khoản 2",
        {},
    ),
    (
        "KDC-3",
        "Trong kỳ đánh giá không xảy ra: hoạt động chống Đảng, chính quyền, phá hoại khối đại đoàn kết; "
        "phá hoại mục tiêu, công trình kinh tế, văn hóa, xã hội, an ninh, quốc phòng; tuyên truyền, "
        "phát triển tà đạo, đạo lạ trái pháp luật; lợi dụng tín ngưỡng, tôn giáo, dân tộc, tranh chấp, "
        "khiếu kiện gây phức tạp về an ninh, trật tự; hoạt động ly khai, đòi tự trị; mâu thuẫn, tranh "
        "chấp phức tạp, kéo dài trong Nhân dân; kích động, lôi kéo, mua chuộc người khác gây rối.",
        False,
        "TT 124 Điều 4 khoản 3 (các điểm sau điểm g chưa đọc được)",
        {},
    ),
    ("KDC-4", PLACEHOLDER_TT124 + " (khoản 4).", True, "TT 124 Điều 4 khoản 4", {}),
    ("KDC-5", PLACEHOLDER_TT124 + " (khoản 5).", True, "TT 124 Điều 4 khoản 5", {}),
]

XA_STANDARD: list[CriterionSpec] = [
    (
        "XA-1",
        "Trong quý I hằng năm, đảng ủy cấp xã ra nghị quyết; UBND cấp xã có kế hoạch về công tác bảo đảm "
        "an ninh, trật tự và đăng ký phấn đấu đạt tiêu chuẩn; xây dựng, củng cố, duy trì ít nhất 01 mô hình "
        "phong trào toàn dân bảo vệ an ninh Tổ quốc hoạt động hiệu quả.",
        False,
        "TT 124 Điều 5 khoản 1",
        {},
    ),
    (
        "XA-2",
        "Đạt các tiêu chí tại khoản 2, khoản 3 và khoản 4 Điều 4 Thông tư 124 trên địa bàn cấp xã.",
        False,
        "TT 124 Điều 5 khoản 2",
        {},
    ),
    (
        "XA-3",
        "Công an cấp xã chủ động nắm tình hình, tham mưu cho cấp ủy, chính quyền và tổ chức thực hiện hiệu "
        "quả công tác bảo đảm an ninh, trật tự, xây dựng phong trào; không có cá nhân Công an cấp xã vi phạm "
        "bị xử lý kỷ luật trong kỳ đánh giá.",
        False,
        "TT 124 Điều 5 khoản 3",
        {},
    ),
    (
        "XA-4",
        "100% khu dân cư, cơ quan, doanh nghiệp, cơ sở giáo dục thuộc phạm vi quản lý hoặc được phân cấp "
        "quản lý đăng ký phấn đấu, trong đó ít nhất 70% được công nhận đạt tiêu chuẩn.",
        False,
        "TT 124 Điều 5 khoản 4",
        {
            "check_type": Criterion.Check.AUTO,
            "auto_rule": "commune_children_share",
            "params": {"min_registered_share": "1.00", "min_recognised_share": "0.70"},
        },
    ),
]

CQ_STANDARD: list[CriterionSpec] = [
    (
        "CQ-1",
        "Trong quý I hằng năm, tổ chức đảng (nếu có) ra nghị quyết chuyên đề hoặc lồng ghép công tác bảo "
        "đảm an ninh, trật tự vào nghị quyết lãnh đạo năm; có kế hoạch về công tác bảo đảm an ninh, trật tự "
        "và đăng ký phấn đấu đạt tiêu chuẩn; có nội quy, quy chế bảo vệ cơ quan, doanh nghiệp, bảo vệ bí "
        "mật nhà nước, bảo vệ chính trị nội bộ, an toàn lao động, phòng cháy, chữa cháy, nổ và bảo vệ môi "
        "trường; 100% cán bộ, công nhân viên, người lao động được phổ biến các quy định đó và các tiêu chí "
        "của tiêu chuẩn; có ít nhất 01 mô hình phong trào hoạt động hiệu quả.",
        False,
        "TT 124 Điều 6 khoản 1",
        {},
    ),
    (
        "CQ-2",
        "Thực hiện đầy đủ chủ trương của Đảng, chính sách, pháp luật của Nhà nước, nội quy, quy chế và các "
        "chương trình, kế hoạch phối hợp về bảo đảm an ninh, trật tự (phần còn lại cần xác minh).",
        True,
        "TT 124 Điều 6 khoản 2 (đọc được một phần)",
        {},
    ),
    (
        "CQ-3",
        "Các tiêu chí còn lại — nội dung cần xác minh theo Điều 6 TT 124.",
        True,
        "TT 124 Điều 6 khoản 3 trở đi",
        {},
    ),
]

SCHOOL_SOURCE = "Báo cáo của tỉnh về TT 124 (6 tiêu chí đối với cơ sở giáo dục); văn bản gốc cần xác minh"
SCHOOL_STANDARD: list[CriterionSpec] = [
    (
        "GD-1",
        "Có mô hình phong trào toàn dân bảo vệ an ninh Tổ quốc hoạt động hiệu quả.",
        True,
        SCHOOL_SOURCE,
        {},
    ),
    (
        "GD-2",
        "Nhà trường phối hợp với Ban đại diện cha mẹ học sinh trong quản lý, giáo dục học sinh.",
        True,
        SCHOOL_SOURCE,
        {},
    ),
    (
        "GD-3",
        "Không để xảy ra mất an ninh, trật tự; không có hoạt động kích động, lôi kéo; không tuyên truyền, "
        "phát triển tà đạo, đạo lạ trái pháp luật.",
        True,
        SCHOOL_SOURCE,
        {},
    ),
    ("GD-4", "Không để xảy ra bạo lực học đường.", True, SCHOOL_SOURCE, {}),
    (
        "GD-5",
        "Cán bộ, giáo viên, nhân viên hoàn thành nhiệm vụ được giao trong năm.",
        True,
        SCHOOL_SOURCE,
        {},
    ),
    ("GD-6", "Tiêu chí thứ sáu — nội dung cần xác minh theo TT 124.", True, SCHOOL_SOURCE, {}),
]

# (code, text, max points, needs_verification, source_ref)
PointSpec = tuple[str, str, str, bool, str]

CQ_SHEET: list[PointSpec] = [
    (
        "CQ7-1",
        "Trong quý I hằng năm, cấp ủy (nơi có tổ chức đảng) ra nghị quyết; cơ quan, doanh nghiệp, cơ sở giáo "
        "dục ban hành chương trình, kế hoạch phù hợp; thực hiện đầy đủ chỉ đạo của cấp trên về xây dựng "
        "phong trào; tổ chức sơ kết, tổng kết phong trào; thực hiện nghiêm chế độ thông tin, báo cáo.",
        "3",
        False,
        "QĐ 510 Điều 7 khoản 1",
    ),
    (
        "CQ7-2",
        "Sử dụng nhiều hình thức tuyên truyền, vận động để ít nhất 90% đảng viên, cán bộ, công nhân viên, "
        "người lao động (cơ sở giáo dục: học sinh, sinh viên) tham gia phong trào.",
        "3",
        False,
        "QĐ 510 Điều 7 khoản 2",
    ),
    (
        "CQ7-3",
        "Tích cực hưởng ứng, tổ chức “Ngày hội toàn dân bảo vệ an ninh Tổ quốc” và các hoạt động chuyên đề "
        "theo chỉ đạo của Ban Chỉ đạo các cấp, thiết thực, hiệu quả, phù hợp với đơn vị.",
        "5",
        False,
        "QĐ 510 Điều 7 khoản 3",
    ),
    (
        "CQ7-4a",
        "Phối hợp với chính quyền, Công an địa phương: có quy chế hoặc kế hoạch phối hợp.",
        "1",
        False,
        "QĐ 510 Điều 7 khoản 4 điểm a",
    ),
    (
        "CQ7-X",
        "Các tiêu chí còn lại (cần xác minh theo Điều 7 QĐ 510).",
        "88",
        True,
        "QĐ 510 Điều 7 (phần chưa đọc được)",
    ),
]


def _bases_sheet(prefix: str) -> list[PointSpec]:
    """A placeholder sheet built on the three confirmed bases of the evaluation (file 02 §2.2)."""
    note = "QĐ 510 (bảng điểm chưa đọc được; dựng theo 3 căn cứ đánh giá)"
    return [
        (
            f"{prefix}-1",
            "Mức độ hoàn thành chương trình, kế hoạch xây dựng phong trào của cấp ủy, chính quyền, "
            "Ban Chỉ đạo (cần xác minh).",
            "40",
            True,
            note,
        ),
        (
            f"{prefix}-2",
            "Tính sôi nổi của phong trào và số lượng người tham gia (cần xác minh).",
            "30",
            True,
            note,
        ),
        (
            f"{prefix}-3",
            "Mức độ đạt các tiêu chí “An toàn về an ninh, trật tự” theo Thông tư 124 (cần xác minh).",
            "30",
            True,
            note,
        ),
    ]


SUBJECT_LABEL = {
    SubjectType.RESIDENTIAL_AREA: "khu dân cư",
    SubjectType.COMMUNE: "xã, phường, đặc khu",
    SubjectType.AGENCY: "cơ quan",
    SubjectType.ENTERPRISE: "doanh nghiệp",
    SubjectType.SCHOOL: "cơ sở giáo dục",
}

STANDARDS: dict[str, list[CriterionSpec]] = {
    SubjectType.RESIDENTIAL_AREA: KDC_STANDARD,
    SubjectType.COMMUNE: XA_STANDARD,
    SubjectType.AGENCY: CQ_STANDARD,
    SubjectType.ENTERPRISE: CQ_STANDARD,
    SubjectType.SCHOOL: SCHOOL_STANDARD,
}
SHEETS: dict[str, list[PointSpec]] = {
    SubjectType.RESIDENTIAL_AREA: _bases_sheet("KDC510"),
    SubjectType.COMMUNE: _bases_sheet("XA510"),
    SubjectType.AGENCY: CQ_SHEET,
    SubjectType.ENTERPRISE: CQ_SHEET,
    SubjectType.SCHOOL: CQ_SHEET,
}


def standard_code(subject_type: str) -> str:
    return f"TT124-{subject_type}"


def sheet_code(subject_type: str) -> str:
    return f"QD510-{subject_type}"


# Effective date of the two-tier local government (file 01 §1).
AUTHORITY_FROM = datetime.date(2025, 7, 1)
_C, _P = Unit.Level.COMMUNE, Unit.Level.PROVINCE
ORGS = (SubjectType.AGENCY, SubjectType.ENTERPRISE, SubjectType.SCHOOL)
# (subject_type, managing level, reviewer, decider, body, needs_verification, note)
AUTHORITY: list[tuple[str, str, str, str, str, bool, str]] = [
    (
        SubjectType.RESIDENTIAL_AREA,
        ManagingLevel.COMMUNE,
        _C,
        _C,
        "UBND cấp xã",
        False,
        "TT 124 Điều 10 (không đổi về nguyên tắc sau 2025)",
    ),
    *[(t, ManagingLevel.COMMUNE, _C, _C, "UBND cấp xã", False, "TT 124 Điều 10") for t in ORGS],
    (
        SubjectType.COMMUNE,
        ManagingLevel.PROVINCE,
        _P,
        _P,
        "UBND cấp tỉnh",
        True,
        "Trước 01/7/2025 là UBND cấp huyện; thẩm quyền mới cần xác minh",
    ),
    *[
        (t, ManagingLevel.PROVINCE, _P, _P, "UBND cấp tỉnh", False, "TT 124 Điều 10; Quảng Nam 2024")
        for t in ORGS
    ],
    *[
        (t, ManagingLevel.CENTRAL, _P, _P, "UBND cấp tỉnh", True, "Đơn vị trung ương: cần xác minh")
        for t in ORGS
    ],
]

# The first cycle's dates, as (year offset from the cycle's year, month, day). Later cycles copy
# the previous cycle instead, so edits made by the administrator carry forward.
DEFAULT_CYCLE: dict[str, Any] = {
    "phases": {
        "registration_start": (0, 1, 1),
        "registration_end": (0, 3, 31),
        "self_assessment_start": (0, 11, 1),
        "review_end": (0, 11, 30),
        "decision_end": (0, 11, 30),
    },
    "rules": {
        SubjectType.RESIDENTIAL_AREA: {
            "window_start": (-1, 11, 1),
            "window_end": (0, 10, 31),
            "registration_deadline": (0, 3, 31),
            "decision_deadline": (0, 11, 20),
        },
        **{
            t: {
                "window_start": (-1, 11, 16),
                "window_end": (0, 11, 15),
                "registration_deadline": (0, 3, 31),
                "decision_deadline": (0, 11, 30),
            }
            for t in (SubjectType.COMMUNE, *ORGS)
        },
    },
}

DEMO_YEAR = 2026


def default_date(year: int, spec: tuple[int, int, int]) -> datetime.date:
    offset, month, day = spec
    return datetime.date(year + offset, month, day)


def _criteria_set(kind: str, subject_type: str, *, max_total: Decimal | None, needs: bool) -> CriteriaSet:
    label = SUBJECT_LABEL[SubjectType(subject_type)]
    if kind == CriteriaSet.Kind.STANDARD:
        code, basis = standard_code(subject_type), TT124
        name = f"Tiêu chuẩn “An toàn về ANTT” — {label}"
    else:
        code, basis = sheet_code(subject_type), QD510
        name = f"Bảng chấm điểm phân loại phong trào — {label}"
    criteria_set, _ = CriteriaSet.objects.get_or_create(
        code=code,
        version=1,
        defaults={
            "kind": kind,
            "subject_type": subject_type,
            "name": name,
            "legal_basis": basis,
            "max_total": max_total,
            "needs_verification": needs,
        },
    )
    return criteria_set


@transaction.atomic
def seed_assessments(*, open_year: int | None = DEMO_YEAR) -> dict[str, int]:
    """Load the catalogue (a second run creates nothing and keeps the administrator's edits)."""
    before = {
        "sets": CriteriaSet.objects.count(),
        "criteria": Criterion.objects.count(),
        "thresholds": ClassThreshold.objects.count(),
        "authority": AuthorityRule.objects.count(),
        "cycles": Cycle.objects.count(),
    }
    for subject_type, specs in STANDARDS.items():
        needs = any(spec[2] for spec in specs)
        cs = _criteria_set(CriteriaSet.Kind.STANDARD, subject_type, max_total=None, needs=needs)
        for order, (code, text, verify, source, extra) in enumerate(specs, start=1):
            Criterion.objects.get_or_create(
                criteria_set=cs,
                code=code,
                defaults={
                    "order": order,
                    "text": text,
                    "needs_verification": verify,
                    "source_ref": source,
                    **extra,
                },
            )
    for subject_type, points in SHEETS.items():
        cs = _criteria_set(CriteriaSet.Kind.SCORE_SHEET, subject_type, max_total=Decimal(100), needs=True)
        for order, (code, text, max_points, verify, source) in enumerate(points, start=1):
            Criterion.objects.get_or_create(
                criteria_set=cs,
                code=code,
                defaults={
                    "order": order,
                    "text": text,
                    "max_points": Decimal(max_points),
                    "needs_verification": verify,
                    "source_ref": source,
                },
            )
        for movement_class in MovementClass.values:
            # No numbers: the sources do not give them (file 02 §4); classification waits for them.
            ClassThreshold.objects.get_or_create(
                criteria_set=cs,
                movement_class=movement_class,
                defaults={"min_points": None, "needs_verification": True},
            )
    for subject_type, managing, reviewer, decider, body, verify, note in AUTHORITY:
        AuthorityRule.objects.get_or_create(
            subject_type=subject_type,
            managing_level=managing,
            valid_from=AUTHORITY_FROM,
            defaults={
                "reviewer_level": reviewer,
                "decider_level": decider,
                "decider_body": body,
                "needs_verification": verify,
                "source_note": note,
            },
        )
    if open_year is not None and not Cycle.objects.filter(year=open_year).exists():
        from antq.assessments.actions import open_cycle

        open_cycle(open_year, by=None)
    return {
        "sets": CriteriaSet.objects.count() - before["sets"],
        "criteria": Criterion.objects.count() - before["criteria"],
        "thresholds": ClassThreshold.objects.count() - before["thresholds"],
        "authority": AuthorityRule.objects.count() - before["authority"],
        "cycles": Cycle.objects.count() - before["cycles"],
    }
