"""Recognition decisions: decide() refusals and numbering, PDF/Excel documents, pages, the public list."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from antq.assessments import actions, doc_format, documents
from antq.assessments.models import Assessment, Cycle, Decision, Subject
from antq.assessments.seed import seed_assessments
from antq.assessments.subjects import sync_subjects
from antq.core.errors import DomainError
from antq.core.models import AuditEntry, Notification
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A

pytestmark = pytest.mark.django_db


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
        "a2_area": Subject.objects.get(residential_area=sample_participants["a2_area"]),
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
    ]


DAY = date(2026, 11, 24)


# --- decide() ------------------------------------------------------------------------------------


def test_decide_sets_status_recognition_class_and_numbers(a1, commune_a1_officer):
    decision = actions.decide(a1, by=commune_a1_officer, issued_on=DAY, signer_name="Nguyễn Văn An")
    assert decision.issuer.key == COMMUNE_A1
    assert (decision.number, decision.symbol, decision.year) == (1, "QĐ-UBND", 2026)
    assert decision.display_number == "01/QĐ-UBND"
    assert decision.place == "Ba Đình"
    assert decision.issuer_name == "Ủy ban nhân dân Phường Ba Đình"
    assert "khu dân cư, cơ sở giáo dục" in decision.subject_line
    rows = {a.subject.name: a for a in Assessment.objects.filter(decision=decision).select_related("subject")}
    assert all(a.status == "decided" and a.decided_at for a in rows.values())
    assert rows["Tổ dân phố số 1"].recognised is True
    assert rows["Tổ dân phố số 1"].decided_class == "excellent"
    assert rows["Tổ dân phố số 2"].recognised is False
    assert rows["Trường THCS Phan Chu Trinh"].decided_class == "good"
    assert AuditEntry.objects.filter(action="assessments.decision.issued").count() == 1
    assert AuditEntry.objects.filter(action="assessments.assessment.decided").count() == 3
    assert Notification.objects.filter(recipient=commune_a1_officer, message__contains="01/QĐ-UBND").exists()


def test_numbering_runs_per_issuer_and_year(cycle, subjects, national_admin):
    first = actions.decide([approved(cycle, subjects["a1_area"])], by=national_admin, issued_on=DAY)
    second = actions.decide([approved(cycle, subjects["a1_area2"])], by=national_admin, issued_on=DAY)
    other = actions.decide([approved(cycle, subjects["a2_area"])], by=national_admin, issued_on=DAY)
    next_year = actions.decide(
        [approved(cycle, subjects["a1_school"])], by=national_admin, issued_on=date(2027, 1, 5)
    )
    assert (first.number, second.number) == (1, 2)
    assert other.number == 1 and other.issuer.key == COMMUNE_A2
    assert next_year.number == 1 and next_year.year == 2027


def test_the_province_decides_communes(cycle, subjects, province_a_officer, commune_a1_officer):
    communes = [approved(cycle, subjects["a1_commune"]), approved(cycle, subjects["a2_commune"])]
    with pytest.raises(DomainError):
        actions.decide(communes[:1], by=commune_a1_officer, issued_on=DAY)
    decision = actions.decide(communes, by=province_a_officer, issued_on=DAY)
    assert decision.issuer.key == PROVINCE_A
    assert decision.place == "Hà Nội"
    assert decision.issuer_name == "Ủy ban nhân dân Thành phố Hà Nội"


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("not_approved", "chưa được thẩm định"),
        ("mixed_deciders", "cùng một cấp, một đơn vị"),
        ("mixed_communes", "cùng một cấp, một đơn vị"),
        ("empty", "Chưa chọn"),
    ],
)
def test_decide_refusals_change_nothing(case, message, cycle, subjects, national_admin):
    area = approved(cycle, subjects["a1_area"])
    other = {
        "not_approved": lambda: approved(cycle, subjects["a1_area2"], status="submitted"),
        "mixed_deciders": lambda: approved(cycle, subjects["a1_commune"]),
        "mixed_communes": lambda: approved(cycle, subjects["a2_area"]),
        "empty": lambda: None,
    }[case]()
    selection = [] if case == "empty" else [area, other]
    with pytest.raises(DomainError, match=message):
        actions.decide(selection, by=national_admin, issued_on=DAY)
    assert not Decision.objects.exists()
    assert not Assessment.objects.filter(status="decided").exists()


def test_decide_refuses_what_is_already_decided(a1, national_admin):
    actions.decide(a1[:1], by=national_admin, issued_on=DAY)
    with pytest.raises(DomainError, match="đã có quyết định"):
        actions.decide(a1, by=national_admin, issued_on=DAY)
    assert Decision.objects.count() == 1
    assert Assessment.objects.filter(status="decided").count() == 1


def test_decide_refuses_users_without_a_role_on_the_deciding_unit(a1, commune_b1_officer, steering_a1_member):
    with pytest.raises(DomainError, match="phạm vi"):
        actions.decide(a1, by=commune_b1_officer, issued_on=DAY)
    with pytest.raises(DomainError, match="không có quyền"):
        actions.decide(a1, by=steering_a1_member, issued_on=DAY)
    assert not Decision.objects.exists()


# --- documents -----------------------------------------------------------------------------------


def test_date_line_and_place_rules():
    assert doc_format.date_line("Ba Đình", date(2026, 11, 24)) == "Ba Đình, ngày 24 tháng 11 năm 2026"
    assert doc_format.date_line("Hà Nội", date(2026, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2026"
    assert doc_format.date_line("Hà Nội", date(2026, 3, 5)) == "Hà Nội, ngày 05 tháng 3 năm 2026"
    assert doc_format.place_name("Thành phố Hồ Chí Minh") == "Hồ Chí Minh"
    assert doc_format.place_name("Tỉnh Lào Cai") == "Lào Cai"
    assert doc_format.place_name("Đặc khu Phú Quốc") == "Phú Quốc"
    assert doc_format.upper_vi("Ủy ban nhân dân Phường Ba Đình") == "ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH"


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_decision_pdf_has_the_nd30_elements(a1, commune_a1_officer, tmp_path):
    decision = actions.decide(a1, by=commune_a1_officer, issued_on=DAY, signer_name="Nguyễn Văn An")
    data = documents.decision_pdf(decision)
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    for expected in (
        "Số: 01/QĐ-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "QUYẾT ĐỊNH",
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG BA ĐÌNH",
        "Ba Đình, ngày 24 tháng 11 năm 2026",
        "Tổ dân phố số 1",
        "Trường THCS Phan Chu Trinh",
        "124/2021/TT-BCA",
        "48/2025/TT-BCA",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "Nguyễn Văn An",
    ):
        assert expected in text, expected
    assert "Tổ dân phố số 2" not in text  # not recognised: not in the list of Điều 1
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842
    if shutil.which("pdftoppm"):
        pdf = tmp_path / "decision.pdf"
        pdf.write_bytes(data)
        # Kept as a test artefact so a person can look at the page (test-artifacts/ is gitignored).
        artifacts = Path(__file__).resolve().parents[3] / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                pdf,
                artifacts / "decision-page1",
            ],
            check=True,
        )
        assert (artifacts / "decision-page1.png").stat().st_size > 10_000


def test_certificate_and_score_sheet(a1, commune_a1_officer):
    decision = actions.decide(a1, by=commune_a1_officer, issued_on=DAY)
    area = Assessment.objects.get(pk=a1[0].pk)
    text = _pdf_text(documents.certificate_pdf(area))
    for expected in ("GIẤY CÔNG NHẬN", "TỔ DÂN PHỐ SỐ 1", "An toàn về an ninh, trật tự", "01/QĐ-UBND"):
        assert expected in text, expected
    workbook = load_workbook(io.BytesIO(documents.score_sheet_xlsx(decision)))
    values = [c for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert "Tổ dân phố số 1" in values and "Trường THCS Phan Chu Trinh" in values
    assert 92.5 in values and "Xuất sắc" in values


# --- pages ---------------------------------------------------------------------------------------


def test_decide_page_lists_and_creates(a1, subjects, client_for, commune_a1_officer, commune_b1_officer):
    url = reverse("assessments:decision_create", kwargs={"year": 2026})
    page = client_for(commune_a1_officer).get(url)
    assert page.status_code == 200 and "Tổ dân phố số 1" in page.content.decode()
    assert "Tổ dân phố số 1" not in client_for(commune_b1_officer).get(url).content.decode()
    response = client_for(commune_a1_officer).post(
        url, {"ids": [a.pk for a in a1], "issued_on": "2026-11-24", "signer_name": "Nguyễn Văn An"}
    )
    decision = Decision.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "assessments:decision", kwargs={"year": 2026, "pk": decision.pk}
    )
    # Someone outside the scope cannot decide by posting ids either.
    other = approved(a1[0].cycle, subjects["a2_area"])
    client_for(commune_b1_officer).post(url, {"ids": [other.pk], "issued_on": "2026-11-24"})
    assert Decision.objects.count() == 1


def test_downloads_are_scoped_and_audited(a1, client_for, commune_a1_officer, commune_b1_officer):
    decision = actions.decide(a1, by=commune_a1_officer, issued_on=DAY)
    kw = {"year": 2026, "pk": decision.pk}
    urls = [
        reverse("assessments:decision", kwargs=kw),
        reverse("assessments:decision_pdf", kwargs=kw),
        reverse("assessments:decision_xlsx", kwargs=kw),
        reverse("assessments:certificate_pdf", kwargs={"year": 2026, "pk": a1[0].pk}),
    ]
    for url in urls:
        assert client_for(commune_a1_officer).get(url).status_code == 200, url
        assert client_for(commune_b1_officer).get(url).status_code == 404, url
    pdf = client_for(commune_a1_officer).get(urls[1])
    assert pdf["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(action="assessments.decision.exported").count() == 3
    assert AuditEntry.objects.filter(action="assessments.certificate.exported").count() == 1
    # Not recognised: no certificate.
    url = reverse("assessments:certificate_pdf", kwargs={"year": 2026, "pk": a1[1].pk})
    assert client_for(commune_a1_officer).get(url).status_code == 404


def test_public_page_lists_recognised_units_only(a1, cycle, subjects, client, national_admin):
    approved(cycle, subjects["b1_area"], met=True)  # approved but not decided: not public
    actions.decide(a1, by=national_admin, issued_on=DAY, signer_name="Nguyễn Văn An")
    url = reverse("assessments:public_recognised", kwargs={"year": 2026})
    body = client.get(url).content.decode()
    assert "Tổ dân phố số 1" in body and "Trường THCS Phan Chu Trinh" in body
    assert "01/QĐ-UBND" in body
    assert "Tổ dân phố số 2" not in body  # decided, not recognised
    assert "Khu phố Bến Thành 1" not in body
    assert "Nguyễn Văn An" not in body  # no personal data
    assert "Tổ dân phố số 1" in client.get(url, {"tinh": "ha noi"}).content.decode()
    assert "Tổ dân phố số 1" not in client.get(url, {"tinh": "ho chi minh"}).content.decode()
    assert client.get(reverse("assessments:public_recognised", kwargs={"year": 1999})).status_code == 404
