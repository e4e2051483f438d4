"""Demo residential areas and organisations for a few communes (idempotent)."""

from __future__ import annotations

from typing import Any

from antq.units.models import Organisation, ResidentialArea, Unit

DEMO: dict[str, dict[str, list[tuple[str, str, Any]]]] = {
    "00004": {  # Phường Ba Đình, Hà Nội
        "areas": [(f"Tổ dân phố số {i}", "to_dan_pho", 150 + 7 * i) for i in range(1, 19)],
        "orgs": [
            ("Trường THCS Phan Chu Trinh", "school", "commune"),
            ("Trường THPT Phan Đình Phùng", "school", "province"),
            ("Ủy ban nhân dân phường Ba Đình", "agency", "commune"),
            ("Bảo tàng Hồ Chí Minh", "agency", "central"),
            ("Công ty TNHH Thương mại Hồng Hà", "enterprise", "commune"),
            ("Công ty Cổ phần In Ba Đình", "enterprise", "province"),
        ],
    },
    "00008": {  # Phường Ngọc Hà, Hà Nội
        "areas": [(f"Tổ dân phố Ngọc Hà {i}", "to_dan_pho", 120 + 5 * i) for i in range(1, 13)],
        "orgs": [
            ("Trường Tiểu học Ngọc Hà", "school", "commune"),
            ("Trường THCS Thăng Long", "school", "commune"),
            ("Công ty TNHH Dịch vụ Kim Mã", "enterprise", "commune"),
        ],
    },
    "26740": {  # Phường Sài Gòn, TP. Hồ Chí Minh
        "areas": [(f"Khu phố {i}", "khu_pho", 300 + 11 * i) for i in range(1, 16)],
        "orgs": [
            ("Trường THPT Trưng Vương", "school", "province"),
            ("Công ty Cổ phần Du lịch Bến Thành", "enterprise", "province"),
            ("Ủy ban nhân dân phường Sài Gòn", "agency", "commune"),
        ],
    },
}

RURAL_NAMES = ["Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Tân Lập", "Hòa Bình", "Quyết Tiến"]


def seed_units_demo() -> tuple[int, int]:
    """Create the demo participants; a second run creates nothing."""
    created_areas = created_orgs = 0
    plan = dict(DEMO)
    # A rural commune of Thanh Hóa as an example with hamlets (thôn).
    rural = Unit.objects.current().filter(parent__key="38", kind=Unit.Kind.XA).order_by("code").first()
    if rural is not None:
        plan[rural.key] = {
            "areas": [(f"Thôn {name}", "thon", 90 + 9 * i) for i, name in enumerate(RURAL_NAMES)],
            "orgs": [(f"Trường THCS {rural.name.removeprefix('Xã ')}", "school", "commune")],
        }
    for key, data in plan.items():
        commune = Unit.objects.get(key=key)
        for name, kind, households in data["areas"]:
            _, created = ResidentialArea.objects.get_or_create(
                commune=commune,
                name=name,
                valid_to=None,
                defaults={"kind": kind, "household_count": households},
            )
            created_areas += created
        for name, kind, level in data["orgs"]:
            _, created = Organisation.objects.get_or_create(
                commune=commune, name=name, kind=kind, valid_to=None, defaults={"managing_level": level}
            )
            created_orgs += created
    return created_areas, created_orgs
