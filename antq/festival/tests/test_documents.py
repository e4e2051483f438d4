"""The roll-up report: the PDF (NĐ 30/2020 Mẫu 1.4) and the Excel table carry the same content."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from antq.core.models import AuditEntry
from antq.festival import actions, documents, queries
from antq.festival.tests.helpers import area_event, campaign, unit
from conftest import COMMUNE_A1, COMMUNE_B1, PROVINCE_A

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(BytesIO(content)).pages
    )


@pytest.fixture
def hanoi(province_a_officer, sample_participants):
    """Hà Nội 2026: A1's first area reported (250 people, 3 weapons), its second area not reported."""
    made = campaign(province_a_officer)
    first, second = sample_participants["a1_areas"][:2]
    reported = area_event(made, first, province_a_officer, day=dt.date(2026, 7, 20))
    actions.report_result(
        reported,
        by=province_a_officer,
        reported_on=dt.date(2026, 7, 21),
        counts={"participants": 1250, "weapons_handed_in": 3},
    )
    area_event(made, second, province_a_officer, day=dt.date(2026, 8, 10))
    return made


@pytest.mark.parametrize(
    ("value", "text"), [(0, "0"), (1250, "1.250"), (12_500_000, "12.500.000"), (66.7, "66,7"), (100.0, "100")]
)
def test_numbers_are_written_the_vietnamese_way(value, text):
    assert documents.vn_number(value) == text


@pytest.mark.parametrize(
    ("as_of", "held", "coverage"),
    [(dt.date(2026, 7, 19), 0, 0.0), (dt.date(2026, 7, 31), 1, 50.0), (dt.date(2026, 8, 10), 2, 100.0)],
)
def test_coverage_counts_the_areas_held_by_the_cut_off_day(hanoi, as_of, held, coverage):
    found = queries.rollup(hanoi, unit(COMMUNE_A1), as_of=as_of)
    assert (found.areas_held, found.areas_total, found.coverage) == (held, 2, coverage)


def test_province_report_pdf_has_heading_coverage_sums_units_and_unreported(
    client_for, province_a_officer, hanoi
):
    response = client_for(province_a_officer).get(
        reverse("festival:year_pdf", args=[2026, PROVINCE_A]) + "?den_ngay=31/07/2026"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "/BC-UBND",
        "BÁO CÁO",
        "Kết quả tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026",
        "Tính đến ngày 31/07/2026, 33,3 % khu dân cư (1/3 khu dân cư)",
        "Số người tham dự: 1.250",
        "KẾT QUẢ THEO ĐƠN VỊ",
        "Phường Ba Đình",
        "Tổ dân phố số 2",
        "TM. ỦY BAN NHÂN DÂN",
    ):
        assert expected in text, expected
    assert AuditEntry.objects.filter(action="festival.report.exported", data__year=2026).exists()


def test_the_excel_table_says_what_the_pdf_says(client_for, province_a_officer, hanoi):
    client = client_for(province_a_officer)
    url = reverse("festival:year_xlsx", args=[2026, PROVINCE_A]) + "?den_ngay=31/07/2026"
    book = load_workbook(BytesIO(client.get(url).content))
    assert book.sheetnames == ["Tổng hợp", "Theo xã", "Chưa báo cáo"]
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Tổng số điểm"] == 2 and summary["Khu dân cư đã tổ chức"] == 1
    assert summary["Tổng số khu dân cư"] == 3 and summary["Tỷ lệ khu dân cư đã tổ chức, phần trăm"] == 33.3
    assert summary["Số người tham dự"] == 1250 and summary["Tính đến ngày"] == "31/07/2026"
    below = list(book["Theo xã"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2], r[3], r[4]) for r in below][:2] == [
        ("Phường Ba Đình", 2, 1, 2),
        ("Phường Ngọc Hà", 0, 0, 1),
    ]
    assert [r[1] for r in book["Chưa báo cáo"].iter_rows(min_row=2, values_only=True)] == ["Tổ dân phố số 2"]
    pdf = _text(
        client.get(reverse("festival:year_pdf", args=[2026, PROVINCE_A]) + "?den_ngay=31/07/2026").content
    )
    assert "Phường Ngọc Hà" in pdf and "Tổ dân phố số 2" in pdf


def test_nation_report_is_by_province_and_signed_by_the_configured_body(client_for, national_admin, hanoi):
    text = _text(client_for(national_admin).get(reverse("festival:year_pdf", args=[2026, "VN"])).content)
    assert "BỘ CÔNG AN" in text and "/BC-BCA" in text and "Tỉnh, thành phố" in text
    assert "Thành phố Hà Nội" in text and "KT. BỘ TRƯỞNG" in text


def test_commune_report_has_no_table_below_and_the_campaign_pdf_quotes_the_plan(
    client_for, commune_a1_officer, hanoi
):
    client = client_for(commune_a1_officer)
    text = _text(client.get(reverse("festival:rollup_pdf", args=[hanoi.pk, COMMUNE_A1])).content)
    assert "Kế hoạch số 87/KH-UBND" in text and "KẾT QUẢ THEO ĐƠN VỊ" not in text
    assert "ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH" in text and "Ba Đình, ngày" in text


def test_report_is_scoped_and_a_bad_cut_off_day_is_a_404(
    client_for, commune_b1_officer, province_a_officer, hanoi
):
    assert (
        client_for(commune_b1_officer).get(reverse("festival:year_pdf", args=[2026, COMMUNE_A1])).status_code
        == 404
    )
    assert (
        client_for(commune_b1_officer).get(reverse("festival:year_pdf", args=[2026, COMMUNE_B1])).status_code
        == 200
    )
    bad = reverse("festival:year_pdf", args=[2026, PROVINCE_A]) + "?den_ngay=31-07-2026"
    assert client_for(province_a_officer).get(bad).status_code == 404
