"""Text helpers shared by every app: accent-folding for search on SQLite and PostgreSQL alike."""

import unicodedata

MAX_SEARCH_LENGTH = 100


def fold(text: str) -> str:
    """Lower-case `text` and strip Vietnamese diacritics: "Thanh Hóa" -> "thanh hoa".

    Stored beside each searchable name so that one indexed LIKE works on both databases
    (SQLite has no unaccent). "đ" has no Unicode decomposition, hence the explicit mapping.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def has_nul(text: str) -> bool:
    """PostgreSQL refuses NUL bytes in text; every interface refuses them first."""
    return "\x00" in text
