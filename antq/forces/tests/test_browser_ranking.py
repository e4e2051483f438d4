"""A real Chromium on a phone-sized screen ranks a team and its members, meets the leader rule, records
the chairperson's decision and downloads the ranking list as PDF.

Run alone with: pytest antq/forces/tests/test_browser_ranking.py -p no:xdist.
Screenshots go to test-artifacts/ranking-*.png (gitignored).
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from antq.forces import actions
from antq.forces.ranking_seed import seed_ranking
from antq.forces.tests.helpers import person_data
from antq.testing.browser import artifacts_dir, password_login, watch
from antq.testing.factories import ResidentialAreaFactory
from antq.units.models import Unit
from conftest import COMMUNE_A1

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

TODAY = date(2026, 11, 23)
TEAM = "Tổ bảo vệ ANTT Tổ dân phố số 1"
GOOD = "Hoàn thành tốt nhiệm vụ"
EXCELLENT = "Hoàn thành xuất sắc nhiệm vụ"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def team(db, commune_a1_officer):
    seed_ranking()
    commune = Unit.objects.get(key=COMMUNE_A1)
    area = ResidentialAreaFactory(commune=commune, name="Tổ dân phố số 1")
    team = actions.establish_team(
        commune,
        by=commune_a1_officer,
        residential_area=area,
        name=TEAM,
        decision_number="15/QĐ-UBND",
        established_on=date(2024, 7, 1),
    )
    for n, role in ((1, "leader"), (2, "deputy"), (3, "member")):
        actions.add_member(
            team,
            by=commune_a1_officer,
            person=person_data(n, full_name=f"Nguyễn Văn Đức {n}"),
            role=role,
            joined_on=date(2024, 8, 1),
            decision_ref="20/QĐ-UBND",
        )
    return team


def test_rank_a_team_and_record_the_decision_on_a_phone(
    live_server, browser: Browser, team, commune_a1_officer, request: pytest.FixtureRequest
) -> None:
    base = live_server.url
    artifacts = artifacts_dir(request.config.rootpath)
    errors: list[str] = []
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="vi-VN", accept_downloads=True
    )
    page = watch(context, errors)

    def shot(name: str, on: Page = page) -> None:
        on.screenshot(path=artifacts / f"ranking-{name}.png", full_page=True)

    password_login(page, base, commune_a1_officer.username)
    page.goto(f"{base}/luc-luong/{COMMUNE_A1}/")
    page.get_by_role("link", name=re.compile("Xếp loại năm 2026")).click()
    expect(page).to_have_url(f"{base}/luc-luong/{COMMUNE_A1}/xep-loai/2026/")
    violations = page.get_by_test_id("violations")
    expect(violations).to_contain_text("4 vi phạm")
    expect(page.get_by_role("button", name="Ghi nhận quyết định")).to_be_disabled()
    shot("01-empty")

    card = page.get_by_test_id(f"team-{team.pk}")
    card.get_by_label("Mức xếp loại của tổ").select_option(label=GOOD)
    card.get_by_label("Mức xếp loại Nguyễn Văn Đức 1").select_option(label=EXCELLENT)  # the leader
    card.get_by_label("Mức xếp loại Nguyễn Văn Đức 2").select_option(label=GOOD)
    card.get_by_label("Mức xếp loại Nguyễn Văn Đức 3").select_option(label=GOOD)
    page.get_by_role("button", name="Lưu đề xuất trang này").click()
    expect(page.get_by_text("Đã lưu đề xuất xếp loại.")).to_be_visible()
    # The leader above the team, and 1 excellent member for 2 good ones (20 % of 2 floors to 0).
    expect(violations.locator("[data-code='leader_above_team']")).to_contain_text("Nguyễn Văn Đức 1")
    expect(violations.locator("[data-code='member_excellent_cap']")).to_be_visible()
    shot("02-violations")

    card.get_by_label("Mức xếp loại Nguyễn Văn Đức 1").select_option(label=GOOD)
    page.get_by_role("button", name="Lưu đề xuất trang này").click()
    expect(violations).to_contain_text("Không có vi phạm.")

    form = page.get_by_test_id("decision-form")
    form.get_by_label("Số quyết định").fill("45")
    form.get_by_label("Ngày quyết định").fill("20/11/2026")
    form.get_by_label("Người ký (Chủ tịch UBND)").fill("Lê Văn Chủ")
    shot("03-decision-form")
    form.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page.get_by_test_id("decided")).to_contain_text("Quyết định số 45/QĐ-UBND ngày 20/11/2026")
    expect(page.get_by_role("button", name="Lưu đề xuất trang này")).to_have_count(0)
    shot("04-decided")

    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Tải danh sách \\(PDF\\)")).click()
    path = artifacts / "ranking-list.pdf"
    info.value.save_as(path)
    content = path.read_bytes()
    text = re.sub(
        r"\s+",
        " ",
        unicodedata.normalize(
            "NFC", "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(content)).pages)
        ),
    )
    for expected in (
        "Số: 45/QĐ-UBND",
        "QUYẾT ĐỊNH",
        TEAM,
        "Nguyễn Văn Đức 1",
        "Kèm theo Quyết định số 45/QĐ-UBND",
    ):
        assert expected in text, expected
    assert errors == []
    context.close()
