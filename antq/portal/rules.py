"""Pure rules of the portal: which status an article may move to."""

from __future__ import annotations

# (from, to) pairs an editor may take. A withdrawn article may be published again after a correction.
TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        ("draft", "published"),
        ("published", "withdrawn"),
        ("withdrawn", "published"),
    }
)


def may_move(current: str, target: str) -> bool:
    """Whether an article in status `current` may be moved to `target`."""
    return (current, target) in TRANSITIONS
