"""A real Chromium: the province officer opens "Tổng hợp phong trào" (chart drawn under the strict
CSP), drills down to a commune and back.

Run alone with: pytest antq/dashboards/tests/test_browser_dashboards.py -p no:xdist.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from playwright.sync_api import Browser, expect

from antq.accounts.demo import ensure_demo_accounts
from antq.coordination.seed import seed_coordination_demo
from antq.movement.seed import seed_movement_demo
from antq.movement.tests.test_browser_plan import totp_login
from antq.practices.seed import seed_practices_demo
from antq.testing.browser import artifacts_dir, watch
from conftest import COMMUNE_A1, PROVINCE_A

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

TODAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def test_province_summary_and_drill_down(
    live_server, browser: Browser, province_a_officer, request: pytest.FixtureRequest
) -> None:
    ensure_demo_accounts()  # the movement demo writes as the demo officers
    seed_movement_demo()
    seed_coordination_demo()
    seed_practices_demo(today=TODAY)
    base = live_server.url
    artifacts = artifacts_dir(request.config.rootpath)
    errors: list[str] = []
    page = watch(browser.new_context(viewport={"width": 1440, "height": 900}, locale="vi-VN"), errors)
    totp_login(page, base, province_a_officer)

    page.get_by_role("link", name="Tổng hợp phong trào").first.click()
    expect(page).to_have_url(f"{base}/tong-hop/{PROVINCE_A}/")
    for code in ("committees", "documents", "tasks", "programmes", "models", "activities"):
        expect(page.get_by_test_id(f"section-{code}")).to_be_visible()
    # One small chart per headline count (each on its own axis), every one drawn by Chart.js.
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('.summary-small-chart canvas')].map(c => !!Chart.getChart(c))"
    )
    assert len(drawn) >= 4 and all(drawn)
    page.screenshot(path=artifacts / "dashboards-province.png", full_page=True)

    page.get_by_test_id(f"child-{COMMUNE_A1}").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phường Ba Đình")
    page.screenshot(path=artifacts / "dashboards-commune.png", full_page=True)
    page.get_by_role("link", name="Thành phố Hà Nội").click()
    expect(page).to_have_url(f"{base}/tong-hop/{PROVINCE_A}/?ky=2026")
    assert not errors, "\n".join(errors)
