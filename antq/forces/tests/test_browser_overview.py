"""A real Chromium opens the force overview (charts drawn under the strict CSP), drills into the
commune, opens the monthly payment list and downloads its Excel.

Run alone with: pytest antq/forces/tests/test_browser_overview.py -p no:xdist.
Screenshots go to test-artifacts/forces-*.png (gitignored).
"""

from __future__ import annotations

import os
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, expect

from antq.forces import actions
from antq.forces.tests.helpers import TODAY, person_data
from antq.testing.browser import artifacts_dir, password_login, watch
from antq.testing.factories import ResidentialAreaFactory
from antq.units.models import Unit
from conftest import COMMUNE_A1, PROVINCE_A

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def test_overview_charts_drill_and_payment_export(
    live_server, browser: Browser, commune_a1_officer, national_admin, request: pytest.FixtureRequest
) -> None:
    a1 = Unit.objects.get(key=COMMUNE_A1)
    team = actions.establish_team(
        a1,
        by=commune_a1_officer,
        residential_area=ResidentialAreaFactory(commune=a1, name="Tổ dân phố số 7"),
        name="Tổ bảo vệ ANTT số 7",
        decision_number="1/QĐ-UBND",
        established_on=date(2024, 7, 1),
    )
    ResidentialAreaFactory(commune=a1, name="Tổ dân phố số 8")
    for n, role in ((1, "leader"), (2, "deputy"), (3, "member")):
        actions.add_member(
            team,
            by=commune_a1_officer,
            person=person_data(n),
            role=role,
            joined_on=date(2024, 8, 1),
            decision_ref="2",
        )
    actions.set_allowance_rate(
        Unit.objects.get(key=PROVINCE_A),
        by=national_admin,
        role="member",
        amount=3_000_000,
        valid_from=date(2025, 1, 1),
    )
    base = live_server.url
    artifacts = artifacts_dir(request.config.rootpath)
    errors: list[str] = []
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True
    )
    page = watch(context, errors)
    password_login(page, base, commune_a1_officer.username)

    # The commune officer's top page is their commune; drilling opens its teams.
    page.goto(f"{base}/luc-luong/tong-hop/")
    row = page.get_by_test_id(f"row-{COMMUNE_A1}")
    expect(row).to_contain_text("3")
    page.screenshot(path=artifacts / "forces-overview-top.png", full_page=True)
    row.get_by_role("link").click()
    expect(page.get_by_test_id("uncovered")).to_contain_text("Tổ dân phố số 8")
    expect(page.get_by_test_id("overview-table")).to_contain_text("Tổ bảo vệ ANTT số 7")
    for canvas in ("#forces-roles-chart", "#forces-ages-chart"):
        # Chart.js sizes the canvas when it draws; an undrawn canvas keeps the default 300 × 150.
        page.wait_for_function(f"document.querySelector('{canvas}').height > 150")
    page.screenshot(path=artifacts / "forces-overview-commune.png", full_page=True)

    page.goto(f"{base}/luc-luong/{COMMUNE_A1}/ho-tro/?thang={TODAY:%Y-%m}")
    expect(page.get_by_test_id("payments")).to_contain_text("Nguyễn Văn Đức 1")
    expect(page.get_by_test_id("unrated")).to_be_visible()  # leader and deputy have no Hà Nội rate
    page.screenshot(path=artifacts / "forces-allowances.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    sheet = load_workbook(BytesIO(download.value.path().read_bytes())).active
    text = " ".join(str(c) for r in sheet.iter_rows(values_only=True) for c in r if c is not None)
    assert "Nguyễn Văn Đức 3" in text and "3000000" in text.replace(",", "")
    assert errors == []
