import pytest

from antq.portal.rules import may_move


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("draft", "published", True),
        ("draft", "withdrawn", False),
        ("published", "withdrawn", True),
        ("published", "published", False),
        ("published", "draft", False),
        ("withdrawn", "published", True),
        ("withdrawn", "draft", False),
    ],
)
def test_transitions(current, target, allowed):
    assert may_move(current, target) is allowed
