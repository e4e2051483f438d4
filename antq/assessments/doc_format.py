"""Pure text rules of NĐ 30/2020 for the decisions this app issues (domain file 07): no database."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable

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
