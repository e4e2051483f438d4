"""A real Chromium takes a commune's roster from an Excel file to a recorded ranking decision: the
officer of Phường Ba Đình uploads the team's members, watches the background dry run and commit
through the progress polling, then ranks them, records the decision and downloads the PDF list.

Run alone with: pytest antq/forces/tests/test_browser_roster_to_ranking.py -p no:xdist.
Screenshots go to test-artifacts/roster-to-ranking-*.png (gitignored).
"""

from __future__ import annotations

import io
import os
import re
import time
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook
from playwright.sync_api import Browser, Page, Route, expect
from pypdf import PdfReader

from antq.forces import actions, roster_imports
from antq.forces.models import Membership, RosterImport
from antq.forces.ranking_seed import seed_ranking
from antq.testing.browser import artifacts_dir, password_login, watch
from antq.testing.factories import ResidentialAreaFactory
from antq.units.imports import XLSX_CONTENT_TYPE
from antq.units.models import Unit
from conftest import COMMUNE_A1

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

TODAY = date(2026, 11, 23)
TEAM = "Tổ bảo vệ ANTT Tổ dân phố số 3"
GOOD = "Hoàn thành tốt nhiệm vụ"
# (name, role in the file, citizen ID). All joined on 01/03/2025: well over the 9 months the 2026
# period asks for. One name arrives decomposed (NFD), as files typed on macOS do; the import must
# store it composed so that the PDF and the search show the same letters as the others.
MEMBERS = (
    ("Nguyễn Thị Hằng", "Tổ trưởng", "001185000101"),
    ("Trần Đức Thắng", "Tổ phó", "001085000102"),
    ("Lê Thị Ngọc Ánh", "Tổ viên", "001190000103"),
    ("Phạm Quốc Việt", "Tổ viên", "001092000104"),
)
NFD_NAME = "Lê Thị Ngọc Ánh"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def roster_file() -> bytes:
    """The team's members in the import format (sheet “Danh sách”, the template's headers)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = roster_imports.SHEET
    ws.append(list(roster_imports.HEADERS))
    for n, (name, role, citizen_id) in enumerate(MEMBERS):
        values: dict[str, Any] = {
            "Mã xã": "",
            "Tổ": TEAM,
            "Họ và tên": unicodedata.normalize("NFD", name) if name == NFD_NAME else name,
            "Ngày sinh": f"0{n + 1}/05/198{n + 2}",
            "Giới tính": "Nữ" if "Thị" in name else "Nam",
            "Số định danh cá nhân": citizen_id,
            "Số điện thoại": f"091234567{n}",
            "Hình thức cư trú": "Thường trú",
            "Cư trú từ ngày": "01/01/2000",
            "Trình độ học vấn": "Tốt nghiệp trung học phổ thông",
            "Ngày giấy chứng nhận sức khỏe": "10/01/2026",
            "Thẩm tra lý lịch": "Đạt",
            "Đã từng phục vụ": "",
            "Chức danh": role,
            "Ngày công nhận": "01/03/2025",
            "Số quyết định công nhận": "12/QĐ-UBND",
            "Số quyết định cho phép trên 70 tuổi": "",
        }
        assert list(values) == list(roster_imports.COLUMNS)
        ws.append(list(values.values()))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture(autouse=True)
def _staging(settings, tmp_path: Path) -> None:
    settings.ANTQ_IMPORT_STAGING_DIR = tmp_path / "staging"


@pytest.fixture
def team(db, commune_a1_officer):
    seed_ranking()
    commune = Unit.objects.get(key=COMMUNE_A1)
    return actions.establish_team(
        commune,
        by=commune_a1_officer,
        residential_area=ResidentialAreaFactory(commune=commune, name="Tổ dân phố số 3"),
        name=TEAM,
        decision_number="15/QĐ-UBND",
        established_on=date(2024, 7, 1),
    )


def run_worker() -> None:
    """What `manage.py db_worker` does in production, once over the queue, in the test's thread.

    The job is NOT run through the immediate backend: the upload and the confirmation must really
    enqueue (on commit) into the django-tasks database queue, and the worker's own entry point must
    claim the task and run `tasks.run_roster_import` → `roster_imports.run_job`, as in production.
    """
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_import_a_roster_rank_it_and_download_the_decision(
    live_server, browser: Browser, team, commune_a1_officer, request: pytest.FixtureRequest
) -> None:
    base = live_server.url
    artifacts = artifacts_dir(request.config.rootpath)
    errors: list[str] = []
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="vi-VN", accept_downloads=True
    )
    page = watch(context, errors)

    def shot(name: str, on: Page = page) -> None:
        on.screenshot(path=artifacts / f"roster-to-ranking-{name}.png", full_page=True)

    # The progress polls are counted on their way through (the sync API dispatches route handlers
    # while the test thread is inside a Playwright call): the count proves the page learned of the end
    # by polling, not by being reloaded.
    polls: list[str] = []

    def let_poll_through(route: Route) -> None:
        polls.append(route.request.url)
        route.continue_()

    page.route(re.compile(r"/nhap-excel/\d+/tien-do/$"), let_poll_through)

    def wait_for_a_poll(state: str) -> None:
        """Until the page's own poll has returned `state` (the server is idle afterwards)."""
        deadline = time.monotonic() + 15
        while True:
            with page.expect_response(lambda r: "/tien-do/" in r.url) as info:
                pass
            if info.value.json()["status"] == state:
                return
            assert time.monotonic() < deadline, f"the page never polled the state {state}"

    password_login(page, base, commune_a1_officer.username)
    page.goto(f"{base}/luc-luong/{COMMUNE_A1}/")
    shot("01-roster-empty")
    page.get_by_role("link", name="Nhập từ Excel").click()
    expect(page).to_have_url(f"{base}/luc-luong/{COMMUNE_A1}/nhap-excel/")
    expect(
        page.get_by_role("heading", name=re.compile("Nhập danh sách tổ bảo vệ ANTT của Phường Ba Đình"))
    ).to_be_visible()
    expect(page.get_by_test_id("jobs")).to_contain_text("Chưa có lần nhập nào.")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(
        {"name": "danh-sach-to-3.xlsx", "mimeType": XLSX_CONTENT_TYPE, "buffer": roster_file()}
    )
    shot("02-upload")
    page.get_by_role("button", name="Kiểm tra tệp").click()

    # The dry run is queued, not run by the request: the page waits and polls.
    progress = page.get_by_test_id("progress")
    expect(progress).to_contain_text("Đang chờ xử lý", timeout=15_000)
    wait_for_a_poll("queued")
    job = RosterImport.objects.get()
    assert (job.status, job.phase) == (RosterImport.Status.QUEUED, RosterImport.Phase.CHECK)
    expect(page).to_have_url(f"{base}/luc-luong/{COMMUNE_A1}/nhap-excel/{job.pk}/")
    shot("03-queued")
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    run_worker()
    before = len(polls)

    # The next poll sees the end and the script reloads the page on the preview.
    status = page.get_by_test_id("status")
    expect(status).to_contain_text("Đã kiểm tra, chờ xác nhận", timeout=20_000)
    assert len(polls) > before
    expect(page).to_have_url(f"{base}/luc-luong/{COMMUNE_A1}/nhap-excel/{job.pk}/")
    counts = page.get_by_test_id("counts")
    expect(counts).to_contain_text("Số dòng dữ liệu4")
    expect(counts).to_contain_text("Số dòng lỗi0")
    expect(page.get_by_test_id("errors")).to_have_count(0)
    assert not Membership.objects.exists()  # the dry run wrote nothing
    shot("04-dry-run")

    page.get_by_role("button", name="Xác nhận nhập 4 dòng").click()
    expect(progress).to_contain_text("Đang chờ xử lý", timeout=15_000)
    expect(page.get_by_text("Ghi dữ liệu")).to_be_visible()
    wait_for_a_poll("queued")
    run_worker()
    expect(status).to_contain_text("Đã nhập xong", timeout=20_000)
    expect(status).to_contain_text("Đã ghi 4 thành viên.")
    expect(counts).to_contain_text("4 hồ sơ mới, 0 hồ sơ đã có")
    shot("05-done")
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert DBTaskResult.objects.count() == 2
    assert sorted(Membership.objects.filter(team=team).values_list("person__full_name", flat=True)) == sorted(
        nfc(name) for name, _role, _cid in MEMBERS
    )

    # The roster shows the imported team; from there the year's ranking.
    page.get_by_role("link", name="Xem các tổ của xã").click()
    expect(page).to_have_url(f"{base}/luc-luong/{COMMUNE_A1}/")
    expect(page.get_by_text(TEAM).first).to_be_visible()
    shot("06-roster")
    page.get_by_role("link", name=re.compile("Xếp loại năm 2026")).click()
    expect(page).to_have_url(f"{base}/luc-luong/{COMMUNE_A1}/xep-loai/2026/")
    violations = page.get_by_test_id("violations")
    expect(violations).to_contain_text("5 vi phạm")  # the team and its 4 members, unranked
    shot("07-ranking-empty")

    card = page.get_by_test_id(f"team-{team.pk}")
    card.get_by_label("Mức xếp loại của tổ").select_option(label=GOOD)
    for name, _role, _cid in MEMBERS:
        card.get_by_label(f"Mức xếp loại {nfc(name)}").select_option(label=GOOD)
    page.get_by_role("button", name="Lưu đề xuất trang này").click()
    expect(page.get_by_text("Đã lưu đề xuất xếp loại.")).to_be_visible()
    expect(violations).to_contain_text("Không có vi phạm.")

    form = page.get_by_test_id("decision-form")
    form.get_by_label("Số quyết định").fill("87")
    form.get_by_label("Ngày quyết định").fill("20/11/2026")
    form.get_by_label("Người ký (Chủ tịch UBND)").fill("Đặng Thị Hương")
    shot("08-decision-form")
    form.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page.get_by_test_id("decided")).to_contain_text("Quyết định số 87/QĐ-UBND ngày 20/11/2026")
    shot("09-decided")

    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Tải danh sách \\(PDF\\)")).click()
    path = artifacts / "roster-to-ranking.pdf"
    info.value.save_as(path)
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    text = re.sub(r"\s+", " ", nfc("\n".join(p.extract_text() or "" for p in reader.pages)))
    for expected in (
        "Số: 87/QĐ-UBND",
        "Kèm theo Quyết định số 87/QĐ-UBND",
        TEAM,
        *(n for n, _r, _c in MEMBERS),
    ):
        assert nfc(expected) in text, expected
    assert errors == []
    context.close()
