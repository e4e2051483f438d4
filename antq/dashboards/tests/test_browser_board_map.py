"""A real Chromium: the national administrator opens the national indicator dashboard (read from the
snapshot, its time shown), goes to the map, clicks a province, lands on the province dashboard and
downloads its Excel, which is opened with openpyxl and read back.

Run alone with: pytest antq/dashboards/tests/test_browser_board_map.py -p no:xdist.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, expect

from antq.assessments.models import CommuneTally, SubjectType
from antq.assessments.tests.cycles import cycle_2026
from antq.dashboards import snapshots
from antq.movement.tests.test_browser_plan import totp_login
from antq.testing.browser import artifacts_dir, watch
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A

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


def test_national_dashboard_map_click_province_and_excel(
    live_server, browser: Browser, national_admin, request: pytest.FixtureRequest
) -> None:
    cycle = cycle_2026()
    for key, subjects in ((COMMUNE_A1, 1200), (COMMUNE_A2, 34), (COMMUNE_B1, 500)):
        CommuneTally.objects.create(
            cycle=cycle,
            commune=Unit.objects.get(key=key),
            subject_type=SubjectType.RESIDENTIAL_AREA,
            subjects=subjects,
            registered=subjects // 2,
            recognised=subjects // 4,
        )
    snapshots.refresh([2022, 2023, 2024, 2025, 2026])
    base = live_server.url
    artifacts = artifacts_dir(request.config.rootpath)
    errors: list[str] = []
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, locale="vi-VN", accept_downloads=True
    )
    page = watch(context, errors)
    totp_login(page, base, national_admin)

    page.get_by_role("link", name="Tổng hợp phong trào").first.click()
    expect(page).to_have_url(f"{base}/tong-hop/VN/")
    page.get_by_test_id("open-board").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bảng chỉ số")
    expect(page.get_by_test_id("freshness")).to_contain_text("Số liệu cập nhật lúc")
    expect(page.get_by_test_id("line-assessments.subjects")).to_contain_text("1.734")
    # The scripts sit at the end of the body: wait for board.js to have drawn, not for the tables.
    page.wait_for_function("() => window.Chart && !!Chart.getChart(document.getElementById('trend-chart'))")
    page.screenshot(path=artifacts / "board-national.png", full_page=True)

    page.get_by_test_id("open-map").click()
    expect(page.get_by_test_id("tile-map")).to_be_visible()
    expect(page.get_by_test_id("freshness")).to_contain_text("Số liệu cập nhật lúc")
    page.screenshot(path=artifacts / "board-map.png", full_page=True)
    page.get_by_test_id(f"tile-{PROVINCE_A}").click()
    expect(page).to_have_url(
        f"{base}/tong-hop/chi-so/{PROVINCE_A}/?ky=2026&chi-so=assessments.recognised_rate"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thành phố Hà Nội")
    expect(page.get_by_test_id(f"child-{COMMUNE_A1}")).to_be_visible()
    page.screenshot(path=artifacts / "board-province.png", full_page=True)

    with page.expect_download() as info:
        page.get_by_test_id("export").click()
    path = artifacts / "board-province.xlsx"
    info.value.save_as(path)
    book = load_workbook(path, read_only=True)
    rows = {row[0]: row for row in book["Chỉ số"].iter_rows(values_only=True) if row and row[0]}
    # Hà Nội = Ba Đình 1,200 + Ngọc Hà 34; the nation above adds Sài Gòn's 500.
    assert rows["assessments.subjects"][3:5] == (1234, 1734)
    children = {row[0]: row for row in book["Đơn vị trực thuộc"].iter_rows(values_only=True)}
    header = list(children["Mã"])
    assert children[COMMUNE_A1][header.index("Đối tượng tham gia đánh giá")] == 1200
    book.close()
    assert not errors, "\n".join(errors)
