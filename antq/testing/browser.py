"""Helpers for the real-browser tests (Playwright sync API): watched pages, screenshots, password login.

The browser tests import these; the fixtures themselves (live_server, browser) come from the plugins.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect

from antq.testing.factories import TEST_PASSWORD

# Content-Security-Policy violations do not always reach the console; report each one as an error.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


def artifacts_dir(rootpath: Path) -> Path:
    """test-artifacts/ at the project root (gitignored), created when missing."""
    folder = rootpath / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


def watch(context: BrowserContext, errors: list[str]) -> Page:
    """A new page whose console errors, uncaught exceptions and CSP violations land in `errors`."""
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    return page


def password_login(page: Page, base_url: str, username: str, password: str = TEST_PASSWORD) -> None:
    """Sign in through the login form (for roles without TOTP) and land on the home page."""
    page.goto(f"{base_url}/tai-khoan/dang-nhap/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{base_url}/")
