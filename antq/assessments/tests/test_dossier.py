"""The dossier sent to the deciding body: tờ trình (PDF) with its annex list, and the score list (Excel)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from antq.assessments import doc_format, documents
from antq.assessments.dossier import dossier_for
from antq.assessments.models import Assessment, Cycle, Score, Subject
from antq.assessments.seed import seed_assessments
from antq.assessments.subjects import sync_subjects
from antq.core.models import AuditEntry
from antq.testing.factories import ResidentialAreaFactory
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def cycle(db):
    seed_assessments()
    return Cycle.objects.get(year=2026)


@pytest.fixture
def subjects(sample_participants):
    sync_subjects(list(Unit.objects.filter(key__in=[COMMUNE_A1, COMMUNE_A2, COMMUNE_B1])))
    return {
        "a1_area": Subject.objects.get(residential_area=sample_participants["a1_areas"][0]),
        "a1_area2": Subject.objects.get(residential_area=sample_participants["a1_areas"][1]),
        "a1_school": Subject.objects.get(organisation=sample_participants["a1_school"]),
        "a1_commune": Subject.objects.get(unit__key=COMMUNE_A1),
        "a2_commune": Subject.objects.get(unit__key=COMMUNE_A2),
        "b1_area": Subject.objects.get(residential_area=sample_participants["b1_area"]),
    }


def approved(cycle, subject, *, met=True, points="92.5", klass="excellent", status="approved"):
    return Assessment.objects.create(
        cycle=cycle,
        subject=subject,
        status=status,
        standard_met=met,
        total_points=Decimal(points),
        proposed_class=klass,
    )


@pytest.fixture
def a1(cycle, subjects):
    return [
        approved(cycle, subjects["a1_area"]),
        approved(cycle, subjects["a1_area2"], met=False, points="61", klass="average"),
        approved(cycle, subjects["a1_school"], points="85", klass="good"),
        # Not part of the dossier: still awaiting review, or already decided.
        approved(cycle, subjects["a1_commune"], status="submitted"),
    ]


def test_police_names_and_symbols():
    assert doc_format.police_name("Phường Ba Đình") == "Công an phường Ba Đình"
    assert doc_format.police_name("Xã Đông Thọ") == "Công an xã Đông Thọ"
    assert doc_format.police_name("Thành phố Hà Nội") == "Công an thành phố Hà Nội"
    assert [doc_format.police_symbol(n) for n in ("Phường A", "Xã B", "Đặc khu C", "Tỉnh D")] == [
        "CAP",
        "CAX",
        "CAX",
        "CAT",
    ]


def test_dossier_holds_the_approved_files_of_one_deciding_unit(a1, subjects, cycle, commune_a1_officer):
    unit = Unit.objects.get(key=COMMUNE_A1)
    found = dossier_for(commune_a1_officer, cycle, unit)
    assert found is not None
    # Residential areas first, then organisations; names read naturally.
    assert [a.pk for a in found.assessments] == [a1[0].pk, a1[1].pk, a1[2].pk]
    assert found.decider_name == "Ủy ban nhân dân Phường Ba Đình"
    assert found.symbol == "TTr-CAP"
    assert {a.pk for a in found.proposed} == {a1[0].pk, a1[2].pk}
    # The province decides communes: its dossier holds the A1 commune once approved, not A1's areas.
    Assessment.objects.filter(pk=a1[3].pk).update(status="approved")
    province = dossier_for(
        commune_a1_officer, cycle, Unit.objects.get(key=PROVINCE_A)
    )  # a commune officer is not the province
    assert province is None


def test_dossier_pdf_has_the_submission_elements_and_the_annex(a1, commune_a1_officer, cycle, tmp_path):
    found = dossier_for(commune_a1_officer, cycle, Unit.objects.get(key=COMMUNE_A1))
    data = documents.dossier_pdf(found, TODAY)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2  # the annex starts on its own page
    first, annex = (page.extract_text() for page in reader.pages)
    for expected in (
        "CÔNG AN THÀNH PHỐ HÀ NỘI",
        "CÔNG AN PHƯỜNG BA ĐÌNH",
        "/TTr-CAP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Ba Đình, ngày 24 tháng 11 năm 2026",
        "TỜ TRÌNH",
        "Kính gửi: Ủy ban nhân dân Phường Ba Đình.",
        "Tổng số hồ sơ đã thẩm định: 3 hồ sơ",
        "đạt tiêu chuẩn “An toàn về an ninh, trật tự”: 2 đơn vị",
        "không đạt tiêu chuẩn: 1 đơn vị",
        "Xuất sắc: 1 đơn vị; Khá: 1 đơn vị; Trung bình: 1 đơn vị",
        "ban hành quyết định công nhận 2 đơn vị",
        "TRƯỞNG CÔNG AN",
    ):
        assert expected in " ".join(first.split()), expected
    assert "DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN" in annex
    assert "Kèm theo Tờ trình số" in " ".join(annex.split())
    for name in ("Tổ dân phố số 1", "Tổ dân phố số 2", "Trường"):
        assert name in annex
    assert "92,5" in annex and "61,0" in annex and "85,0" in annex
    assert "Không đạt" in annex and "Xuất sắc" in annex and "Trung bình" in annex


def test_dossier_xlsx_lists_points_per_criterion(a1, commune_a1_officer, cycle):
    rule_sheet = a1[0].cycle.rules.get(subject_type="residential_area").score_sheet
    criterion = rule_sheet.criteria.filter(children__isnull=True).first()
    Score.objects.create(assessment=a1[0], criterion=criterion, points=Decimal("7.5"))
    found = dossier_for(commune_a1_officer, cycle, Unit.objects.get(key=COMMUNE_A1))
    book = load_workbook(io.BytesIO(documents.dossier_xlsx(found)))
    assert set(book.sheetnames) == {"Khu dân cư", "Cơ sở giáo dục"}
    sheet = book["Khu dân cư"]
    assert "Tờ trình của Công an phường Ba Đình" in sheet["A1"].value
    header = [c.value for c in sheet[3]]
    assert header[:3] == ["STT", "Tên đơn vị", "Xã, phường"]
    assert header[-3:] == ["Tổng điểm", "Đạt tiêu chuẩn", "Mức đề xuất"]
    rows = {r[1]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    area = rows[a1[0].subject.name]
    assert area[header.index(next(h for h in header if h.startswith(criterion.code + " ")))] == 7.5
    assert area[-3:] == (92.5, "Đạt", "Xuất sắc")
    assert rows[a1[1].subject.name][-3:] == (61.0, "Không đạt", "Trung bình")


def test_province_dossier_lists_communes_by_their_kind(a1, subjects, cycle, province_a_officer):
    Assessment.objects.filter(pk=a1[3].pk).update(status="approved")
    approved(cycle, subjects["a2_commune"], points="78.5", klass="good")
    found = dossier_for(province_a_officer, cycle, Unit.objects.get(key=PROVINCE_A))
    assert [a.subject.name for a in found.assessments] == ["Phường Ba Đình", "Phường Ngọc Hà"]
    reader = PdfReader(io.BytesIO(documents.dossier_pdf(found, TODAY)))
    first, annex = (" ".join(page.extract_text().split()) for page in reader.pages)
    assert "BỘ CÔNG AN" in first and "CÔNG AN THÀNH PHỐ HÀ NỘI" in first and "/TTr-CAT" in first
    assert "Kính gửi: Ủy ban nhân dân Thành phố Hà Nội." in first and "GIÁM ĐỐC" in first
    assert "không đạt tiêu chuẩn" not in first  # no "0 đơn vị" line
    assert "Phường Ba Đình Phường 92,5 Đạt Xuất sắc" in annex
    assert "Phường Ngọc Hà Phường 78,5 Đạt Khá" in annex


def test_downloads_are_scoped_and_audited(a1, client_for, personas):
    pdf = reverse("assessments:dossier_pdf", args=[2026, COMMUNE_A1])
    xlsx = reverse("assessments:dossier_xlsx", args=[2026, COMMUNE_A1])
    for url in (pdf, xlsx):
        for persona in ("commune_a1_officer", "province_a_officer", "national_admin"):
            response = client_for(personas[persona]).get(url)
            assert response.status_code == 200, (persona, url)
            assert response["Content-Disposition"].startswith("attachment;")
        for persona in ("commune_b1_officer", "steering_a1_member"):
            assert client_for(personas[persona]).get(url).status_code == 404, (persona, url)
    entries = AuditEntry.objects.filter(action="assessments.dossier.exported")
    assert entries.count() == 6
    assert sorted(entries.first().data["assessments"]) == sorted(a.pk for a in a1[:3])
    # A commune officer does not prepare the province's dossier; another province's commune is unseen.
    assert (
        client_for(personas["commune_a1_officer"])
        .get(reverse("assessments:dossier_pdf", args=[2026, PROVINCE_A]))
        .status_code
        == 404
    )
    assert (
        client_for(personas["province_a_officer"])
        .get(reverse("assessments:dossier_pdf", args=[2026, COMMUNE_B1]))
        .status_code
        == 404
    )


def test_nothing_awaiting_a_decision_sends_back_with_a_message(cycle, subjects, client_for, personas):
    url = reverse("assessments:dossier_pdf", args=[2026, COMMUNE_A1])
    response = client_for(personas["commune_a1_officer"]).get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("assessments:decision_create", args=[2026])
    assert "không có hồ sơ đã thẩm định nào chờ quyết định" in response.content.decode()


def test_the_decision_page_offers_the_dossier(a1, client_for, commune_a1_officer):
    body = client_for(commune_a1_officer).get(reverse("assessments:decision_create", args=[2026])).content
    assert reverse("assessments:dossier_pdf", args=[2026, COMMUNE_A1]).encode() in body
    assert reverse("assessments:dossier_xlsx", args=[2026, COMMUNE_A1]).encode() in body


def test_dossier_runs_a_constant_number_of_queries(a1, cycle, subjects, client_for, commune_a1_officer):
    client = client_for(commune_a1_officer)
    url = reverse("assessments:dossier_xlsx", args=[2026, COMMUNE_A1])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    commune = Unit.objects.get(key=COMMUNE_A1)
    for area in ResidentialAreaFactory.create_batch(6, commune=commune):
        sync_subjects([commune])
        approved(cycle, Subject.objects.get(residential_area=area), points="80", klass="good")
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before)
    found = dossier_for(commune_a1_officer, cycle, commune)
    assert len(found.assessments) == 9
