"""NĐ 30/2020 heading texts of a report (domain/07): issuing police body, its superior, the symbol."""

from __future__ import annotations

from antq.assessments import doc_format
from antq.units.models import Unit

MINISTRY = "Bộ Công an"
# The MPS movement-building department issues the national report (domain/07 §3.2: V05).
NATIONAL_ISSUER = "Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc"
NATIONAL_SYMBOL = "V05"


def issuer(unit: Unit) -> str:
    """ "Công an phường Ba Đình", "Công an Thành phố Hà Nội", or the department for the nation."""
    if unit.level == Unit.Level.NATIONAL:
        return NATIONAL_ISSUER
    if unit.level == Unit.Level.PROVINCE:
        return doc_format.nfc(f"Công an {unit.name}")
    return doc_format.police_name(unit.name)


def superior(unit: Unit) -> str:
    """The managing body printed above the issuer: the province's police for a commune, else the ministry."""
    if unit.level == Unit.Level.COMMUNE and unit.parent is not None:
        return issuer(unit.parent)
    return MINISTRY


def symbol(unit: Unit) -> str:
    """The report's symbol "BC-CAP" (ward), "BC-CAX" (commune), "BC-CAT" (province), "BC-V05" (nation)."""
    if unit.level == Unit.Level.NATIONAL:
        return f"BC-{NATIONAL_SYMBOL}"
    if unit.level == Unit.Level.PROVINCE:
        return "BC-CAT"
    return f"BC-{doc_format.police_symbol(unit.name)}"


def head_title(unit: Unit) -> str:
    """The signer's title under the issuer: "TRƯỞNG CÔNG AN PHƯỜNG", "GIÁM ĐỐC", "CỤC TRƯỞNG"."""
    if unit.level == Unit.Level.NATIONAL:
        return "CỤC TRƯỞNG"
    if unit.level == Unit.Level.PROVINCE:
        return "GIÁM ĐỐC"
    kind = doc_format.unit_kind(unit.name) or "Xã"
    return doc_format.upper_vi(f"Trưởng Công an {kind.lower()}")
