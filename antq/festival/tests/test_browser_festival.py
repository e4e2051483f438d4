"""A real Chromium: a commune officer plans its festival point and reports it; the province officer
sees it in the year's roll-up and downloads the report (PDF, NĐ 30 layout).

Run alone with: pytest antq/festival/tests/test_browser_festival.py -p no:xdist.
Screenshots go to test-artifacts/festival-*.png (gitignored).
"""

from __future__ import annotations

import os
import re
from datetime import date
from io import BytesIO

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from antq.festival.tests.helpers import campaign
from antq.testing.browser import artifacts_dir, password_login, watch
from antq.testing.factories import TEST_PASSWORD, totp_device
from conftest import COMMUNE_A1, PROVINCE_A

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

TODAY = date(2026, 8, 20)
AREA = "Tổ dân phố số 1"


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


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(BytesIO(content)).pages)


def test_commune_plans_and_reports_province_sees_the_roll_up_and_its_pdf(
    live_server,
    browser: Browser,
    province_a_officer,
    commune_a1_officer,
    sample_participants,
    request: pytest.FixtureRequest,
) -> None:
    base = live_server.url
    artifacts = artifacts_dir(request.config.rootpath)
    errors: list[str] = []
    made = campaign(province_a_officer)

    # The commune officer plans a point of its first residential area inside the window.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    commune = watch(context, errors)
    password_login(commune, base, commune_a1_officer.username)
    commune.goto(f"{base}/ngay-hoi/ke-hoach/{made.pk}/don-vi/{COMMUNE_A1}/")
    commune.get_by_role("link", name="Đăng ký điểm tổ chức").click()
    commune.get_by_label("Cấp tổ chức").select_option("area")
    commune.get_by_label("Khu dân cư").select_option(label=AREA)
    commune.get_by_label("Ngày tổ chức").fill("2026-09-02")
    commune.get_by_label("Địa điểm").fill("Nhà văn hóa tổ dân phố số 1")
    commune.get_by_role("checkbox", name="Chào cờ").check()
    commune.get_by_role("checkbox", name="Thi đấu thể thao").check()
    commune.get_by_role("button", name="Lưu").click()
    # Outside the window: refused, and the window is shown.
    expect(commune.get_by_role("alert")).to_contain_text("01/07/2026 – 19/08/2026")
    commune.get_by_label("Ngày tổ chức").fill("2026-08-10")
    commune.get_by_role("button", name="Lưu").click()
    expect(commune.get_by_role("heading", level=1)).to_contain_text(AREA)
    commune.screenshot(path=artifacts / "festival-01-event.png", full_page=True)

    # After the event it reports the results.
    commune.get_by_role("link", name="Báo cáo kết quả").click()
    commune.get_by_label("Số người tham dự").fill("320")
    commune.get_by_label("Số vũ khí, công cụ hỗ trợ giao nộp").fill("4")
    commune.get_by_role("button", name="Lưu").click()
    expect(commune.get_by_test_id("result")).to_contain_text("320")
    commune.screenshot(path=artifacts / "festival-02-result.png", full_page=True)
    context.close()

    # The province officer sees Ba Đình in the year's roll-up and downloads the report.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True
    )
    province = watch(context, errors)
    totp_login(province, base, province_a_officer)
    province.goto(f"{base}/ngay-hoi/")
    province.get_by_role("link", name=re.compile("Tổng hợp năm 2026")).first.click()
    expect(province).to_have_url(f"{base}/ngay-hoi/nam/2026/don-vi/{PROVINCE_A}/")
    row = province.get_by_test_id("by-child").get_by_role("row", name=re.compile("Phường Ba Đình"))
    expect(row).to_contain_text("320")
    expect(province.get_by_test_id("rollup")).to_contain_text("Số người tham dự")
    province.screenshot(path=artifacts / "festival-03-rollup.png", full_page=True)
    with province.expect_download() as info:
        province.get_by_test_id("report-pdf").click()
    download = info.value
    assert download.suggested_filename == f"bao-cao-ngay-hoi-2026-{PROVINCE_A}.pdf"
    content = download.path().read_bytes()
    (artifacts / "festival-report.pdf").write_bytes(content)
    text = pdf_text(content)
    for expected in (
        "BÁO CÁO",
        "Kết quả tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026",
        "Số người tham dự: 320",
        "Số vũ khí, công cụ hỗ trợ giao nộp: 4",
        "Phường Ba Đình",
        "Tính đến ngày 20/08/2026",
    ):
        assert expected in text, f"{expected!r} not in the report: {text[:600]!r}"
    context.close()
    assert not errors, errors
