"""A real Chromium on a phone-sized screen: Phường Ba Đình's officer finds the province's inspection
findings from the commune page and reports a request done.
Run alone with: pytest antq/coordination/tests/test_browser_follow_up.py -p no:xdist.
Screenshots go to test-artifacts/coordination-*.png (gitignored).
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from playwright.sync_api import Browser, expect

from antq.coordination.models import InspectionRequest
from antq.coordination.tests.helpers import with_findings
from antq.testing.browser import artifacts_dir, password_login, watch
from conftest import COMMUNE_A1

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 11, 16))


def test_commune_reports_follow_up_on_a_phone(
    live_server, browser: Browser, province_a_officer, commune_a1_officer, request: pytest.FixtureRequest
) -> None:
    with_findings(province_a_officer)
    base = live_server.url
    artifacts = artifacts_dir(request.config.rootpath)
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = watch(context, errors)
    password_login(page, base, commune_a1_officer.username)

    page.goto(f"{base}/don-vi/{COMMUNE_A1}/")
    page.get_by_role("navigation", name="Công tác của xã").get_by_role(
        "link", name="Phối hợp, kiểm tra"
    ).click()
    expect(page).to_have_url(f"{base}/phoi-hop/don-vi/{COMMUNE_A1}/")
    page.get_by_test_id("received").get_by_role("link").first.click()
    card = page.get_by_test_id(f"inspected-{COMMUNE_A1}")
    expect(card).to_contain_text("Hồ sơ tổ bảo vệ ANTT còn thiếu.")
    expect(card).to_contain_text("Quá hạn")  # 15/10/2026 has passed
    expect(page.get_by_test_id("inspected-00008")).to_have_count(0)  # Ngọc Hà's findings are not ours
    page.screenshot(path=artifacts / "coordination-findings.png", full_page=True)

    card.get_by_role("link", name="Báo cáo khắc phục").first.click()
    page.get_by_label("Kết quả khắc phục").fill("Đã bổ sung quyết định công nhận thành viên.")
    page.get_by_label("Tình trạng").select_option("done")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi báo cáo khắc phục.")).to_be_visible()
    expect(page.get_by_test_id(f"inspected-{COMMUNE_A1}")).to_contain_text("Đã hoàn thành")
    page.screenshot(path=artifacts / "coordination-follow-up.png", full_page=True)
    context.close()

    done = InspectionRequest.objects.get(text="Bổ sung quyết định")
    assert done.status == "done" and done.completed_on == date(2026, 11, 16)
    assert errors == [], "\n".join(errors)
