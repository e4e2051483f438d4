"""A real Chromium: a province officer issues a plan with a task for all its communes, a commune
officer reports progress, the province officer sees the roll-up.

Run alone with: pytest antq/movement/tests/test_browser_plan.py -p no:xdist.
Screenshots go to test-artifacts/movement-*.png (gitignored).
"""

from __future__ import annotations

import os
import re
from datetime import date

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Browser, Page, expect

from antq.testing.browser import artifacts_dir, password_login, watch
from antq.testing.factories import TEST_PASSWORD, totp_device
from antq.units.models import Unit
from conftest import COMMUNE_A1, PROVINCE_A

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

TODAY = date(2026, 11, 16)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def totp_login(page: Page, base: str, user) -> None:
    device = totp_device(user)
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/tai-khoan/xac-thuc/"))
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    page.get_by_label("Mã xác thực 6 số").fill(f"{code:06d}")
    page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(f"{base}/")


def test_plan_to_all_communes_progress_and_roll_up(
    live_server, browser: Browser, province_a_officer, commune_a1_officer, request: pytest.FixtureRequest
) -> None:
    base = live_server.url
    artifacts = artifacts_dir(request.config.rootpath)
    errors: list[str] = []
    communes = Unit.objects.current().filter(parent__key=PROVINCE_A, level=Unit.Level.COMMUNE).count()

    province = watch(browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN"), errors)
    totp_login(province, base, province_a_officer)
    province.get_by_role("navigation", name="Các lĩnh vực").get_by_role(
        "link", name="Chỉ đạo, kế hoạch"
    ).click()
    expect(province).to_have_url(f"{base}/chi-dao/{PROVINCE_A}/")
    expect(province.locator("#movement-chart")).to_be_visible()
    province.screenshot(path=artifacts / "movement-01-overview.png", full_page=True)
    province.get_by_role("link", name="Sổ văn bản").click()

    # A malformed number is refused with the parser's message; the well-formed one is normalised.
    province.get_by_label("Số, ký hiệu").fill("656 KH-UBND")
    province.get_by_label("Ngày ban hành").fill("2026-02-10")
    province.get_by_label("Cơ quan ban hành").fill("Ủy ban nhân dân Thành phố Hà Nội")
    province.get_by_role("textbox", name="Trích yếu *").fill("Kế hoạch kiện toàn Ban Chỉ đạo các xã, phường")
    province.get_by_role("button", name="Vào sổ").click()
    expect(province.get_by_text("Thiếu dấu “/” giữa số và ký hiệu")).to_be_visible()
    province.get_by_label("Số, ký hiệu").fill("656/kh-ubnd")
    province.get_by_role("button", name="Vào sổ").click()
    expect(province.get_by_role("heading", level=1)).to_have_text("Kế hoạch 656/KH-UBND")
    plan_url = province.url

    province.get_by_label("Nhiệm vụ", exact=False).first.fill("Kiện toàn Ban Chỉ đạo cấp xã")
    province.get_by_label("Kết quả cần đạt").fill("Quyết định kiện toàn")
    province.get_by_label("Thời hạn").fill("2026-12-31")
    province.get_by_label("Giao cho").select_option(f"communes:{PROVINCE_A}")
    province.screenshot(path=artifacts / "movement-02-assign.png", full_page=True)
    province.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(province.get_by_text(f"Đã giao nhiệm vụ cho {communes} đơn vị.")).to_be_visible()
    expect(province.get_by_test_id("rollup-percent")).to_have_text("0,0 %")

    commune = watch(browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN"), errors)
    password_login(commune, base, commune_a1_officer.username)
    commune.goto(f"{base}/chi-dao/{COMMUNE_A1}/cap-tren-giao/")
    inbox = commune.get_by_test_id("inbox")
    expect(inbox).to_contain_text("656/KH-UBND")
    expect(inbox).to_contain_text("31/12/2026")
    inbox.get_by_role("link", name="Kiện toàn Ban Chỉ đạo cấp xã").click()
    commune.get_by_label("Tiến độ (%)").fill("100")
    commune.get_by_label("Nội dung báo cáo").fill("Đã ban hành quyết định kiện toàn.")
    commune.get_by_role("button", name="Gửi báo cáo").click()
    expect(commune.get_by_text("Đã báo cáo tiến độ.")).to_be_visible()
    expect(commune.get_by_test_id("task-progress")).to_have_text("Tiến độ: 100 %")
    commune.screenshot(path=artifacts / "movement-03-reported.png", full_page=True)

    province.goto(plan_url)
    expected = f"{round(100 / communes, 1):.1f}".replace(".", ",")
    expect(province.get_by_test_id("rollup-percent")).to_have_text(f"{expected} %")
    row = province.get_by_test_id("rollup").locator(
        "tr", has=province.get_by_text("Phường Ba Đình", exact=True)
    )
    expect(row).to_contain_text("100,0")
    province.screenshot(path=artifacts / "movement-04-rollup.png", full_page=True)
    assert not errors, errors
