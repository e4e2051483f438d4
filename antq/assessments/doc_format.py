"""Pure text rules of NĐ 30/2020 for the decisions this app issues (domain file 07): no database."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from antq.core.text import fold

# The legal basis quoted by decisions and submissions alike.
TT124_BASIS = (
    "Thông tư số 124/2021/TT-BCA ngày 28 tháng 12 năm 2021 của Bộ trưởng Bộ Công an quy định khu dân cư, "
    "xã, phường, thị trấn, cơ quan, doanh nghiệp, cơ sở giáo dục đạt tiêu chuẩn "
    "“An toàn về an ninh, trật tự”, sửa đổi bởi Thông tư số 48/2025/TT-BCA"
)

# Longest first, so that "Thành phố" is not read as "Thành".
UNIT_PREFIXES = ("Thành phố", "Đặc khu", "Phường", "Tỉnh", "Xã")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def upper_vi(text: str) -> str:
    """Upper case that keeps Vietnamese diacritics ("Ủy ban" -> "ỦY BAN"), in NFC."""
    return nfc(nfc(text).upper())


def place_name(unit_name: str) -> str:
    """The place of the date line: the unit's name without its kind ("Phường Ba Đình" -> "Ba Đình")."""
    name = nfc(unit_name).strip()
    for prefix in UNIT_PREFIXES:
        if name.lower().startswith(prefix.lower() + " "):
            return name[len(prefix) + 1 :].strip()
    return name


def date_line(place: str, day: dt.date) -> str:
    """ "Ba Đình, ngày 05 tháng 02 năm 2026": days below 10 and months 1, 2 take a leading zero."""
    month = f"{day.month:02d}" if day.month in (1, 2) else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def issuer_name(symbol: str, decider_body: str, unit_name: str) -> str:
    """ "Ủy ban nhân dân Phường Ba Đình" for a QĐ-UBND; otherwise the configured body and the unit."""
    body = "Ủy ban nhân dân" if symbol.upper().endswith("-UBND") else decider_body
    return nfc(f"{body} {unit_name}")


def subject_line(type_labels: Iterable[str], year: int) -> str:
    """The trích yếu: "Về việc công nhận khu dân cư, cơ sở giáo dục đạt tiêu chuẩn “An toàn …” năm 2026"."""
    kinds = ", ".join(dict.fromkeys(label.lower() for label in type_labels)) or "đơn vị"
    return nfc(f"Về việc công nhận {kinds} đạt tiêu chuẩn “An toàn về an ninh, trật tự” năm {year}")


def signer_lines(signer_title: str, issuer: str) -> list[str]:
    """The authority block above the signature: "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" unless a title is given."""
    if signer_title.strip():
        return [upper_vi(part.strip()) for part in signer_title.replace("\n", "/").split("/") if part.strip()]
    head = "Ủy ban nhân dân"
    collective = head if nfc(issuer).lower().startswith(head.lower()) else issuer
    return [upper_vi(f"TM. {collective}"), "CHỦ TỊCH"]


# Kinds of unit and how their police is named and abbreviated in document symbols (domain file 07:
# CAX / CAP are common usage; the province police is written CAT here).
POLICE_SYMBOLS = {"Phường": "CAP", "Xã": "CAX", "Đặc khu": "CAX", "Tỉnh": "CAT", "Thành phố": "CAT"}


def unit_kind(unit_name: str) -> str:
    """The kind of a unit from its official name ("Phường Ba Đình" -> "Phường"), or ""."""
    name = nfc(unit_name).strip()
    for prefix in UNIT_PREFIXES:
        if name.lower().startswith(prefix.lower() + " "):
            return prefix
    return ""


def police_name(unit_name: str) -> str:
    """ "Công an phường Ba Đình": the police of a unit, its kind in lower case as written in texts."""
    name = nfc(unit_name).strip()
    kind = unit_kind(name)
    if kind:
        name = f"{kind.lower()}{name[len(kind) :]}"
    return nfc(f"Công an {name}")


def police_symbol(unit_name: str) -> str:
    """The police part of a document symbol: CAP (ward), CAX (commune, special zone), CAT (province)."""
    return POLICE_SYMBOLS.get(unit_kind(unit_name), "CA")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key reading digit runs as numbers: "Tổ dân phố số 2" before "Tổ dân phố số 10"."""
    # Folded, so that "Đông" sorts among the D's rather than after Z.
    parts = re.split(r"(\d+)", fold(text))
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)
