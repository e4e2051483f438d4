"""A real Chromium takes one residential area through the year: registration, self-assessment,
review, the recognition decision (and its PDF), and the public list of recognised units.

Run alone with: pytest antq/assessments/tests/test_browser_cycle.py -p no:xdist.
Screenshots go to test-artifacts/cycle-*.png (gitignored).
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from antq.assessments.models import ClassThreshold, CriteriaSet, MovementClass, SubjectType
from antq.assessments.seed import seed_assessments, sheet_code
from antq.testing.browser import artifacts_dir, password_login, watch
from antq.testing.factories import ResidentialAreaFactory
from antq.units.models import Unit
from conftest import COMMUNE_A1

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

# Inside the seeded 2026 cycle's self-assessment phase (01/11 – 30/11) and before the residential
# areas' decision deadline (20/11), so nothing is flagged late.
TODAY = date(2026, 11, 16)
AREA = "Tổ dân phố số 1"
EVIDENCE_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
SCORES = {"KDC510-1": "38", "KDC510-2": "28", "KDC510-3": "27"}  # 93 of 100: Xuất sắc (≥ 90)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    # The live server answers in a thread of this process: the patch applies to its views too.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cycle_ready(db) -> None:
    """The seeded 2026 cycle with class thresholds on the residential-area score sheet, and the area."""
    seed_assessments()
    sheet = CriteriaSet.objects.get(code=sheet_code(SubjectType.RESIDENTIAL_AREA))
    for movement_class, points in (
        (MovementClass.EXCELLENT, 90),
        (MovementClass.GOOD, 70),
        (MovementClass.AVERAGE, 50),
        (MovementClass.WEAK, 0),
    ):
        ClassThreshold.objects.filter(criteria_set=sheet, movement_class=movement_class).update(
            min_points=Decimal(points)
        )
    ResidentialAreaFactory(commune=Unit.objects.get(key=COMMUNE_A1), name=AREA)


def named(text: str) -> re.Pattern[str]:
    """An accessible name that is exactly `text` after a leading icon: Chromium counts the Bootstrap
    Icons glyph (CSS ::before content) in the name of a link or button unless it is aria-hidden."""
    return re.compile(rf"^\W*{re.escape(text)}$")


def pdf_text(content: bytes) -> str:
    """The PDF's text in NFC with runs of whitespace folded to one space."""
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def test_residential_area_from_registration_to_public_recognition(
    live_server, browser: Browser, cycle_ready, commune_a1_officer, request: pytest.FixtureRequest
) -> None:
    base = live_server.url
    artifacts = artifacts_dir(request.config.rootpath)
    errors: list[str] = []
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="vi-VN", accept_downloads=True
    )
    page = watch(context, errors)

    def shot(name: str, on: Page = page) -> None:
        on.screenshot(path=artifacts / f"cycle-{name}.png", full_page=True)

    password_login(page, base, commune_a1_officer.username)

    # The commune's page offers the year's work; it opens the registration board of the open cycle.
    page.goto(f"{base}/don-vi/{COMMUNE_A1}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Phường Ba Đình")
    page.get_by_role("navigation", name="Công tác của xã").get_by_role(
        "link", name="Đăng ký, đánh giá “An toàn về ANTT”"
    ).click()
    expect(page).to_have_url(f"{base}/danh-gia/{COMMUNE_A1}/dang-ky/2026/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Đăng ký phấn đấu đạt “An toàn về ANTT” năm 2026"
    )
    board = page.get_by_test_id("board")
    row = board.locator(".list-group-item", has=page.get_by_text(AREA, exact=True))
    expect(row).to_contain_text("Chưa đăng ký")
    shot("01-board")

    # Register in the first quarter, every household signed.
    row.get_by_role("link", name=named("Đăng ký")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Đăng ký phấn đấu: {AREA}")
    page.get_by_label("Ngày đăng ký").fill("15/03/2026")
    page.get_by_label("Số hộ đang cư trú").fill("120")
    page.get_by_label("Số hộ ký cam kết").fill("120")
    shot("02-register")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    expect(page).to_have_url(f"{base}/danh-gia/{COMMUNE_A1}/dang-ky/2026/")
    expect(page.get_by_text(f"Đã ghi nhận đăng ký của “{AREA}”.")).to_be_visible()
    expect(row).to_contain_text("Đã đăng ký 15/03/2026")
    expect(row.get_by_test_id("households")).to_contain_text("120/120 hộ ký cam kết (100%)")
    expect(row).not_to_contain_text("đăng ký muộn")
    shot("03-registered")

    # Self-assessment: start the file, every TT 124 criterion met, 93 points.
    page.get_by_role("link", name="Tự đánh giá", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tự đánh giá cuối năm 2026")
    page.get_by_test_id("assessments").get_by_role("link", name=re.compile(AREA)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(AREA)
    page.get_by_role("button", name="Bắt đầu tự đánh giá").click()
    standard = page.get_by_test_id("standard")
    criteria = standard.locator("[data-testid^='std-']")
    expect(criteria).to_have_count(5)
    for i in range(criteria.count()):
        criteria.nth(i).get_by_label("Đạt", exact=True).check()
    scores = page.get_by_test_id("scores")
    for code, points in SCORES.items():
        scores.get_by_label(code, exact=True).fill(points)
    shot("04-self-assessment-filled")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text(f"Đã lưu hồ sơ tự đánh giá của “{AREA}”.")).to_be_visible()
    result = page.get_by_test_id("result")
    expect(result).to_contain_text("Đạt")
    expect(page.get_by_test_id("total")).to_have_text(re.compile(r"^93[,.]0/100$"))
    expect(page.get_by_test_id("proposed-class")).to_have_text("Xuất sắc")
    shot("05-self-assessment-saved")
    # Evidence: a PDF on the first criterion through its own upload form (the file input sits in
    # the self-assessment form but belongs to the upload form).
    first = criteria.nth(0)
    first.locator("input[type=file]").set_input_files(
        files=[{"name": "Biên bản họp.pdf", "mimeType": "application/pdf", "buffer": EVIDENCE_PDF}]
    )
    first.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã tải lên tệp minh chứng “Biên bản họp.pdf”.")).to_be_visible()
    expect(criteria.nth(0).get_by_role("link", name="Biên bản họp.pdf")).to_be_visible()
    shot("05b-evidence")
    page.get_by_role("button", name="Gửi hồ sơ").click()
    expect(page.get_by_text(f"Đã gửi hồ sơ tự đánh giá của “{AREA}”.")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi, chờ xét")
    shot("06-submitted")

    # Review: a residential area is reviewed by its commune (the officer reviews the area, not the commune).
    page.get_by_role("navigation", name="Các lĩnh vực").get_by_role(
        "link", name="Đánh giá “An toàn về ANTT”"
    ).click()
    page.get_by_test_id("my-work").get_by_role("link", name="Hồ sơ chờ thẩm định").click()
    expect(page).to_have_url(f"{base}/danh-gia/xet-duyet/2026/")
    expect(page.get_by_test_id("summary")).to_have_text("1 hồ sơ đang chờ bạn thẩm định")
    shot("07-review-queue")
    page.get_by_test_id("queue").get_by_role("link", name=AREA).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(AREA)
    expect(page.get_by_test_id("summary")).to_contain_text("Xuất sắc")
    expect(page.get_by_role("link", name="Biên bản họp.pdf")).to_be_visible()
    shot("08-review")
    page.get_by_label("Ý kiến thẩm định (không bắt buộc)").fill("Hồ sơ đầy đủ.")
    page.get_by_role("button", name=named("Thẩm định")).click()
    expect(page).to_have_url(f"{base}/danh-gia/xet-duyet/2026/")
    expect(page.get_by_text(f"Đã thẩm định hồ sơ “{AREA}”.")).to_be_visible()
    expect(page.get_by_test_id("summary")).to_have_text("0 hồ sơ đang chờ bạn thẩm định")

    # Decide: the commune's People's Committee recognises the area; the number is given per year.
    page.get_by_role("link", name="Ra quyết định công nhận cho các hồ sơ đã thẩm định").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quyết định công nhận năm 2026")
    group = page.get_by_test_id(f"group-{COMMUNE_A1}")
    expect(group).to_contain_text("UBND cấp xã: Phường Ba Đình")
    group.get_by_role("checkbox", name=f"Chọn {AREA}").check()
    group.get_by_label("Ngày ban hành").fill(TODAY.isoformat())
    group.get_by_label("Người ký (có thể để trống)").fill("Trần Văn Ký")
    shot("09-decide")
    # The dossier proposing recognition, downloaded before issuing.
    with page.expect_download() as info:
        group.get_by_role("link", name=named("Tải tờ trình (PDF)")).click()
    dossier = pdf_text(info.value.path().read_bytes())
    for expected in ("TỜ TRÌNH", "Kính gửi: Ủy ban nhân dân Phường Ba Đình.", AREA, "93,0", "Xuất sắc"):
        assert expected in dossier, expected
    group.get_by_role("button", name="Ban hành quyết định").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quyết định số 01/QĐ-UBND")
    expect(page.get_by_text("Đã ban hành Quyết định số 01/QĐ-UBND.")).to_be_visible()
    decided = page.get_by_role("row", name=re.compile(AREA))
    expect(decided).to_contain_text("Được công nhận")
    expect(decided).to_contain_text("Xuất sắc")
    shot("10-decision")

    # The decision's PDF, as the officer downloads it.
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải quyết định (PDF)").click()
    download = info.value
    assert download.suggested_filename == f"quyet-dinh-01-2026-{COMMUNE_A1}.pdf"
    pdf_path = artifacts / "cycle-decision.pdf"
    download.save_as(pdf_path)
    content = pdf_path.read_bytes()
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    for expected in ("Số: 01/QĐ-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "QUYẾT ĐỊNH", AREA):
        assert expected in text, f"{expected!r} not in the decision PDF: {text[:600]!r}"
    context.close()

    # Anyone may see the list of recognised units, without signing in.
    visitor = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    public = watch(visitor, errors)
    public.goto(f"{base}/danh-gia/cong-khai/2026/")
    expect(public).to_have_url(f"{base}/danh-gia/cong-khai/2026/")  # not sent to the login page
    expect(public.get_by_test_id("summary")).to_have_text("1 đơn vị được công nhận")
    listed = public.get_by_test_id("recognised").get_by_role("row", name=re.compile(AREA))
    expect(listed).to_contain_text("Phường Ba Đình")
    expect(listed).to_contain_text("Thành phố Hà Nội")
    expect(listed).to_contain_text("01/QĐ-UBND")
    expect(listed).to_contain_text("Xuất sắc")
    expect(public.get_by_text("Trần Văn Ký")).to_have_count(0)  # nobody's name on the public page
    shot("11-public", public)
    visitor.close()

    assert errors == [], "\n".join(errors)
