import re
from pathlib import Path

from antq.core.audit import ACTION_LABELS
from antq.core.models import AuditEntry

EVENT = re.compile(r'"((?:accounts|units|core)\.[a-z_]+\.[a-z_]+|(?:accounts|units|core)\.[a-z_]+)"')


def test_every_audited_event_has_a_vietnamese_label():
    root = Path(__file__).resolve().parents[2]
    used = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "log_action" in text:
            used |= {m for m in EVENT.findall(text) if not m.endswith((".py", ".html"))}
    used -= {"accounts.signals", "units.units"}
    assert used, "no audited events found"
    assert used - set(ACTION_LABELS) == set()


def test_entry_shows_its_label():
    assert AuditEntry(action="accounts.login").action_label == "Đăng nhập"
    assert AuditEntry(action="khong.biet").action_label == "khong.biet"
