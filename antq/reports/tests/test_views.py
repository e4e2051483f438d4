"""The report pages: wiring, scope (another commune's report answers 404), buttons only when allowed,
downloads, the province's completeness page with a constant number of queries."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from antq.reports.models import RenderJob, Report
from antq.reports.tests.helpers import MONTH, TODAY, definition, monthly, narratives, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch, settings, tmp_path):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    settings.MEDIA_ROOT = tmp_path / "media"


def test_home_lists_what_is_due_and_generates(client_for, commune_a1_officer):
    definition()
    client = client_for(commune_a1_officer)
    page = client.get("/bao-cao/")
    assert page.status_code == 200
    assert 'data-testid="generate-cax-thang-2026-11"' in page.content.decode()
    response = client.post("/bao-cao/lap/", {"definition": "cax-thang", "unit": "00004", "period": MONTH})
    report = Report.objects.get()
    assert response.status_code == 302 and response.url == f"/bao-cao/{report.pk}/"
    page = client.get("/bao-cao/").content.decode()
    assert f"/bao-cao/{report.pk}/" in page
    # Twice: the action's message, nothing more written.
    client.post("/bao-cao/lap/", {"definition": "cax-thang", "unit": "00004", "period": MONTH})
    assert Report.objects.count() == 1


def test_a_commune_cannot_open_another_communes_report(client_for, commune_a1_officer, commune_b1_officer):
    report = monthly(commune_a1_officer)
    b1 = client_for(commune_b1_officer)
    for url in (
        f"/bao-cao/{report.pk}/",
        f"/bao-cao/{report.pk}/tai/pdf/",
        f"/bao-cao/{report.pk}/tai/xlsx/",
    ):
        assert b1.get(url).status_code == 404, url
    for url in (
        f"/bao-cao/{report.pk}/noi-dung/",
        f"/bao-cao/{report.pk}/gui/",
        f"/bao-cao/{report.pk}/cap-nhat-so-lieu/",
    ):
        assert b1.post(url, {}).status_code == 404, url
    # Nor generate in its name.
    response = b1.post("/bao-cao/lap/", {"definition": "cax-thang", "unit": "00004", "period": MONTH})
    assert response.status_code == 404
    assert Report.objects.count() == 1


def test_narrative_then_submit_through_the_page(client_for, commune_a1_officer, steering_a1_member):
    report = monthly(commune_a1_officer)
    # A steering member reads the report but has no form and cannot post.
    steering = client_for(steering_a1_member)
    page = steering.get(f"/bao-cao/{report.pk}/").content.decode()
    assert 'data-testid="submit"' not in page and "<textarea" not in page
    assert steering.post(f"/bao-cao/{report.pk}/gui/").status_code == 404
    client = client_for(commune_a1_officer)
    page = client.get(f"/bao-cao/{report.pk}/").content.decode()
    assert 'data-testid="submit"' in page
    # Submitting without narrative: the message, still a draft.
    client.post(f"/bao-cao/{report.pk}/gui/", {"signer_name": "Nguyễn Văn An"})
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    texts = {f"section-{k}": v for k, v in narratives(report, "Tình hình ổn định.").items()}
    client.post(f"/bao-cao/{report.pk}/noi-dung/", texts)
    client.post(f"/bao-cao/{report.pk}/gui/", {"signer_name": "Nguyễn Văn An"})
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED and report.display_number == "01/BC-CAP"
    page = client.get(f"/bao-cao/{report.pk}/").content.decode()
    assert 'data-testid="submit"' not in page and "<textarea" not in page
    assert "Gửi báo cáo định kỳ" in page and "Lập báo cáo định kỳ" in page  # the history
    # Editing after submission: refused, nothing saved.
    client.post(f"/bao-cao/{report.pk}/noi-dung/", dict.fromkeys(texts, "Sửa"))
    report.refresh_from_db()
    assert set(report.narratives.values()) == {"Tình hình ổn định."}


def test_pdf_and_excel_of_a_submitted_report(client_for, commune_a1_officer):
    report = submitted(commune_a1_officer)
    client = client_for(commune_a1_officer)
    response = client.get(f"/bao-cao/{report.pk}/tai/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages
    )
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BÁO CÁO",
        "01/BC-CAP",
        "CÔNG AN PHƯỜNG BA ĐÌNH",
        "Nơi nhận",
    ):
        assert expected in text, expected
    assert "Dự thảo" not in text
    response = client.get(f"/bao-cao/{report.pk}/tai/xlsx/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B4"].value == "01/BC-CAP"


def test_province_follows_completeness_in_constant_queries(
    client_for, commune_a1_officer, province_a_officer, django_assert_max_num_queries
):
    submitted(commune_a1_officer)
    client = client_for(province_a_officer)
    url = f"/bao-cao/theo-doi/01/cax-thang/{MONTH}/"
    with django_assert_max_num_queries(20):
        page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="row-00004"' in html
    submitted(province_a_officer, key="00008")
    submitted(province_a_officer, key="00025")
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
    # A commune does not follow others; B1's province is not Hà Nội.
    assert client_for(commune_a1_officer).get(url).status_code == 404


def test_background_render_with_progress_then_download(client_for, province_a_officer, commune_b1_officer):
    from antq.reports import actions
    from antq.reports.jobs import run_job
    from antq.reports.tests.helpers import unit

    own = actions.generate_report(
        definition("cat-thang"), unit("01"), period_key=MONTH, by=province_a_officer
    )
    client = client_for(province_a_officer)
    assert len(own.figures["units"]) > 40  # Hà Nội's communes: a long render
    assert client.get(f"/bao-cao/{own.pk}/tai/pdf/").status_code == 302
    response = client.post(f"/bao-cao/{own.pk}/xuat/xlsx/")
    job = RenderJob.objects.get()
    assert response.url == f"/bao-cao/tep/{job.pk}/"
    fragment = client.get(f"/bao-cao/tep/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "<progress" in fragment
    assert client.get(f"/bao-cao/tep/{job.pk}/tai/").status_code == 404  # not ready
    assert run_job(job.pk) == RenderJob.Status.DONE
    fragment = client.get(f"/bao-cao/tep/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment and 'value="100"' in fragment
    data = b"".join(client.get(f"/bao-cao/tep/{job.pk}/tai/").streaming_content)
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames[0] == "Báo cáo" and len(workbook.sheetnames) > 1
    assert client_for(commune_b1_officer).get(f"/bao-cao/tep/{job.pk}/").status_code == 404


def test_home_queries_do_not_grow_with_reports(client_for, province_a_officer, django_assert_max_num_queries):
    submitted(province_a_officer)
    client = client_for(province_a_officer)
    with django_assert_max_num_queries(25) as few:
        assert client.get("/bao-cao/").status_code == 200
    for key in ("00008", "00025", "00070"):
        submitted(province_a_officer, key=key)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/bao-cao/")
    assert page.content.decode().count("/bao-cao/theo-doi/01/") >= 2


def test_the_commune_report_names_its_own_province_police_as_receiver(commune_a1_officer):
    from antq.reports import exports
    from antq.reports.tests.helpers import monthly

    assert exports.context(monthly(commune_a1_officer))["receiver"] == "Công an Thành phố Hà Nội"
