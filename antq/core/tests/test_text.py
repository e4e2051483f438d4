"""Accent folding for search, and the random strings of tracking codes and secrets."""

import collections

import pytest

from antq.core.text import fold, random_string


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Thanh Hóa", "thanh hoa"),
        ("ĐẶC KHU Côn Đảo", "dac khu con dao"),
        ("Phường  Ngọc\u00a0Hà\n", "phuong ngoc ha"),  # runs of spaces collapse
        ("Trường ưu tiên", "truong uu tien"),  # the horn of ư and ơ is a combining mark too
        ("Ça va, señor", "ca va, senor"),
        ("a\u0951b", "ab"),  # a combining mark outside U+0300-U+036F: the general rule
        ("ペ", "ヘ"),  # a Japanese voicing mark (Mn) is dropped like any other
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_random_string_draws_every_character_of_the_alphabet_evenly():
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    drawn = [random_string(alphabet, 12) for _ in range(3000)]
    assert all(len(code) == 12 and set(code) <= set(alphabet) for code in drawn)
    assert len(set(drawn)) == len(drawn)
    counts = collections.Counter("".join(drawn))
    expected = 3000 * 12 / len(alphabet)  # about 1,161 each
    assert set(counts) == set(alphabet)
    assert all(abs(n - expected) < 0.2 * expected for n in counts.values())
    # each position is uniform too (the base-31 digits of one draw)
    first = collections.Counter(code[0] for code in drawn)
    last = collections.Counter(code[-1] for code in drawn)
    assert len(first) == len(last) == len(alphabet)
