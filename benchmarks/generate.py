"""Synthetic national-scale participants: residential areas and organisations with Vietnamese names.

Deterministic for a given seed. Every commune keeps its own counter per name family, so calling
`generate()` again *adds* rows (the benchmark grows 10 % -> 100 % that way) without ever breaking
the unique constraints (commune, name_folded) for areas and (commune, kind, name_folded) for
organisations. Rows are written with bulk_create, one transaction per batch.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from antq.core.text import fold

if TYPE_CHECKING:
    from antq.units.models import Organisation, ResidentialArea

SEED = 2025
BATCH_SIZE = 5000
FULL_AREAS = 85_000
FULL_ORGANISATIONS = 100_000
REFORM_DATE = dt.date(2025, 7, 1)

# --- Name material ---------------------------------------------------------------------------
# fmt: off
PLACES = [
    "Đông Hòa", "Tân Lập", "Hòa Bình", "Đoàn Kết", "Thống Nhất", "Quyết Tiến", "Tân Tiến", "Phú Lợi",
    "An Phú", "Bình An", "Hưng Long", "Thịnh Vượng", "Trung Tâm", "Bắc Sơn", "Nam Sơn", "Đông Thành",
    "Tây Sơn", "Phú Xuân", "Vĩnh Phúc", "Long Hải", "Yên Thế", "Minh Khai", "Hòa Lạc", "Phúc Lâm",
    "Tân Hưng", "Xuân Mai", "Thanh Xuân", "Hà Trung", "Đồng Tâm", "Tiền Phong", "Hợp Thành", "Kim Sơn",
    "Cẩm Bình", "Lạc Long", "Phú Mỹ", "Mỹ Hòa", "Tân Thành", "Hồng Phong", "Vĩnh Lộc", "Đại Đồng",
    "Khánh Hòa", "Lương Sơn", "Thạch Bàn", "Phước Long", "Thuận An", "Bình Minh", "Sơn Thủy", "Hải Yến",
]
ENTERPRISE_FORMS = [
    "Công ty TNHH", "Công ty TNHH MTV", "Công ty Cổ phần", "Doanh nghiệp tư nhân", "Hợp tác xã",
]
SECTORS = [
    "Thương mại", "Xây dựng", "Dịch vụ", "Sản xuất", "Vận tải", "Đầu tư", "Thực phẩm", "May mặc",
    "Cơ khí", "Du lịch", "Công nghệ", "Nông sản",
]
BRANDS = [
    "Hưng Thịnh", "Phát Đạt", "Thành Công", "Minh Phát", "An Khang", "Việt Tiến", "Sao Mai", "Hoàng Long",
    "Đại Phát", "Tân Phú", "Kim Long", "Hà Nội", "Sài Gòn", "Trường Sơn", "Hồng Hà", "Cửu Long",
    "Thái Bình Dương", "Nam Việt", "Bắc Hà", "Phương Đông", "Ánh Dương", "Thiên Phúc", "Lộc Phát", "Hải Âu",
    "Quang Minh", "Tiến Đạt", "Hòa Phát", "Gia Huy", "Mai Linh", "Bảo Ngọc", "Đông Á", "Toàn Cầu",
    "Thăng Long", "Hùng Vương", "Vạn Xuân", "Sông Hồng", "Ngọc Lan", "Trí Việt", "Phú Gia", "Hạ Long",
]
SCHOOL_LEVELS = [
    ("Trường Mầm non", "commune"), ("Trường Tiểu học", "commune"), ("Trường THCS", "commune"),
    ("Trường Tiểu học và THCS", "commune"), ("Trường THPT", "province"),
    ("Trung tâm Giáo dục nghề nghiệp", "province"),
]
HONOREES = [
    "Nguyễn Du", "Lê Lợi", "Trần Phú", "Quang Trung", "Lý Thường Kiệt", "Chu Văn An", "Nguyễn Trãi",
    "Lê Quý Đôn", "Trần Hưng Đạo", "Võ Thị Sáu", "Kim Đồng", "Hoa Sen", "Họa Mi", "Sơn Ca", "Ngô Quyền",
    "Hai Bà Trưng", "Phan Bội Châu", "Nguyễn Huệ", "Lê Hồng Phong", "Nguyễn Văn Trỗi", "Trần Quốc Toản",
    "Lý Tự Trọng", "Nguyễn Thị Minh Khai", "Phan Chu Trinh", "Hoàng Hoa Thám", "Tô Hiệu", "Bế Văn Đàn",
    "Nguyễn Đình Chiểu", "Lương Thế Vinh", "Nguyễn Khuyến", "Tuổi Thơ", "Măng Non", "Bình Minh", "Ánh Sao",
]
AGENCIES = [
    ("Trạm Y tế", "commune"), ("Bưu điện văn hóa", "commune"), ("Chi nhánh Ngân hàng Nông nghiệp", "central"),
    ("Phòng giao dịch Ngân hàng Chính sách xã hội", "central"), ("Điện lực", "province"),
    ("Kho bạc Nhà nước khu vực", "central"), ("Thuế cơ sở", "central"), ("Bệnh viện Đa khoa", "province"),
    ("Trung tâm Văn hóa - Thể thao", "commune"), ("Ban Quản lý chợ", "commune"), ("Hạt Kiểm lâm", "province"),
    ("Đội Quản lý thị trường", "province"), ("Trạm Khuyến nông", "commune"), ("Nhà văn hóa", "commune"),
]
STREETS = HONOREES[:20] + PLACES[:20]
ORGANISATION_KINDS = ["enterprise", "school", "agency"]
ORGANISATION_MIX = [70, 18, 12]
# fmt: on

# Residential-area naming by region: (prefix, kind, weight). Province codes after the 2025 reform.
_NORTH_MOUNTAIN = {"04", "08", "11", "12", "14", "15", "20"}
_HIGHLANDS = {"52", "66", "68"}
_CENTRAL_CITIES = {"46", "48"}
_MEKONG = {"86", "91", "96"}
_SOUTH = {"75", "79", "80", "82", "92"} | _MEKONG


def _area_prefixes(commune_kind: str, province: str) -> list[tuple[str, str, int]]:
    if commune_kind == "phuong":
        if province in _MEKONG:
            return [("Khóm", "khom", 6), ("Khu phố", "khu_pho", 4)]
        if province in _SOUTH:
            return [("Khu phố", "khu_pho", 1)]
        if province in _CENTRAL_CITIES:
            return [("Tổ dân phố", "to_dan_pho", 6), ("Khối phố", "khoi_pho", 4)]
        return [("Tổ dân phố", "to_dan_pho", 1)]
    if province in _NORTH_MOUNTAIN:
        return [("Bản", "ban", 5), ("Thôn", "thon", 4), ("Tiểu khu", "tieu_khu", 1)]
    if province in _HIGHLANDS:
        return [("Thôn", "thon", 6), ("Buôn", "buon", 3), ("Bon", "bon", 1)]
    if province in _MEKONG:
        return [("Ấp", "ap", 8), ("Sóc", "soc", 1), ("Phum", "phum", 1)]
    if province in _SOUTH:
        return [("Ấp", "ap", 1)]
    return [("Thôn", "thon", 8), ("Làng", "lang", 1), ("Tổ dân phố", "to_dan_pho", 1)]


# --- Deterministic helpers -------------------------------------------------------------------


def _rng(seed: int, *parts: object) -> random.Random:
    # String seeds are hashed with SHA-512: stable across runs and processes (unlike hash()).
    return random.Random(":".join(map(str, (seed, *parts))))


def _spread(total: int, weights: dict[int, float]) -> dict[int, int]:
    """Split `total` over the keys of `weights` proportionally (largest remainder, exact sum).

    When there is enough to go round, every key gets at least one: every commune has residential
    areas and at least a school or a health station, only how many differs.
    """
    if total <= 0 or not weights:
        return {}
    floor = 1 if total >= len(weights) else 0
    rest = total - floor * len(weights)
    weight_sum = sum(weights.values())
    quotas = {key: floor + rest * w / weight_sum for key, w in weights.items()}
    shares = {key: math.floor(q) for key, q in quotas.items()}
    short = total - sum(shares.values())
    for key in sorted(quotas, key=lambda k: (shares[k] - quotas[k], k))[:short]:
        shares[key] += 1
    return {key: n for key, n in shares.items() if n}


def _nth_combination(k: int, sizes: tuple[int, ...], a: int, b: int) -> tuple[tuple[int, ...], int]:
    """Map the k-th name of a family to (indices into each word list, repeat number), injectively.

    k -> (a*k + b) mod P is a permutation of 0..P-1 when gcd(a, P) == 1, so the k-th name differs
    from every other name of the same family and communes do not all start with the same names.
    """
    product = math.prod(sizes)
    index = (a * k + b) % product
    picks = []
    for size in reversed(sizes):
        index, pick = divmod(index, size)
        picks.append(pick)
    return tuple(reversed(picks)), k // product


@functools.lru_cache(maxsize=65536)
def _permutation(seed: int, family: str, commune_pk: int, product: int) -> tuple[int, int]:
    """(step, offset) of the commune's own ordering of a name family: step is coprime with product."""
    rng = _rng(seed, family, commune_pk)
    while True:
        step = rng.randrange(1, product) if product > 1 else 1
        if math.gcd(step, product) == 1:
            return step, rng.randrange(product)


def _numbered(text: str, repeat: int) -> str:
    return f"{text} {repeat + 1}" if repeat else text


@dataclass(frozen=True)
class Commune:
    pk: int
    name: str
    kind: str
    province: str


def _communes() -> list[Commune]:
    from antq.units.models import Unit

    rows = (
        Unit.objects.current()
        .filter(level=Unit.Level.COMMUNE, is_legacy=False)
        .order_by("pk")
        .values_list("pk", "name", "kind", "parent__key")
    )
    return [Commune(pk, name, kind, province or "") for pk, name, kind, province in rows]


# Uneven spread: a log-normal weight per commune, scaled by what kind of place it is.
def _area_weight(seed: int, commune: Commune) -> float:
    factor = {"xa": 1.0, "phuong": 0.9, "dac_khu": 0.3}.get(commune.kind, 1.0)
    return factor * _rng(seed, "area-weight", commune.pk).lognormvariate(0, 0.6)


def _organisation_weight(seed: int, commune: Commune) -> float:
    factor = {"xa": 0.6, "phuong": 3.0, "dac_khu": 0.5}.get(commune.kind, 1.0)
    if commune.province in {"01", "79"}:  # Hà Nội and Hồ Chí Minh City hold most enterprises
        factor *= 2.0
    return factor * _rng(seed, "org-weight", commune.pk).lognormvariate(0, 0.9)


# --- Name families -------------------------------------------------------------------------


def _numbered_style(seed: int, commune: Commune) -> bool:
    # Half of the urban wards number their groups ("Tổ dân phố số 12") instead of naming them.
    return commune.kind == "phuong" and _permutation(seed, "area-style", commune.pk, 2)[1] == 1


def area_name(seed: int, commune: Commune, k: int) -> tuple[str, str]:
    """The k-th generated residential area of `commune`: (name, kind). Injective in k."""
    prefixes = _area_prefixes(commune.kind, commune.province)
    # The prefix varies with k, but the part after it is already unique per k.
    prefix, kind, _ = (
        prefixes[0]
        if len(prefixes) == 1
        else random.Random(seed * 1_000_003 + commune.pk * 7919 + k).choices(
            prefixes, [p[2] for p in prefixes]
        )[0]
    )
    if _numbered_style(seed, commune):
        return f"{prefix} số {k + 1}", kind
    (place,), repeat = _nth_combination(
        k, (len(PLACES),), *_permutation(seed, "area", commune.pk, len(PLACES))
    )
    return _numbered(f"{prefix} {PLACES[place]}", repeat), kind


ENTERPRISE_SIZES = (len(ENTERPRISE_FORMS), len(SECTORS), len(BRANDS))
SCHOOL_SIZES = (len(SCHOOL_LEVELS), len(HONOREES))
AGENCY_SIZES = (len(AGENCIES), len(PLACES))


def organisation_name(seed: int, commune: Commune, kind: str, k: int) -> tuple[str, str]:
    """The k-th generated organisation of `kind` in `commune`: (name, managing level). Injective in k."""
    if kind == "enterprise":
        order = _permutation(seed, "enterprise", commune.pk, math.prod(ENTERPRISE_SIZES))
        (form, sector, brand), repeat = _nth_combination(k, ENTERPRISE_SIZES, *order)
        level = ("province", "central")[k % 2] if (k * 7 + commune.pk) % 10 < 2 else "commune"
        return _numbered(f"{ENTERPRISE_FORMS[form]} {SECTORS[sector]} {BRANDS[brand]}", repeat), level
    if kind == "school":
        order = _permutation(seed, "school", commune.pk, math.prod(SCHOOL_SIZES))
        (school, honoree), repeat = _nth_combination(k, SCHOOL_SIZES, *order)
        prefix, level = SCHOOL_LEVELS[school]
        return _numbered(f"{prefix} {HONOREES[honoree]}", repeat), level
    order = _permutation(seed, "agency", commune.pk, math.prod(AGENCY_SIZES))
    (agency, place), repeat = _nth_combination(k, AGENCY_SIZES, *order)
    prefix, level = AGENCIES[agency]
    return _numbered(f"{prefix} {PLACES[place]}", repeat), level


# --- Writers -----------------------------------------------------------------------------------


def _write_batches(model: Any, rows: Iterator[Any], batch_size: int) -> int:
    written = 0
    batch: list[Any] = []

    def flush() -> None:
        nonlocal written
        with transaction.atomic():
            model.objects.bulk_create(batch, batch_size=batch_size)
        written += len(batch)
        batch.clear()

    for row in rows:
        batch.append(row)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return written


def _unique_names(
    taken: set[tuple[Any, ...]], key: tuple[Any, ...], start: int, make: Callable[[int], tuple[str, str]]
) -> Iterator[tuple[int, str, str, str]]:
    """(k, name, folded name, extra) for k = start, start+1, …, skipping names already taken.

    Generated names never collide with each other; the check guards against hand-made rows
    (demo data, tests) that happen to use the same name.
    """
    k = start
    while True:
        name, extra = make(k)
        folded = fold(name)
        if (*key, folded) not in taken:
            taken.add((*key, folded))
            yield k, name, folded, extra
        k += 1


def generate_areas(count: int, *, seed: int = SEED, batch_size: int = BATCH_SIZE) -> int:
    """Add `count` residential areas spread unevenly over the current communes."""
    from antq.units.models import ResidentialArea

    communes = _communes()
    shares = _spread(count, {c.pk: _area_weight(seed, c) for c in communes})
    existing = ResidentialArea.objects.current()
    have = _count_by(existing, "commune_id")
    taken = set(existing.values_list("commune_id", "name_folded"))

    def rows() -> Iterator[ResidentialArea]:
        for commune in communes:
            wanted = shares.get(commune.pk, 0)
            if not wanted:
                continue
            start = have[(commune.pk,)]
            rng = _rng(seed, "households", commune.pk, start)
            names = _unique_names(
                taken, (commune.pk,), start, lambda k, commune=commune: area_name(seed, commune, k)
            )
            for _ in range(wanted):
                _, name, folded, kind = next(names)
                yield ResidentialArea(
                    commune_id=commune.pk,
                    name=name,
                    name_folded=folded,
                    kind=kind,
                    household_count=rng.randint(40, 650),
                    valid_from=REFORM_DATE,
                )

    return _write_batches(ResidentialArea, rows(), batch_size)


def generate_organisations(count: int, *, seed: int = SEED, batch_size: int = BATCH_SIZE) -> int:
    """Add `count` agencies, enterprises and schools spread unevenly over the current communes."""
    from antq.units.models import Organisation

    communes = _communes()
    shares = _spread(count, {c.pk: _organisation_weight(seed, c) for c in communes})
    existing = Organisation.objects.current()
    have = _count_by(existing, "commune_id", "kind")
    taken = set(existing.values_list("commune_id", "kind", "name_folded"))

    def rows() -> Iterator[Organisation]:
        for commune in communes:
            wanted = shares.get(commune.pk, 0)
            if not wanted:
                continue
            done = sum(have[(commune.pk, kind)] for kind in ORGANISATION_KINDS)
            rng = _rng(seed, "org-mix", commune.pk, done)
            kinds = Counter(rng.choices(ORGANISATION_KINDS, ORGANISATION_MIX, k=wanted))
            for kind in ORGANISATION_KINDS:
                names = _unique_names(
                    taken,
                    (commune.pk, kind),
                    have[(commune.pk, kind)],
                    lambda k, commune=commune, kind=kind: organisation_name(seed, commune, kind, k),
                )
                for _ in range(kinds[kind]):
                    k, name, folded, level = next(names)
                    detail = random.Random(seed * 1_000_003 + commune.pk * 7919 + k * 3 + len(kind))
                    yield Organisation(
                        commune_id=commune.pk,
                        name=name,
                        name_folded=folded,
                        kind=kind,
                        managing_level=level,
                        tax_code=str(detail.randrange(10**9, 10**10)) if kind == "enterprise" else "",
                        address=f"Số {detail.randint(1, 400)} đường {detail.choice(STREETS)}, {commune.name}",
                        valid_from=REFORM_DATE,
                    )

    return _write_batches(Organisation, rows(), batch_size)


def _count_by(queryset: Any, *fields: str) -> Counter[tuple[Any, ...]]:
    """Row counts grouped by `fields`, keyed by the tuple of their values (one query)."""
    from django.db.models import Count

    grouped = queryset.order_by().values_list(*fields).annotate(n=Count("id"))
    return Counter({tuple(row[:-1]): row[-1] for row in grouped})


@dataclass
class GenerateStats:
    areas: int
    organisations: int
    areas_seconds: float
    organisations_seconds: float


def generate(
    *, areas: int, organisations: int, seed: int = SEED, batch_size: int = BATCH_SIZE
) -> GenerateStats:
    """Add `areas` residential areas and `organisations` organisations; returns counts and timings."""
    started = time.perf_counter()
    made_areas = generate_areas(areas, seed=seed, batch_size=batch_size)
    middle = time.perf_counter()
    made_orgs = generate_organisations(organisations, seed=seed, batch_size=batch_size)
    return GenerateStats(made_areas, made_orgs, middle - started, time.perf_counter() - middle)
