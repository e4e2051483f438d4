"""The national model catalogue (../shared/domain/09-other-practice.md §2.1, §5), the activity kinds
(05-commendation.md §6, NĐ 06/2014) and demo rows for `make run`. Loading twice adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from antq.practices.models import (
    Activity,
    ActivityKind,
    AdvancedExample,
    ClusterHandover,
    ModelType,
    PracticeModel,
    unit_province_id,
)
from antq.practices.tallies import rebuild_activity_tallies, rebuild_model_tallies
from antq.units.models import Unit

MODEL_TYPES: list[tuple[str, str, str, str]] = [
    # code, name, programme, source (09 §2.1; PARTIAL rows say so)
    ("inter_household_group", "Tổ, nhóm liên gia tự quản về ANTT", "movement", "09 §2.1 [O4]"),
    ("self_managing_clan", "Dòng họ, tộc tự quản — Dòng họ an toàn về ANTT", "movement", "09 §2.1 [O4][O5]"),
    ("border_area_link", "Liên kết xây dựng vùng giáp ranh an toàn về ANTT", "movement", "09 §2.1 [O4]"),
    ("security_cluster", "Cụm an ninh liên hoàn khu vực giáp ranh", "movement", "09 §2.1, §3 [O6]"),
    ("self_management", "Tự quản về ANTT", "movement", "09 §2.1 [O5]"),
    ("farmers_and_law", "Nông dân với pháp luật", "movement", "09 §2.1 [O5]"),
    ("peaceful_parish_hamlet", "Xóm đạo bình yên", "movement", "09 §2.1 [O5]"),
    ("drug_free_commune_model", "Xã, phường, thị trấn không có tệ nạn ma túy", "movement", "09 §2.1 [O5]"),
    ("security_camera", "Camera an ninh", "movement", "09 §2.1 [O7]"),
    ("security_lights", "Ngọn đèn an ninh", "movement", "09 §2.1 — PARTIAL (tin báo 2025)"),
    ("chat_group", "Nhóm Zalo an ninh, trật tự", "movement", "09 §2.1 — PARTIAL (tin báo)"),
    ("three_reduce_four_keep", "“3 giảm, 4 giữ”", "movement", "09 §2.1 [O8]"),
    ("four_safeties", "“4 an toàn về ANTT”", "movement", "09 §2.1 [O9]"),
    ("three_mosts_residential", "Thôn, Tổ dân phố “Ba nhất” về ANTT", "movement", "09 §2.1 [O10]"),
    ("school_model", "Bình yên mái trường – Giảng đường hội nhập", "movement", "09 §2.1 [O11]"),
    ("dan_van_kheo", "Dân vận khéo", "dan_van_kheo", "09 §5 [O16]"),
]

ACTIVITY_KINDS: list[tuple[str, str, str]] = [
    # code, name, what result_count counts
    ("propaganda", "Tuyên truyền, phổ biến, giáo dục pháp luật", "Số buổi, tài liệu phát hành"),
    ("mobilisation", "Họp, vận động quần chúng tham gia bảo vệ ANTT", "Số tin báo, tố giác thu được"),
    ("mediation", "Hòa giải mâu thuẫn, tranh chấp ở cơ sở", "Số vụ hòa giải thành"),
    ("surrender", "Vận động đối tượng truy nã ra đầu thú", "Số đối tượng ra đầu thú"),
    ("drug_free", "Xây dựng địa bàn không ma túy", "Số người được cai nghiện, quản lý sau cai"),
    ("weapons", "Vận động giao nộp vũ khí, vật liệu nổ", "Số vũ khí, vật liệu nổ thu được"),
]


@transaction.atomic
def seed_catalogue() -> tuple[int, int]:
    """The national model types and the activity kinds; returns how many of each were added."""
    types = 0
    for code, name, programme, source in MODEL_TYPES:
        _, created = ModelType.objects.get_or_create(
            code=code, province=None, defaults={"name": name, "programme": programme, "source": source}
        )
        types += created
    kinds = 0
    for order, (code, name, result_label) in enumerate(ACTIVITY_KINDS, start=1):
        _, created = ActivityKind.objects.get_or_create(
            code=code, defaults={"name": name, "result_label": result_label, "order": order}
        )
        kinds += created
    return types, kinds


DEMO_COMMUNES = ("00004", "26740")  # Phường Ba Đình (Hà Nội), Phường Sài Gòn (TP. Hồ Chí Minh)


@transaction.atomic
def seed_practices_demo(today: dt.date | None = None) -> tuple[int, int, int]:
    """A few models, examples and activities in the demo communes (rows written directly, once)."""
    seed_catalogue()
    today = today or dt.date.today()
    types = {t.code: t for t in ModelType.objects.filter(province__isnull=True)}
    kinds = {k.code: k for k in ActivityKind.objects.all()}
    models = examples = activities = 0
    communes = list(Unit.objects.filter(key__in=DEMO_COMMUNES).order_by("key"))
    for i, commune in enumerate(communes):
        province_id = unit_province_id(commune)
        if PracticeModel.objects.filter(unit=commune).exists():
            continue
        specs = [
            ("inter_household_group", f"Tổ liên gia tự quản về ANTT {commune.name}", 12, 24, 180, True),
            ("security_camera", f"Camera an ninh {commune.name}", 8, 8, 60, True),
            ("chat_group", f"Nhóm Zalo an ninh khu phố {commune.name}", 5, 5, 420, False),
        ]
        for code, name, points, groups, members, recognised in specs:
            PracticeModel.objects.create(
                unit=commune,
                province_id=province_id,
                model_type=types[code],
                name=name,
                started_on=dt.date(today.year - 2, 3 + i, 15),
                points_count=points,
                groups_count=groups,
                members_count=members,
                description="Người dân tự quản, tự phòng ngừa, phát hiện và báo tin về an ninh, trật tự.",
                rating=PracticeModel.Rating.EFFECTIVE if recognised else "",
                rated_year=today.year - 1 if recognised else None,
                recognised_on=dt.date(today.year - 1, 11, 20) if recognised else None,
                recognition_ref=f"{15 + i}/QĐ-UBND" if recognised else "",
            )
            models += 1
        AdvancedExample.objects.create(
            unit=commune,
            province_id=province_id,
            kind=AdvancedExample.Kind.COLLECTIVE,
            name=f"Tổ bảo vệ ANTT khu phố 1 {commune.name}",
            achievement="Phát hiện, báo tin 12 vụ việc; hòa giải thành 5 mâu thuẫn ở khu dân cư.",
            recognition_ref=f"{30 + i}/QĐ-UBND",
            recognised_on=dt.date(today.year - 1, 11, 25),
            level=AdvancedExample.Level.COMMUNE,
        )
        AdvancedExample.objects.create(
            unit=commune,
            province_id=province_id,
            kind=AdvancedExample.Kind.INDIVIDUAL,
            name="Nguyễn Văn An" if i == 0 else "Trần Thị Bình",
            position="Tổ trưởng tổ liên gia tự quản",
            achievement="Vận động 2 đối tượng ra đầu thú; tích cực tuyên truyền phòng, chống ma túy.",
            recognition_ref=f"{40 + i}/QĐ-UBND",
            recognised_on=dt.date(today.year - 1, 11, 25),
            level=AdvancedExample.Level.PROVINCE,
        )
        examples += 2
        rows = []
        for month in range(1, 13):
            for j, code in enumerate(("propaganda", "mobilisation", "mediation", "surrender", "drug_free")):
                day = dt.date(today.year - (1 if month > today.month else 0), month, 5 + j * 4)
                if day > today:
                    continue
                rows.append(
                    Activity(
                        unit=commune,
                        province_id=province_id,
                        kind=kinds[code],
                        held_on=day,
                        title=f"{kinds[code].name} tháng {month:02d}",
                        participants=40 + 10 * j + month,
                        result_count=(month + j) % 4,
                        result_text="",
                    )
                )
        Activity.objects.bulk_create(rows)
        activities += len(rows)
    models += _demo_cluster(types["security_cluster"], today)
    if models:
        rebuild_model_tallies()  # the rows above bypassed register_model
    if activities:
        rebuild_activity_tallies()  # the rows above bypassed record_activity
    return models, examples, activities


def _demo_cluster(cluster_type: ModelType, today: dt.date) -> int:
    """Ba Đình's cross-unit cluster with Ngọc Hà and Giảng Võ; the standing unit passed on each year."""
    members = {u.key: u for u in Unit.objects.filter(key__in=["00004", "00008", "00025"])}
    if len(members) < 3 or PracticeModel.objects.filter(unit=members["00004"], is_cluster=True).exists():
        return 0
    cluster = PracticeModel.objects.create(
        unit=members["00004"],
        province_id=unit_province_id(members["00004"]),
        model_type=cluster_type,
        name="Cụm liên kết an toàn về ANTT giáp ranh Ba Đình – Ngọc Hà – Giảng Võ",
        is_cluster=True,
        started_on=dt.date(today.year - 2, 1, 10),
        points_count=3,
        groups_count=3,
        members_count=45,
        description="Ba phường giáp ranh luân phiên làm thường trực cụm hằng năm.",
    )
    cluster.member_units.set([members["00008"], members["00025"]])
    ClusterHandover.objects.bulk_create(
        [
            ClusterHandover(
                cluster=cluster,
                year=today.year - 1,
                from_unit=members["00004"],
                to_unit=members["00008"],
                decision_number="3/QĐ-BCĐ",
                decided_on=dt.date(today.year - 1, 1, 5),
            ),
            ClusterHandover(
                cluster=cluster,
                year=today.year,
                from_unit=members["00008"],
                to_unit=members["00025"],
                decision_number="2/QĐ-BCĐ",
                decided_on=dt.date(today.year, 1, 6),
            ),
        ]
    )
    return 1
