"""Number and symbol of Vietnamese documents ("Số, ký hiệu"), parsed and normalised.

NĐ 30/2020/NĐ-CP (Appendix I §3, Appendix III) for administrative documents: `87/KH-BCĐ`,
`510/QĐ-BCA-V05`, an official letter `3371/BCA-V05`; the Law on legal normative documents for
`111/2018/NĐ-CP`, `30/2023/QH15`; the Party's own style `09-CT/TW`. See
../shared/domain/07-administrative-documents.md §3. Pure functions: no database.

Input is forgiving where a clerk's typing differs from the rule only in form (spaces, "Số:", a
one-digit number, lower-case letters, the look-alike "Ð" U+00D0 for "Đ"); the output is the
canonical form NĐ 30 prescribes. Anything else is refused with a Vietnamese reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

# NĐ 30/2020 Appendix III: abbreviations of administrative document types (confirmed, not data of a year).
TYPE_ABBREVIATIONS: dict[str, str] = {
    "NQ": "resolution",
    "QĐ": "decision",
    "CT": "directive",
    "QC": "rules",
    "QyĐ": "regulation",
    "TC": "communique",
    "TB": "notice",
    "HD": "guidance",
    "CTr": "programme",
    "KH": "plan",
    "PA": "scheme",
    "ĐA": "proposal",
    "DA": "project",
    "BC": "report",
    "BB": "minutes",
    "TTr": "submission",
    "HĐ": "contract",
    "CĐ": "telegram",
    "BGN": "memorandum",
    "BTT": "agreement",
    "GUQ": "authorisation",
    "GM": "invitation",
    "GGT": "introduction_letter",
    "GNP": "leave_permit",
    "PG": "dispatch_slip",
    "PC": "transfer_slip",
    "PB": "notification_slip",
    "SY": "copy_true",
    "TrS": "copy_extract",
    "SL": "copy_transcript",
}
# Legal normative types (numbered `{n}/{year}/{type}-{issuer}`); a law is `{n}/{year}/QH{term}`.
NORMATIVE_TYPES: dict[str, str] = {
    "NĐ": "decree",
    "TT": "circular",
    "TTLT": "joint_circular",
    "NQ": "resolution",
    "QĐ": "decision",
    "PL": "ordinance",
    "L": "law",
}

_BY_UPPER = {abbr.upper(): abbr for abbr in TYPE_ABBREVIATIONS}
_GROUP = r"[A-ZĐ0-9&]+"
# After upper-casing: the first group starts with a letter (a type or, in a letter, the issuer).
_ADMIN = re.compile(rf"^(?P<number>\d+)/(?P<groups>[A-ZĐ][A-ZĐ0-9&]*(?:-{_GROUP})*)$")
_NORMATIVE = re.compile(
    rf"^(?P<number>\d+)/(?P<year>\d{{4}})/(?P<type>[A-ZĐ]+)-(?P<issuer>{_GROUP}(?:-{_GROUP})*)$"
)
_LAW = re.compile(r"^(?P<number>\d+)/(?P<year>\d{4})/(?P<issuer>QH\d{2})$")
_PARTY = re.compile(r"^(?P<number>\d+)-(?P<type>[A-ZĐ]+)/(?P<issuer>[A-ZĐ]+(?:-[A-ZĐ]+)*)$")


class DocNumberError(ValueError):
    """A number/symbol that no rule accepts; the message is Vietnamese and says why."""


@dataclass(frozen=True)
class DocNumber:
    """A parsed number and symbol in canonical form."""

    kind: str  # "administrative" (typed), "letter" (công văn), "normative", "law" or "party"
    number: int
    symbol: str  # everything after the number (and year): "KH-BCĐ", "BCA-V05", "NĐ-CP", "CT/TW"
    doc_type: str  # a code of TYPE_ABBREVIATIONS / NORMATIVE_TYPES, "official_letter", "law" or ""
    issuer: str  # the issuer groups: "BCĐ", "BCA-V05", "CP", "QH15", "TW"
    year: int | None = None

    @property
    def text(self) -> str:
        """The canonical "number/symbol" (numbers below 10 with a leading 0, as the documents are written)."""
        if self.kind == "party":
            return f"{self.number:02d}-{self.symbol}"
        if self.kind in ("normative", "law"):
            return f"{self.number:02d}/{self.year}/{self.symbol}"
        return f"{self.number:02d}/{self.symbol}"

    def __str__(self) -> str:
        return self.text


def _clean(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw or "").strip()
    text = re.sub(r"^số\s*:?\s*", "", text, flags=re.IGNORECASE)
    # Ð (U+00D0, Icelandic eth) and ð look like Đ/đ and are common in documents typed with old fonts.
    text = text.replace("\u00d0", "Đ").replace("\u00f0", "đ")
    return re.sub(r"\s+", "", text)


def _upper(text: str) -> str:
    return text.upper().replace("đ", "Đ")


def parse(raw: str) -> DocNumber:
    """Parse a document's number and symbol; raise DocNumberError with the reason when it is malformed."""
    text = _clean(raw)
    if not text:
        raise DocNumberError(_("Chưa nhập số, ký hiệu văn bản."))
    if len(text) > 60:
        raise DocNumberError(_("Số, ký hiệu văn bản quá dài (tối đa 60 ký tự)."))
    if not re.match(r"^\d", text):
        raise DocNumberError(_("Số, ký hiệu phải bắt đầu bằng số văn bản, ví dụ “87/KH-BCĐ”."))
    upper = _upper(text)
    if found := _LAW.match(upper):
        number, year = int(found["number"]), int(found["year"])
        return DocNumber("law", number, found["issuer"], "law", found["issuer"], year)
    if found := _NORMATIVE.match(upper):
        doc_type = next((code for abbr, code in NORMATIVE_TYPES.items() if abbr == found["type"]), None)
        if doc_type is None:
            raise DocNumberError(
                _("“%(type)s” không phải loại văn bản quy phạm pháp luật (ví dụ “124/2021/TT-BCA”).")
                % {"type": found["type"]}
            )
        return DocNumber(
            "normative",
            int(found["number"]),
            f"{found['type']}-{found['issuer']}",
            doc_type,
            found["issuer"],
            int(found["year"]),
        )
    if found := _PARTY.match(upper):
        return DocNumber(
            "party", int(found["number"]), f"{found['type']}/{found['issuer']}", "", found["issuer"]
        )
    if "/" not in text:
        raise DocNumberError(_("Thiếu dấu “/” giữa số và ký hiệu, ví dụ “87/KH-BCĐ”."))
    if found := _ADMIN.match(upper):
        number = int(found["number"])
        if number == 0:
            raise DocNumberError(_("Số văn bản phải từ 01 trở lên."))
        groups = found["groups"].split("-")
        abbr = _BY_UPPER.get(groups[0])
        if abbr is not None and len(groups) > 1:
            symbol = "-".join([abbr, *groups[1:]])
            return DocNumber("administrative", number, symbol, TYPE_ABBREVIATIONS[abbr], "-".join(groups[1:]))
        if abbr is not None:
            raise DocNumberError(
                _("Ký hiệu “%(symbol)s” thiếu tên viết tắt của cơ quan ban hành, ví dụ “%(symbol)s-UBND”.")
                % {"symbol": abbr}
            )
        return DocNumber("letter", number, "-".join(groups), "official_letter", "-".join(groups))
    raise DocNumberError(
        _(
            "Số, ký hiệu “%(text)s” không đúng thể thức (Nghị định 30/2020/NĐ-CP): số, dấu “/”, rồi các "
            "nhóm chữ viết hoa nối bằng dấu “-”, không có khoảng trắng; ví dụ “87/KH-BCĐ”, "
            "“510/QĐ-BCA-V05”, “124/2021/TT-BCA”."
        )
        % {"text": raw.strip()[:60]}
    )


def normalise(raw: str) -> str:
    """The canonical text of a number/symbol (raises DocNumberError like `parse`)."""
    return parse(raw).text
