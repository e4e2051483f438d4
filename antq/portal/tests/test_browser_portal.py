"""A real Chromium: a news editor publishes an article, an anonymous visitor finds it by unaccented
search, opens the print view, changes the text size, posts a comment; the editor approves it; it appears.

Run alone with: pytest antq/portal/tests/test_browser_portal.py -p no:xdist.
Screenshots go to test-artifacts/portal-*.png (gitignored).
"""

from __future__ import annotations

import os
import re

import pytest
from captcha.models import CaptchaStore
from playwright.sync_api import Browser, expect

from antq.testing.browser import artifacts_dir, password_login, watch
from antq.testing.factories import user_with_role
from conftest import PROVINCE_A

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def test_publish_find_print_resize_comment_approve(
    live_server, browser: Browser, request: pytest.FixtureRequest
):
    base = live_server.url
    artifacts = artifacts_dir(request.config.rootpath)
    errors: list[str] = []
    user_with_role("bientap.hanoi", "news_editor", PROVINCE_A)

    editor = watch(browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN"), errors)
    password_login(editor, base, "bientap.hanoi")
    editor.goto(f"{base}/cong-dong/bien-tap/")
    editor.get_by_role("link", name="Viết bài").click()
    editor.get_by_label("Tiêu đề").fill("Hà Nội ra quân bảo đảm an ninh Tết")
    editor.get_by_label("Tóm tắt").fill("Công an thành phố triển khai cao điểm.")
    editor.get_by_label("Nội dung").fill("Đoạn thứ nhất.\n\nĐoạn thứ hai.")
    editor.get_by_role("button", name="Lưu bản nháp").click()
    expect(editor.get_by_test_id("status")).to_have_text("Bản nháp")
    editor.get_by_role("button", name="Đăng bài").click()
    expect(editor.get_by_test_id("status")).to_have_text("Đã đăng")
    editor.screenshot(path=artifacts / "portal-01-editor.png", full_page=True)

    visitor = watch(browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN"), errors)
    visitor.goto(f"{base}/")
    expect(visitor).to_have_url(f"{base}/cong-dong/")
    expect(visitor.get_by_test_id("emergency")).to_contain_text("Khẩn cấp: gọi 113")
    visitor.goto(f"{base}/cong-dong/tin-tuc/?q=ha+noi+ra+quan")
    visitor.get_by_role("link", name="Hà Nội ra quân bảo đảm an ninh Tết").click()
    expect(visitor.get_by_role("heading", name="Hà Nội ra quân bảo đảm an ninh Tết")).to_be_visible()

    # Text size: A+ twice, remembered across pages (localStorage), A resets.
    root = visitor.locator("html")
    visitor.get_by_role("button", name="Tăng cỡ chữ").click()
    visitor.get_by_role("button", name="Tăng cỡ chữ").click()
    expect(root).to_have_attribute("data-text-size", "2")
    expect(root).to_have_class(re.compile(r"antq-text-2"))
    visitor.get_by_role("link", name="Bản in").click()
    expect(visitor).to_have_url(re.compile(r"\?in=1$"))
    expect(root).to_have_attribute("data-text-size", "2")
    expect(visitor.get_by_role("button", name="In bài")).to_be_visible()
    expect(visitor.locator("#binh-luan")).to_be_hidden()
    visitor.screenshot(path=artifacts / "portal-02-print.png", full_page=True)
    visitor.get_by_role("button", name="Cỡ chữ mặc định").click()
    expect(root).to_have_attribute("data-text-size", "0")
    visitor.get_by_role("link", name="Trở lại bài viết").click()

    # A comment: the captcha's answer is read from its store (as a person would read the image).
    key = visitor.locator("input[name=captcha_0]").input_value()
    answer = CaptchaStore.objects.get(hashkey=key).response
    visitor.get_by_label("Tên của bạn (không bắt buộc)").fill("Bạn đọc Ba Đình")
    visitor.get_by_role("textbox", name="Bình luận").fill("Mong tăng tuần tra <script>ban đêm</script>")
    visitor.get_by_label("Mã xác nhận").fill(answer)
    visitor.get_by_role("button", name="Gửi bình luận").click()
    expect(visitor.get_by_text("Bình luận sẽ hiển thị sau khi cán bộ duyệt")).to_be_visible()
    expect(visitor.get_by_test_id("comment")).to_have_count(0)

    editor.goto(f"{base}/cong-dong/bien-tap/binh-luan/")
    expect(editor.get_by_test_id("pending-comment")).to_contain_text("<script>ban đêm</script>")
    editor.get_by_role("button", name="Duyệt").click()
    expect(editor.get_by_text("Không có bình luận chờ duyệt.")).to_be_visible()

    visitor.reload()
    expect(visitor.get_by_test_id("comment")).to_contain_text("Mong tăng tuần tra <script>ban đêm</script>")
    visitor.screenshot(path=artifacts / "portal-03-article.png", full_page=True)
    assert not errors, "\n".join(errors)
