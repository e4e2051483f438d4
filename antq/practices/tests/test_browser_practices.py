"""A real Chromium: a commune officer records an activity, sees it counted (chart drawn under the
strict CSP), registers a model; an anonymous visitor finds a recognised model on the public page.

Run alone with: pytest antq/practices/tests/test_browser_practices.py -p no:xdist.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from playwright.sync_api import Browser, expect

from antq.practices.models import Activity, PracticeModel
from antq.practices.seed import seed_practices_demo
from antq.testing.browser import artifacts_dir, password_login, watch
from conftest import COMMUNE_A1

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


def test_record_an_activity_and_see_it_counted(
    live_server, browser: Browser, commune_a1_officer, request: pytest.FixtureRequest
) -> None:
    seed_practices_demo(today=TODAY)
    before = Activity.objects.filter(unit__key=COMMUNE_A1, held_on__year=2026).count()
    base = live_server.url
    artifacts = artifacts_dir(request.config.rootpath)
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = watch(context, errors)
    password_login(page, base, commune_a1_officer.username)

    page.goto(f"{base}/mo-hinh/{COMMUNE_A1}/")
    expect(page.get_by_test_id("activities-total")).to_contain_text(f"{before} /")
    # Chart.js drew on the canvas: a script blocked by the CSP would leave it blank.
    drawn = page.evaluate("() => !!Chart.getChart(document.getElementById('overview-chart'))")
    assert drawn

    page.get_by_role("link", name="Ghi nhận hoạt động").first.click()
    page.get_by_label("Loại hoạt động").select_option(label="Hòa giải mâu thuẫn, tranh chấp ở cơ sở")
    page.get_by_label("Ngày tổ chức").fill("10/11/2026")
    page.get_by_label("Nội dung").fill("Hòa giải tranh chấp lối đi chung")
    page.get_by_label("Số người tham dự").fill("-3")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Không được nhập số âm.")).to_be_visible()
    page.get_by_label("Số người tham dự").fill("14")
    page.get_by_label("Kết quả (số lượng)").fill("1")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi nhận hoạt động.")).to_be_visible()
    expect(page.get_by_test_id("activities")).to_contain_text("Hòa giải tranh chấp lối đi chung")

    page.goto(f"{base}/mo-hinh/{COMMUNE_A1}/")
    expect(page.get_by_test_id("activities-total")).to_contain_text(f"{before + 1} /")
    page.screenshot(path=artifacts / "practices-overview.png", full_page=True)

    anonymous = watch(browser.new_context(locale="vi-VN"), errors)
    anonymous.goto(f"{base}/mo-hinh/cong-khai/?q=camera an ninh ba dinh")
    expect(anonymous.get_by_test_id("showcase")).to_contain_text("Camera an ninh Phường Ba Đình")
    assert PracticeModel.objects.filter(name__startswith="Camera an ninh").exists()
    assert not errors, "\n".join(errors)
