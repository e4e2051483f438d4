"""A real Chromium: Phường Ba Đình proposes a Bằng khen, Hà Nội reviews and decides it, and the decision
PDF and a certificate are downloaded and read back.
Run alone with: pytest antq/awards/tests/test_browser_awards.py -p no:xdist.
Screenshots go to test-artifacts/awards-*.png (gitignored).
"""

from __future__ import annotations

import io
import os

import pytest
from playwright.sync_api import Browser, expect
from pypdf import PdfReader

from antq.awards.models import Proposal
from antq.movement.tests.test_browser_plan import totp_login
from antq.testing.browser import artifacts_dir, password_login, watch
from conftest import COMMUNE_A1, PROVINCE_A

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_commune_proposes_province_decides(
    live_server, browser: Browser, commune_a1_officer, province_a_officer, request: pytest.FixtureRequest
) -> None:
    base = live_server.url
    artifacts = artifacts_dir(request.config.rootpath)
    errors: list[str] = []

    context = browser.new_context(locale="vi-VN")
    page = watch(context, errors)
    password_login(page, base, commune_a1_officer.username)
    page.goto(f"{base}/khen-thuong/don-vi/{COMMUNE_A1}/")
    page.get_by_role("link", name="Lập đề nghị khen thưởng").click()
    page.get_by_label("Hình thức khen thưởng").select_option(label="Bằng khen của Chủ tịch UBND cấp tỉnh")
    page.get_by_label("Nguồn đề nghị").select_option("ad_hoc")
    page.get_by_label("Tóm tắt thành tích").fill("Bắt giữ đối tượng trộm cắp tài sản ngày 02/10/2026.")
    page.get_by_label("Cá nhân (mỗi dòng: họ và tên; chức vụ, đơn vị)").fill(
        "Phạm Văn Bình; Tổ viên Tổ bảo vệ ANTT số 5"
    )
    page.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã đề nghị")
    page.screenshot(path=artifacts / "awards-proposed.png", full_page=True)
    context.close()

    context = browser.new_context(locale="vi-VN", accept_downloads=True)
    page = watch(context, errors)
    totp_login(page, base, province_a_officer)
    page.goto(f"{base}/khen-thuong/don-vi/{PROVINCE_A}/")
    page.get_by_test_id("queue").get_by_role("link").first.click()
    page.get_by_label("Ý kiến thẩm định").fill("Đủ điều kiện.")
    page.get_by_role("button", name="Đủ điều kiện", exact=True).click()
    expect(page.get_by_test_id("status")).to_have_text("Đã thẩm định")

    page.goto(f"{base}/khen-thuong/don-vi/{PROVINCE_A}/")
    form = page.get_by_test_id("decide-many")
    form.get_by_role("checkbox").first.check()
    form.get_by_label("Số, ký hiệu").fill("52/QĐ-UBND")
    form.get_by_label("Ngày ký (dd/mm/yyyy)").fill("21/11/2026")
    form.get_by_label("Địa danh").fill("Hà Nội")
    form.get_by_label("Người ký", exact=True).fill("Trần Sỹ Thanh")
    form.get_by_label("Chức vụ người ký").fill("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")
    page.screenshot(path=artifacts / "awards-decide.png", full_page=True)
    form.get_by_role("button", name="Ban hành quyết định").click()
    expect(page.get_by_text("Đã ban hành Quyết định số 52/QĐ-UBND cho 1 đề nghị.")).to_be_visible()

    proposal = Proposal.objects.get(achievement__startswith="Bắt giữ")
    page.goto(f"{base}/khen-thuong/de-nghi/{proposal.pk}/")
    expect(page.get_by_test_id("status")).to_have_text("Đã quyết định khen thưởng")
    page.screenshot(path=artifacts / "awards-decided.png", full_page=True)
    decision_href = page.get_by_role("link", name="Quyết định số 52/QĐ-UBND").get_attribute("href")
    certificate_href = page.get_by_test_id("certificate").first.get_attribute("href")
    decision_pdf = page.request.get(f"{base}{decision_href}")
    assert decision_pdf.ok and decision_pdf.headers["content-type"] == "application/pdf"
    decision_body = decision_pdf.body()
    certificate_body = page.request.get(f"{base}{certificate_href}").body()
    context.close()

    text = _pdf_text(decision_body)
    assert "QUYẾT ĐỊNH" in text and "52/QĐ-UBND" in text and "Phạm Văn Bình" in text
    text = _pdf_text(certificate_body)
    assert "BẰNG KHEN" in text and "TẶNG" in text and "Phạm Văn Bình" in text and "52/QĐ-UBND" in text
    assert errors == [], "\n".join(errors)
