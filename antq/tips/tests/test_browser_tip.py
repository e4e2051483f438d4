"""A real Chromium: a citizen sends an anonymous tip with a photo, follows it by code; the commune
officer answers; the citizen sees the answer.

The captcha is solved the honest way: the test reads the challenge's answer from CaptchaStore in the
test database (no CAPTCHA_TEST_MODE). Run alone with: pytest antq/tips/tests/test_browser_tip.py -p no:xdist.
Screenshots go to test-artifacts/tips-*.png (gitignored).
"""

from __future__ import annotations

import os

import pytest
from captcha.models import CaptchaStore
from playwright.sync_api import Browser, Page, expect

from antq.testing.browser import artifacts_dir, password_login, watch
from antq.tips.models import Tip
from antq.tips.seed import ensure_reference_data
from antq.tips.tests.helpers import jpeg_with_exif
from conftest import COMMUNE_A1, PROVINCE_A

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def solve_captcha(page: Page) -> None:
    key = page.locator("input[name=captcha_0]").input_value()
    page.locator("input[name=captcha_1]").fill(CaptchaStore.objects.get(hashkey=key).response)


def follow(page: Page, base: str, code: str, secret: str) -> None:
    page.goto(f"{base}/to-giac/theo-doi/")
    page.get_by_label("Mã theo dõi").fill(code)
    page.get_by_label("Mật mã").fill(secret)
    solve_captcha(page)
    page.get_by_role("button", name="Xem").click()


def test_anonymous_tip_with_photo_followed_and_answered(
    live_server, browser: Browser, commune_a1_officer, request: pytest.FixtureRequest, tmp_path
) -> None:
    ensure_reference_data()
    base = live_server.url
    artifacts = artifacts_dir(request.config.rootpath)
    errors: list[str] = []
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(jpeg_with_exif())

    citizen = watch(browser.new_context(viewport={"width": 1100, "height": 1400}, locale="vi-VN"), errors)
    citizen.goto(f"{base}/to-giac/")
    expect(citizen.get_by_test_id("emergency")).to_contain_text("113")
    citizen.get_by_label("Tin báo về tội phạm").check()
    citizen.get_by_label("Lĩnh vực").select_option("lua-dao")
    citizen.get_by_label("Nội dung").fill(
        "Một nhóm người giả danh nhân viên ngân hàng lừa người già chuyển tiền."
    )
    citizen.get_by_label("Tỉnh, thành phố").select_option(PROVINCE_A)
    commune = citizen.get_by_label("Xã, phường, đặc khu")
    expect(commune.locator(f"option[value='{COMMUNE_A1}']")).to_have_count(1)
    commune.select_option(COMMUNE_A1)
    citizen.get_by_label("Ảnh, video, tài liệu").set_input_files(str(photo))
    solve_captcha(citizen)
    citizen.screenshot(path=str(artifacts / "tips-form.png"), full_page=True)
    citizen.get_by_role("button", name="Gửi", exact=True).click()
    code = citizen.get_by_test_id("tracking-code").inner_text()
    secret = citizen.get_by_test_id("tracking-secret").inner_text()
    citizen.screenshot(path=str(artifacts / "tips-done.png"), full_page=True)
    tip = Tip.objects.get()
    assert tip.anonymous and tip.attachments.count() == 1

    follow(citizen, base, code, secret)
    expect(citizen.get_by_test_id("status")).to_have_text("Đã tiếp nhận")

    officer = watch(browser.new_context(viewport={"width": 1280, "height": 1000}, locale="vi-VN"), errors)
    password_login(officer, base, commune_a1_officer.username)
    officer.get_by_role("link", name="Tin báo, tố giác").first.click()
    officer.get_by_role("link", name=code).click()
    officer.get_by_label("Số sổ tiếp nhận").fill("21/TB")
    officer.get_by_role("button", name="Vào sổ").click()
    expect(officer.get_by_test_id("tip-status")).to_have_text("Đang kiểm tra, xác minh")
    officer.get_by_label("Trả lời người gửi").fill("Công an phường đã xác minh, cảm ơn bạn đã báo tin.")
    officer.get_by_role("button", name="Gửi trả lời").click()
    expect(officer.get_by_text("Đã gửi trả lời cho người gửi.")).to_be_visible()
    officer.screenshot(path=str(artifacts / "tips-officer.png"), full_page=True)

    follow(citizen, base, code, secret)
    expect(citizen.get_by_test_id("conversation")).to_contain_text("Công an phường đã xác minh")
    expect(citizen.get_by_test_id("status")).to_have_text("Đang kiểm tra, xác minh")
    citizen.screenshot(path=str(artifacts / "tips-followed.png"), full_page=True)
    assert not errors, errors


def test_phone_fills_the_place_from_its_position_and_refuses_a_point_abroad(
    live_server, browser: Browser, request: pytest.FixtureRequest
) -> None:
    """The "use this device's position" button on a phone: the point is filled and stored with the tip;
    a position outside Vietnam fills nothing; a browser that refuses the permission says so."""
    ensure_reference_data()
    base = live_server.url
    artifacts = artifacts_dir(request.config.rootpath)
    errors: list[str] = []
    phone = {"viewport": {"width": 390, "height": 844}, "locale": "vi-VN", "is_mobile": True}

    citizen = watch(
        browser.new_context(
            **phone,
            geolocation={"latitude": 21.0341234, "longitude": 105.8412349, "accuracy": 12},
            permissions=["geolocation"],
        ),
        errors,
    )
    citizen.goto(f"{base}/to-giac/")
    citizen.get_by_label("Tin báo về tội phạm").check()
    citizen.get_by_label("Lĩnh vực").select_option("lua-dao")
    citizen.get_by_label("Nội dung").fill("Có người lạ cạy khóa xe máy trước cổng chợ lúc chiều tối.")
    citizen.get_by_label("Tỉnh, thành phố").select_option(PROVINCE_A)
    commune = citizen.get_by_label("Xã, phường, đặc khu")
    expect(commune.locator(f"option[value='{COMMUNE_A1}']")).to_have_count(1)
    commune.select_option(COMMUNE_A1)
    citizen.get_by_test_id("locate").click()
    expect(citizen.get_by_test_id("locate-status")).to_have_text(
        "Đã điền vĩ độ và kinh độ (sai số khoảng 12 m). Bạn có thể sửa lại."
    )
    expect(citizen.get_by_label("Vĩ độ")).to_have_value("21.034123")
    expect(citizen.get_by_label("Kinh độ")).to_have_value("105.841235")
    citizen.screenshot(path=str(artifacts / "tips-locate-phone.png"), full_page=True)
    solve_captcha(citizen)
    citizen.get_by_role("button", name="Gửi", exact=True).click()
    expect(citizen.get_by_test_id("tracking-code")).to_be_visible()
    tip = Tip.objects.get()
    assert (str(tip.latitude), str(tip.longitude)) == ("21.034123", "105.841235")

    abroad = watch(
        browser.new_context(
            **phone, geolocation={"latitude": 48.8566, "longitude": 2.3522}, permissions=["geolocation"]
        ),
        errors,
    )
    abroad.goto(f"{base}/to-giac/")
    abroad.get_by_test_id("locate").click()
    expect(abroad.get_by_test_id("locate-status")).to_have_text(
        "Vị trí của thiết bị nằm ngoài lãnh thổ Việt Nam nên không được điền."
    )
    expect(abroad.get_by_label("Vĩ độ")).to_have_value("")
    expect(abroad.get_by_label("Kinh độ")).to_have_value("")

    refused = watch(browser.new_context(**phone, permissions=[]), errors)
    refused.goto(f"{base}/phan-anh/")
    refused.get_by_test_id("locate").click()
    expect(refused.get_by_test_id("locate-status")).to_contain_text("Trình duyệt không cho phép lấy vị trí")
    expect(refused.get_by_label("Vĩ độ")).to_have_value("")
    assert not errors, errors
