"""Text helpers shared by every app: accent-folding for search on SQLite and PostgreSQL alike."""

import re
import secrets
import unicodedata

MAX_SEARCH_LENGTH = 100
# The block of combining diacritical marks (U+0300-U+036F, every one of them category Mn): all that
# NFD leaves of Vietnamese accents, removed by one regular-expression pass (C) instead of a Python loop
# per character (str.translate with a table is no faster: one dict lookup per character).
_COMBINING_MARKS = re.compile("[\u0300-\u036f]+")


def fold(text: str) -> str:
    """Lower-case `text` and strip Vietnamese diacritics: "Thanh Hóa" -> "thanh hoa".

    Stored beside each searchable name so that one indexed LIKE works on both databases
    (SQLite has no unaccent). "đ" has no Unicode decomposition, hence the explicit mapping.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = _COMBINING_MARKS.sub("", decomposed)
    if not stripped.isascii():  # other scripts' marks (rare): the general rule, character by character
        stripped = "".join(ch for ch in stripped if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def random_string(alphabet: str, length: int) -> str:
    """`length` characters drawn uniformly and independently from `alphabet` (cryptographically).

    One draw below len(alphabet) ** length, written in base len(alphabet): exactly the distribution of
    `length` calls of `secrets.choice`, with one system call instead of one per character.
    """
    base = len(alphabet)
    number = secrets.randbelow(base**length)
    chars = []
    for _ in range(length):
        number, digit = divmod(number, base)
        chars.append(alphabet[digit])
    return "".join(chars)


def has_nul(text: str) -> bool:
    """PostgreSQL refuses NUL bytes in text; every interface refuses them first."""
    return "\x00" in text
