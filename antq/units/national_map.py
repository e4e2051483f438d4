"""Read the official map from the `vietnam-provinces` package into plain rows (no database).

Current units take effect on 01/07/2025 (NQ 202/2025/QH15 and the commune-level resolutions);
pre-2025 units are retired on 30/06/2025 and linked to their successors by the package's
official 2025 conversion tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import vietnam_provinces as vp

REFORM_DATE = dt.date(2025, 7, 1)
LEGACY_END = dt.date(2025, 6, 30)
NATION_KEY = "VN"
SOURCE = f"vietnam-provinces {vp.__version__} (bảng chuyển đổi ĐVHC 2025)"

KIND_BY_DIVISION = {
    "tỉnh": "tinh",
    "thành phố trung ương": "thanh_pho_tw",
    "xã": "xa",
    "phường": "phuong",
    "đặc khu": "dac_khu",
    "huyện": "huyen",
    "quận": "quan",
    "thị xã": "thi_xa",
    "thành phố": "thanh_pho",
    "thị trấn": "thi_tran",
}


@dataclass(frozen=True)
class UnitRow:
    key: str
    code: str
    name: str
    level: str
    kind: str
    parent_key: str | None
    legacy: bool


@dataclass
class NationalMap:
    units: list[UnitRow] = field(default_factory=list)
    # (predecessor key, successor key, partial)
    links: list[tuple[str, str, bool]] = field(default_factory=list)


def province_key(code: int) -> str:
    return f"{code:02d}"


def commune_key(code: int) -> str:
    return f"{code:05d}"


def legacy_key(prefix: str, code: int, width: int) -> str:
    return f"cu-{prefix}{code:0{width}d}"


def read_national_map() -> NationalMap:
    # The conversion tables take a second to import: load them only when the map is read.
    from vietnam_provinces import legacy
    from vietnam_provinces._province_conversion_2025 import OLD_TO_NEW as PROVINCE_OLD_TO_NEW
    from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW as WARD_OLD_TO_NEW

    result = NationalMap()
    add = result.units.append
    add(UnitRow(NATION_KEY, "VN", "Việt Nam", "national", "quoc_gia", None, False))
    for p in vp.Province.iter_all():
        code = int(p.code.value)
        add(
            UnitRow(
                province_key(code),
                province_key(code),
                p.name,
                "province",
                KIND_BY_DIVISION[p.division_type.value],
                NATION_KEY,
                False,
            )
        )
    for w in vp.Ward.iter_all():
        code = int(w.code.value)
        add(
            UnitRow(
                commune_key(code),
                commune_key(code),
                w.name,
                "commune",
                KIND_BY_DIVISION[w.division_type.value],
                province_key(int(w.province_code.value)),
                False,
            )
        )

    for lp in legacy.Province.iter_all():
        code = int(lp.code.value)
        add(
            UnitRow(
                legacy_key("t", code, 2),
                f"{code:02d}",
                lp.name,
                "province",
                KIND_BY_DIVISION[lp.division_type.value],
                NATION_KEY,
                True,
            )
        )
    district_province: dict[int, int] = {}
    for ld in legacy.District.iter_all():
        code = int(ld.code.value)
        district_province[code] = int(ld.province_code.value)
        add(
            UnitRow(
                legacy_key("h", code, 3),
                f"{code:03d}",
                ld.name,
                "district",
                KIND_BY_DIVISION[ld.division_type.value],
                legacy_key("t", district_province[code], 2),
                True,
            )
        )
    for lw in legacy.Ward.iter_all():
        code = int(lw.code.value)
        add(
            UnitRow(
                legacy_key("x", code, 5),
                f"{code:05d}",
                lw.name,
                "commune",
                KIND_BY_DIVISION[lw.division_type.value],
                legacy_key("h", int(lw.district_code.value), 3),
                True,
            )
        )

    for old_code, province_entry in PROVINCE_OLD_TO_NEW.items():
        partial = len(province_entry.new_provinces) > 1
        for new in province_entry.new_provinces:
            result.links.append((legacy_key("t", old_code, 2), province_key(new.code), partial))
    district_successors: dict[int, set[int]] = {}
    for old_code, ward_entry in WARD_OLD_TO_NEW.items():
        partial = ward_entry.old_ward.is_partly_merged or len(ward_entry.new_wards) > 1
        for new_ward in ward_entry.new_wards:
            result.links.append((legacy_key("x", old_code, 5), commune_key(new_ward.code), partial))
            district = ward_entry.old_ward.district_code
            district_successors.setdefault(district, set()).add(new_ward.province_code)
    # A retired district hands its territory to the new province(s) its wards went to.
    for district_code, provinces in sorted(district_successors.items()):
        for new_province in sorted(provinces):
            result.links.append(
                (legacy_key("h", district_code, 3), province_key(new_province), len(provinces) > 1)
            )
    return result
