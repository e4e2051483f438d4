"""A real Chromium walks the main path: login with TOTP, the unit map, search, language switch.

Run alone with: pytest -m browser -p no:xdist. Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, BrowserContext, Page, expect

from antq.testing.factories import TEST_PASSWORD, totp_device

# Playwright's sync API keeps an asyncio loop running in this thread for the rest of the session,
# which Django's ORM takes for async code. The ORM calls here are plain synchronous test code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# transaction=True: the live server thread must see the rows the test writes. The flush that ends
# such a test is repaired by conftest.pytest_runtest_teardown (it reloads the national map).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 360, "height": 740}
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    folder = request.config.rootpath / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def console_errors() -> list[str]:
    return []


def watch(context: BrowserContext, errors: list[str]) -> Page:
    """A new page whose console errors, uncaught exceptions and CSP violations land in `errors`."""
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    return page


def current_totp(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def assert_fits_phone(page: Page) -> None:
    widths = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
    assert widths["inner"] == PHONE["width"], widths
    assert widths["scroll"] <= widths["inner"], f"horizontal overflow on {page.url}: {widths}"


def test_officer_walks_the_unit_map(
    live_server, browser: Browser, national_admin, artifacts: Path, console_errors: list[str]
) -> None:
    device = totp_device(national_admin)  # confirmed: the TOTP page asks for a code, not enrolment
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    page = watch(context, console_errors)
    shot: Callable[[str], object] = lambda name: page.screenshot(  # noqa: E731
        path=artifacts / f"{name}.png", full_page=True
    )

    # Password, then the TOTP code that the national role requires.
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    shot("01-login")
    page.get_by_label("Tên đăng nhập").fill(national_admin.username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/tai-khoan/xac-thuc/"))
    expect(page.get_by_role("heading", name="Xác thực hai lớp")).to_be_visible()
    expect(page.get_by_test_id("totp-qr")).to_have_count(0)
    shot("02-totp")
    page.get_by_label("Mã xác thực 6 số").fill(current_totp(device))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    shot("03-home")

    # National table -> province -> commune.
    page.get_by_role("navigation", name="Các lĩnh vực").get_by_role("link", name="Đơn vị, địa bàn").click()
    expect(page).to_have_url(f"{live_server.url}/don-vi/")
    table = page.get_by_test_id("unit-table")
    expect(table.locator("tbody tr")).to_have_count(34)
    shot("04-national")
    table.get_by_role("link", name="Thành phố Hà Nội", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thành phố Hà Nội")
    shot("05-province")
    page.get_by_test_id("unit-table").get_by_role("link", name="Phường Ba Đình", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Phường Ba Đình")
    crumbs = page.get_by_role("navigation", name="Đường dẫn").locator("li")
    expect(crumbs).to_have_text(["Toàn quốc", "Thành phố Hà Nội", "Phường Ba Đình"])
    # Ten pre-2025 wards: the lineage line is folded; opening it lists them.
    lineage = page.locator("details", has_text="Hình thành từ:")
    expect(lineage.locator("summary")).to_contain_text("10 đơn vị trước sắp xếp, hiệu lực 01/07/2025")
    lineage.locator("summary").click()
    for ward in ("Phường Quán Thánh", "Phường Trúc Bạch", "Phường Điện Biên"):
        expect(lineage.get_by_role("link", name=ward, exact=True)).to_be_visible()
    shot("06-commune")
    commune_url = page.url

    # The same pages on a phone: nothing may stick out sideways.
    phone = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN", storage_state=context.storage_state()
    )
    phone_page = watch(phone, console_errors)
    for name, url in (("07-phone-commune", commune_url), ("08-phone-national", f"{live_server.url}/don-vi/")):
        phone_page.goto(url)
        expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
        phone_page.screenshot(path=artifacts / f"{name}.png", full_page=True)
        assert_fits_phone(phone_page)
    phone.close()

    # Accent-free search from the navbar box.
    search = page.get_by_role("searchbox", name="Tìm đơn vị")
    search.fill("ha noi")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/don-vi/tim-kiem/\?q=ha\+noi"))
    expect(page.get_by_test_id("search-units")).to_contain_text("Thành phố Hà Nội")
    shot("09-search")

    # English on request; the page it was asked from comes back translated.
    page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    english_nav = page.get_by_role("navigation", name="Areas of work")
    expect(english_nav.get_by_role("link", name="Units and areas")).to_be_visible()
    expect(page.get_by_test_id("search-units")).to_contain_text("Thành phố Hà Nội")
    shot("10-search-english")

    context.close()
    assert console_errors == []
