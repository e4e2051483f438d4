"""Team-size rules from ../shared/domain/03-grassroots-forces.md, and demo teams for `make run`.

Rules are data: the national fallback (3 members = the leader, a deputy and a member the law names;
no maximum) is our reading, not a published figure, hence `needs_verification`. Hồ Chí Minh City's
minimum of 3 is confirmed (NQ 08/2024/NQ-HĐND); its start date is not, hence the flag as well.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.db import transaction

from antq.forces.models import AllowanceRate, Membership, Person, Team, TeamSizeRule
from antq.units.models import ResidentialArea, Unit

LAW_IN_FORCE = dt.date(2024, 7, 1)

RULES: list[dict[str, object]] = [
    {
        "province": None,
        "min_members": 3,
        "max_members": None,
        "valid_from": LAW_IN_FORCE,
        "legal_basis": (
            "Luật số 30/2023/QH15, Điều 16 (tổ trưởng, tổ phó, tổ viên); mặc định khi tỉnh chưa nhập"
        ),
        "needs_verification": True,
    },
    {
        "province": "79",
        "min_members": 3,
        "max_members": None,
        "valid_from": LAW_IN_FORCE,
        "legal_basis": (
            "Nghị quyết số 08/2024/NQ-HĐND TP. Hồ Chí Minh: khu phố, ấp đến 2.700 dân có "
            "3 thành viên; thêm 1 thành viên cho mỗi 900 dân tăng thêm"
        ),
        "needs_verification": True,
    },
]


def seed_team_size_rules() -> int:
    """Create the rules that do not exist yet; a second run creates nothing."""
    created = 0
    for row in RULES:
        province = Unit.objects.filter(key=row["province"]).first() if row["province"] else None
        if row["province"] and province is None:
            continue
        _, made = TeamSizeRule.objects.get_or_create(
            province=province,
            valid_from=cast(dt.date, row["valid_from"]),
            defaults={k: v for k, v in row.items() if k not in {"province", "valid_from"}},
        )
        created += made
    return created


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = [
    "Văn An",
    "Thị Bình",
    "Văn Cường",
    "Đức Dũng",
    "Thị Hà",
    "Quang Huy",
    "Minh Khôi",
    "Thị Lan",
    "Hữu Nghĩa",
    "Văn Phúc",
]
DEMO_COMMUNES = {
    "00004": 8,
    "00008": 5,
    "26740": 6,
}  # commune key -> teams to create (other areas stay without)


@transaction.atomic
def seed_forces_demo() -> tuple[int, int]:
    """A few teams with 3–5 members in the demo communes; some members lack papers (warnings show)."""
    teams = members = 0
    serial = Person.objects.count()
    for key, count in DEMO_COMMUNES.items():
        commune = Unit.objects.filter(key=key).first()
        if commune is None:
            continue
        areas = list(
            ResidentialArea.objects.filter(commune=commune, valid_to__isnull=True).order_by("pk")[:count]
        )
        for n, area in enumerate(areas, start=1):
            team, made = Team.objects.get_or_create(
                commune=commune,
                residential_area=area,
                status=Team.Status.ACTIVE,
                defaults={
                    "name": f"Tổ bảo vệ ANTT {area.name}",
                    "decision_number": f"{100 + n}/QĐ-UBND",
                    "established_on": dt.date(2024, 7, 1),
                },
            )
            if not made:
                continue
            teams += 1
            roles = ["leader", "deputy"] + ["member"] * (1 + n % 3)
            for i, role in enumerate(roles):
                serial += 1
                born = dt.date(1965 + (serial * 7) % 38, 1 + serial % 12, 1 + serial % 27)
                person, _ = Person.objects.get_or_create(
                    citizen_id=f"0{serial:011d}",
                    defaults={
                        "commune": commune,
                        "full_name": f"{FAMILY[serial % 10]} {GIVEN[(serial // 10 + i) % 10]}",
                        "date_of_birth": born,
                        "sex": "female" if "Thị" in GIVEN[(serial // 10 + i) % 10] else "male",
                        "phone": f"09{serial:08d}",
                        "residence_type": "permanent" if serial % 5 else "temporary",
                        "residence_since": dt.date(2010, 1, 1) if serial % 7 else None,
                        "education_level": "upper_secondary" if serial % 6 else "primary",
                        "health_certificate_on": dt.date(2024, 6, 1) if serial % 4 else None,
                        "background_check": "clear" if serial % 9 else "pending",
                        "previous_service": "residential_guard" if i == 0 else "",
                    },
                )
                Membership.objects.create(
                    team=team,
                    person=person,
                    role=role,
                    joined_on=dt.date(2024, 7, 1),
                    join_decision_ref=f"{200 + n}/QĐ-UBND",
                )
                members += 1
    return teams, members


# Hồ Chí Minh City's monthly support (domain file 03 §6, resolution of late 2025, source [F23]).
# Its first day is not confirmed: 01/01/2026 is our reading, stated in the legal basis. Other
# provinces stay empty until their officers enter their HĐND resolution.
HCMC_RATES = {"leader": 6_500_000, "deputy": 6_300_000, "member": 6_000_000}
HCMC_RATES_FROM = dt.date(2026, 1, 1)
HCMC_RATES_BASIS = (
    "Nghị quyết HĐND TP. Hồ Chí Minh cuối năm 2025 (ngày áp dụng 01/01/2026 cần đối chiếu văn bản)"
)


def seed_allowance_rates() -> int:
    """HCMC's three rates as an example; a second run, or a province that entered its own, creates nothing."""
    province = Unit.objects.filter(key="79", level=Unit.Level.PROVINCE).first()
    if province is None:
        return 0
    created = 0
    for role, amount in HCMC_RATES.items():
        if AllowanceRate.objects.filter(province=province, role=role).exists():
            continue
        AllowanceRate.objects.create(
            province=province,
            role=role,
            amount=amount,
            valid_from=HCMC_RATES_FROM,
            legal_basis=HCMC_RATES_BASIS,
        )
        created += 1
    return created
