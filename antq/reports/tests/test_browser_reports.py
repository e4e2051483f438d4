"""A real Chromium: a commune officer generates its monthly report, writes the narrative, submits it,
downloads the PDF (its text checked with pypdf); the province officer sees it on time.

Run alone with: pytest antq/reports/tests/test_browser_reports.py -p no:xdist.
Screenshots go to test-artifacts/reports-*.png (gitignored).
"""

from __future__ import annotations

import io
import os
import re
from datetime import date

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from antq.reports.models import Report
from antq.reports.tests.helpers import activities, definition
from antq.testing.browser import artifacts_dir, password_login, watch
from antq.testing.factories import TEST_PASSWORD, totp_device

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

# The monthly report of 2026-11 covers 15/10 – 14/11 and is due on 20/12/2026.
TODAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch, settings, tmp_path) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    settings.MEDIA_ROOT = tmp_path / "media"


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


def test_commune_monthly_report_to_pdf_and_the_province_sees_it_on_time(
    live_server, browser: Browser, commune_a1_officer, province_a_officer, request: pytest.FixtureRequest
) -> None:
    base = live_server.url
    artifacts = artifacts_dir(request.config.rootpath)
    errors: list[str] = []
    definition()
    activities(commune_a1_officer, days=(date(2026, 10, 20), date(2026, 11, 10)))

    commune = watch(
        browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True),
        errors,
    )
    password_login(commune, base, commune_a1_officer.username)
    commune.get_by_role("navigation", name="Các lĩnh vực").get_by_role("link", name="Báo cáo định kỳ").click()
    expect(commune).to_have_url(f"{base}/bao-cao/")
    commune.get_by_test_id("generate-cax-thang-2026-11").click()
    expect(commune.get_by_text("Đã lập báo cáo")).to_be_visible()
    expect(commune.get_by_test_id("figure-practices.activities")).to_have_text("2")
    expect(commune.get_by_test_id("figure-practices.participants")).to_have_text("80")

    for index, box in enumerate(commune.locator("textarea").all(), start=1):
        box.fill(f"Nội dung mục {index}: tình hình an ninh, trật tự ổn định.")
    commune.screenshot(path=artifacts / "reports-01-draft.png", full_page=True)
    commune.get_by_test_id("save-narrative").click()
    expect(commune.get_by_text("Đã lưu nội dung báo cáo.")).to_be_visible()
    commune.get_by_label("Người ký", exact=True).fill("Nguyễn Văn An")
    commune.get_by_test_id("submit").click()
    expect(commune.get_by_text("Đã gửi báo cáo.")).to_be_visible()
    expect(commune.get_by_test_id("status")).to_contain_text("01/BC-CAP")
    expect(commune.get_by_test_id("status")).to_contain_text("Đúng hạn")
    commune.screenshot(path=artifacts / "reports-02-submitted.png", full_page=True)

    with commune.expect_download() as download_info:
        commune.get_by_test_id("pdf").click()
    pdf_path = download_info.value.path()
    reader = PdfReader(io.BytesIO(pdf_path.read_bytes()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 01/BC-CAP",
        "BÁO CÁO",
        "tháng 11 năm 2026",
        "Ba Đình, ngày 24 tháng 11 năm 2026",
        "Hoạt động trong kỳ",
        "Nội dung mục 1",
        "Nguyễn Văn An",
    ):
        assert expected in text, expected

    report = Report.objects.get()
    province = watch(browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN"), errors)
    totp_login(province, base, province_a_officer)
    province.goto(f"{base}/bao-cao/")
    province.get_by_role(
        "link", name="Báo cáo tháng của Công an cấp xã — Thành phố Hà Nội — tháng 11 năm 2026"
    ).click()
    expect(province).to_have_url(f"{base}/bao-cao/theo-doi/01/cax-thang/2026-11/")
    expect(province.get_by_test_id("on-time")).to_have_text("1")
    row = province.get_by_test_id("row-00004")
    expect(row).to_contain_text("01/BC-CAP")
    expect(row).to_contain_text("Đúng hạn")
    province.screenshot(path=artifacts / "reports-03-province.png", full_page=True)
    row.get_by_role("link", name="01/BC-CAP").click()
    province.get_by_role("button", name="Tiếp nhận").click()
    expect(province.get_by_text("Đã tiếp nhận báo cáo.")).to_be_visible()
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED
    assert errors == []
