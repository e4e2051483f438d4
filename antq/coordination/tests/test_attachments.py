"""Files of the parties' implementation reports: content check, scope, audit, deletion rules, no orphans."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from antq.accounts.models import ApiToken
from antq.coordination import actions
from antq.coordination.models import Programme, ProgrammeReport, ReportAttachment
from antq.coordination.tests.helpers import deploy, national_programme
from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from conftest import PROVINCE_A

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.fixture
def report(national_admin, province_a_officer) -> ProgrammeReport:
    hanoi = deploy(national_programme(national_admin), PROVINCE_A, province_a_officer)
    return actions.submit_report(
        hanoi,
        by=province_a_officer,
        party=hanoi.parties.first(),
        period_from=dt.date(2026, 3, 2),
        period_to=dt.date(2026, 6, 30),
        text="Đã tổ chức 12 buổi tuyên truyền.",
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bao-cao.pdf", b"MZ\x90\x00 not a pdf", "không thuộc loại được nhận"),
        ("bao-cao.pdf", b"", "trống"),
        ("anh.exe", b"<html><script>alert(1)</script></html>", "không thuộc loại được nhận"),
    ],
)
def test_bad_files_are_refused_and_nothing_stays(report, province_a_officer, media, name, content, message):
    with pytest.raises(DomainError, match=message):
        actions.attach_report_file(report, SimpleUploadedFile(name, content), by=province_a_officer)
    assert not ReportAttachment.objects.exists() and not stored_files(media)


def test_size_limit_is_a_setting(report, province_a_officer, settings, media):
    settings.ANTQ_COORDINATION_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(DomainError, match="quá lớn"):
        actions.attach_report_file(report, SimpleUploadedFile("bc.pdf", PDF), by=province_a_officer)
    assert not stored_files(media)


def test_attach_keeps_type_from_content_random_name_and_audit(report, province_a_officer, media):
    made = actions.attach_report_file(
        report, SimpleUploadedFile("../../Báo cáo 6 tháng.png", PNG), by=province_a_officer
    )
    assert made.original_name == "Báo cáo 6 tháng.png" and made.content_type == "image/png"
    assert "Báo" not in made.file.name and not made.file.name.endswith(".png")
    assert len(stored_files(media)) == 1
    entry = AuditEntry.objects.get(action="coordination.report_file.added")
    assert entry.data["sha256"] == made.sha256


def test_file_removed_when_the_row_cannot_be_written(report, province_a_officer, media, monkeypatch):
    def fail(*args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(ReportAttachment, "save", fail)
    with pytest.raises(IntegrityError):
        actions.attach_report_file(report, SimpleUploadedFile("bc.pdf", PDF), by=province_a_officer)
    assert not stored_files(media)


def test_only_who_may_report_and_only_while_the_programme_runs(
    report, province_a_officer, commune_a1_officer, media
):
    with pytest.raises(DomainError, match="quyền"):
        actions.attach_report_file(report, SimpleUploadedFile("bc.pdf", PDF), by=commune_a1_officer)
    made = actions.attach_report_file(report, SimpleUploadedFile("bc.pdf", PDF), by=province_a_officer)
    Programme.objects.filter(pk=report.programme_id).update(period_to=dt.date(2026, 6, 30))
    with pytest.raises(DomainError, match="thời gian thực hiện"):
        actions.delete_report_file(made, by=province_a_officer)
    with pytest.raises(DomainError, match="thời gian thực hiện"):
        actions.attach_report_file(report, SimpleUploadedFile("bc2.pdf", PDF), by=province_a_officer)
    assert ReportAttachment.objects.count() == 1 and len(stored_files(media)) == 1


def test_delete_removes_the_file_after_commit(
    report, province_a_officer, media, django_capture_on_commit_callbacks
):
    made = actions.attach_report_file(report, SimpleUploadedFile("bc.pdf", PDF), by=province_a_officer)
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_report_file(made, by=province_a_officer)
    assert not ReportAttachment.objects.exists() and not stored_files(media)
    assert AuditEntry.objects.filter(action="coordination.report_file.deleted").count() == 1


def test_pages_upload_download_delete_in_scope(
    report, province_a_officer, commune_a1_officer, commune_b1_officer, client_for, media
):
    officer = client_for(province_a_officer)
    response = officer.post(
        f"/phoi-hop/bao-cao/{report.pk}/tep/", {"file": SimpleUploadedFile("bc.pdf", PDF)}, follow=True
    )
    assert "Đã đính kèm tệp" in response.content.decode()
    made = ReportAttachment.objects.get()
    page = officer.get(f"/phoi-hop/chuong-trinh/{report.programme_id}/").content.decode()
    assert f"/phoi-hop/tep/{made.pk}/xoa/" in page and 'data-testid="report-attach"' in page
    # A1 reads Hà Nội's programme and its files but may not change them (no form, 404 on post).
    reader = client_for(commune_a1_officer)
    page = reader.get(f"/phoi-hop/chuong-trinh/{report.programme_id}/").content.decode()
    assert f"/phoi-hop/tep/{made.pk}/" in page and "/xoa/" not in page
    download = reader.get(f"/phoi-hop/tep/{made.pk}/")
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert (
        download["Content-Disposition"].startswith("attachment")
        and b"".join(download.streaming_content) == PDF
    )
    assert AuditEntry.objects.filter(action="coordination.report_file.downloaded").count() == 1
    assert reader.post(f"/phoi-hop/tep/{made.pk}/xoa/").status_code == 404
    assert client_for(commune_b1_officer).get(f"/phoi-hop/tep/{made.pk}/").status_code == 404
    assert officer.post(f"/phoi-hop/tep/{made.pk}/xoa/").status_code == 302
    assert not ReportAttachment.objects.exists()


def test_api_upload_list_download_delete(report, province_a_officer, commune_b1_officer, client, media):
    h = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(province_a_officer, 't')[1]}"}
    base = "/api/v1/coordination"
    bad = client.post(f"{base}/reports/{report.pk}/files", {"file": SimpleUploadedFile("x.pdf", b"MZ")}, **h)
    assert bad.status_code == 400 and "không thuộc loại" in bad.json()["detail"]
    made = client.post(f"{base}/reports/{report.pk}/files", {"file": SimpleUploadedFile("x.pdf", PDF)}, **h)
    assert made.status_code == 201, made.content
    file_id = made.json()["id"]
    detail = client.get(f"{base}/programmes/{report.programme_id}", **h).json()
    assert detail["reports"][0]["files"][0]["name"] == "x.pdf"
    got = client.get(f"{base}/report-files/{file_id}", **h)
    assert got.status_code == 200 and got["X-Content-Type-Options"] == "nosniff"
    b"".join(got.streaming_content)
    other = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(commune_b1_officer, 't')[1]}"}
    assert client.get(f"{base}/report-files/{file_id}", **other).status_code == 404
    assert client.delete(f"{base}/report-files/{file_id}", **other).status_code == 404
    assert client.delete(f"{base}/report-files/{file_id}", **h).status_code == 204
    assert not ReportAttachment.objects.exists()
