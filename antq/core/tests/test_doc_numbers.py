"""The document number parser on a table of real and broken numbers (NĐ 30/2020 and normative styles)."""

from __future__ import annotations

import pytest

from antq.core.doc_numbers import DocNumberError, normalise, parse

REAL = [
    # raw, canonical, kind, doc_type, issuer, year
    ("43/CTr-BCĐ", "43/CTr-BCĐ", "administrative", "programme", "BCĐ", None),
    ("656/KH-UBND", "656/KH-UBND", "administrative", "plan", "UBND", None),
    ("87/KH-BCĐ", "87/KH-BCĐ", "administrative", "plan", "BCĐ", None),
    ("07/CT-BCA-V28", "07/CT-BCA-V28", "administrative", "directive", "BCA-V28", None),
    ("510/QĐ-BCA-V05", "510/QĐ-BCA-V05", "administrative", "decision", "BCA-V05", None),
    ("47/TTr-V05-P2", "47/TTr-V05-P2", "administrative", "submission", "V05-P2", None),
    ("38/HD-BCĐ", "38/HD-BCĐ", "administrative", "guidance", "BCĐ", None),
    ("01/HD-BCA-V05", "01/HD-BCA-V05", "administrative", "guidance", "BCA-V05", None),
    ("3371/BCA-V05", "3371/BCA-V05", "letter", "official_letter", "BCA-V05", None),
    ("142/V05-P5", "142/V05-P5", "letter", "official_letter", "V05-P5", None),
    ("111/2018/NĐ-CP", "111/2018/NĐ-CP", "normative", "decree", "CP", 2018),
    ("124/2021/TT-BCA", "124/2021/TT-BCA", "normative", "circular", "BCA", 2021),
    ("08/2024/NQ-HĐND", "08/2024/NQ-HĐND", "normative", "resolution", "HĐND", 2024),
    ("30/2023/QH15", "30/2023/QH15", "law", "law", "QH15", 2023),
    ("09-CT/TW", "09-CT/TW", "party", "", "TW", None),
    ("44-KL/TW", "44-KL/TW", "party", "", "TW", None),
    # Forgiving on form, strict on output.
    ("7/KH-BCĐ", "07/KH-BCĐ", "administrative", "plan", "BCĐ", None),
    (" Số: 87 / KH - BCĐ ", "87/KH-BCĐ", "administrative", "plan", "BCĐ", None),
    ("87/kh-bcđ", "87/KH-BCĐ", "administrative", "plan", "BCĐ", None),
    ("43/CTR-BCĐ", "43/CTr-BCĐ", "administrative", "programme", "BCĐ", None),
    ("12/qyđ-ubnd", "12/QyĐ-UBND", "administrative", "regulation", "UBND", None),
    ("87/KH-BC\u00d0", "87/KH-BCĐ", "administrative", "plan", "BCĐ", None),  # Ð (eth) typed for Đ
    ("125/QĐ-UBND", "125/QĐ-UBND", "administrative", "decision", "UBND", None),
    ("5/2025/TT-BCA", "05/2025/TT-BCA", "normative", "circular", "BCA", 2025),
]


@pytest.mark.parametrize(("raw", "canonical", "kind", "doc_type", "issuer", "year"), REAL)
def test_real_numbers(raw, canonical, kind, doc_type, issuer, year):
    parsed = parse(raw)
    assert (parsed.text, parsed.kind, parsed.doc_type, parsed.issuer, parsed.year) == (
        canonical,
        kind,
        doc_type,
        issuer,
        year,
    )
    assert normalise(canonical) == canonical  # the canonical form is a fixed point


def test_decomposed_unicode_is_read_as_composed():
    # "Đ" has no decomposition, but "ố" typed as o + combining marks must not break "Số:".
    assert normalise("So\u0302\u0301: 05/KH-UBND") == "05/KH-UBND"


BROKEN = [
    ("", "Chưa nhập"),
    ("   ", "Chưa nhập"),
    ("KH-BCĐ", "bắt đầu bằng số"),
    ("87-KH-BCĐ", "Thiếu dấu “/”"),
    ("87/KH", "thiếu tên viết tắt của cơ quan"),
    ("0/KH-UBND", "từ 01 trở lên"),
    ("87/KH--BCĐ", "không đúng thể thức"),
    ("87/KH-BCĐ-", "không đúng thể thức"),
    ("87/KH_BCĐ", "không đúng thể thức"),
    ("87/KH/BCĐ", "không đúng thể thức"),
    ("87/-KH", "không đúng thể thức"),
    ("124/2021/XYZ-BCA", "không phải loại văn bản quy phạm"),
    ("124/21/TT-BCA", "không đúng thể thức"),
    ("1" * 61, "quá dài"),
]


@pytest.mark.parametrize(("raw", "reason"), BROKEN)
def test_broken_numbers_are_refused_with_the_reason(raw, reason):
    with pytest.raises(DocNumberError, match=reason):
        parse(raw)
