"""Evidence files on TT 124 criteria: type by content, limits, editable states, scoped downloads, API."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook
from PIL import Image

from antq.accounts.models import ApiToken
from antq.assessments import actions
from antq.assessments.models import (
    Assessment,
    CriteriaSet,
    Criterion,
    CycleRule,
    Evidence,
    Registration,
    Subject,
)
from antq.assessments.seed import seed_assessments, sheet_code, standard_code
from antq.assessments.subjects import sync_subjects
from antq.assessments.tests.cycles import cycle_2026
from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.units.models import Unit
from conftest import COMMUNE_A1

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def cycle(db):
    seed_assessments(open_year=None)
    cycle = cycle_2026()
    for rule in CycleRule.objects.filter(cycle=cycle):
        rule.standard_set = CriteriaSet.objects.get(code=standard_code(rule.subject_type))
        rule.score_sheet = CriteriaSet.objects.get(code=sheet_code(rule.subject_type))
        rule.save()
    return cycle


@pytest.fixture
def officer(personas):
    return personas["commune_a1_officer"]


@pytest.fixture
def draft(sample_participants, cycle, officer):
    sync_subjects([Unit.objects.get(key=COMMUNE_A1)])
    area = Subject.objects.get(residential_area=sample_participants["a1_areas"][0])
    Registration.objects.create(cycle=cycle, subject=area, registered_on=date(2026, 3, 1))
    return actions.start_assessment(area, cycle, by=officer)


@pytest.fixture
def criterion(draft):
    return Criterion.objects.filter(
        criteria_set__code=standard_code("residential_area"), check_type=Criterion.Check.MANUAL
    ).first()


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "JPEG")
    return buffer.getvalue()


def xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


# --- the actions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("bien-ban.pdf", PDF, "application/pdf"),
        ("anh.png", png(), "image/png"),
        ("anh.jpg", jpeg(), "image/jpeg"),
        ("bang.xlsx", xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("van-ban.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_accepted_types_are_stored_with_their_facts_and_audited(
    draft, criterion, officer, media, name, content, mime
):
    evidence = actions.add_evidence(draft, criterion.pk, upload(name, content, "text/plain"), by=officer)
    evidence.refresh_from_db()
    assert evidence.content_type == mime  # from the content, not from what the browser said
    assert (evidence.original_name, evidence.size) == (name, len(content))
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.uploaded_by == officer
    # A random path without the original name or extension, under MEDIA_ROOT.
    assert name not in evidence.file.name and "." not in evidence.file.name.rsplit("/", 1)[-1]
    assert len(evidence.file.name.rsplit("/", 1)[-1]) >= 30
    assert (media / evidence.file.name).read_bytes() == content
    entry = AuditEntry.objects.get(action="assessments.evidence.added")
    assert entry.data["name"] == name and entry.data["criterion"] == criterion.code


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,  # a Windows executable
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"\x7fELF\x02\x01\x01" + b"\x00" * 100,
        b"plain text pretending",
    ],
)
def test_a_spoofed_pdf_is_refused_and_nothing_is_saved(draft, criterion, officer, media, content):
    with pytest.raises(DomainError, match="không phải PDF"):
        actions.add_evidence(draft, criterion.pk, upload("bao-cao.pdf", content), by=officer)
    assert not Evidence.objects.exists()
    assert stored_files(media) == []


def test_a_zip_that_is_not_an_office_document_is_refused(draft, criterion, officer):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.txt", "x")
    with pytest.raises(DomainError, match="không phải PDF"):
        actions.add_evidence(draft, criterion.pk, upload("bang.xlsx", buffer.getvalue()), by=officer)


def test_too_large_and_empty_files_are_refused(draft, criterion, officer, settings, media):
    settings.ANTQ_EVIDENCE_MAX_BYTES = 1024 * 1024
    with pytest.raises(DomainError, match=r"quá lớn .* không quá 1 MB"):
        actions.add_evidence(draft, criterion.pk, upload("to.pdf", PDF + b"0" * (1024 * 1024)), by=officer)
    with pytest.raises(DomainError, match="trống"):
        actions.add_evidence(draft, criterion.pk, upload("rong.pdf", b""), by=officer)
    assert not Evidence.objects.exists() and stored_files(media) == []


def test_too_many_files_on_one_criterion_are_refused(draft, criterion, officer, settings):
    settings.ANTQ_EVIDENCE_MAX_FILES = 2
    for n in range(2):
        actions.add_evidence(draft, criterion.pk, upload(f"{n}.pdf", PDF), by=officer)
    with pytest.raises(DomainError, match="đã có 2 tệp minh chứng"):
        actions.add_evidence(draft, criterion.pk, upload("3.pdf", PDF), by=officer)
    other = Criterion.objects.filter(criteria_set=criterion.criteria_set, check_type="manual").last()
    assert other != criterion
    actions.add_evidence(draft, other.pk, upload("khac.pdf", PDF), by=officer)  # the limit is per criterion
    assert Evidence.objects.count() == 3


def test_upload_and_delete_refused_once_submitted(draft, criterion, officer, media):
    evidence = actions.add_evidence(draft, criterion.pk, upload("a.pdf", PDF), by=officer)
    Assessment.objects.filter(pk=draft.pk).update(status=Assessment.Status.SUBMITTED)
    with pytest.raises(DomainError, match="không sửa được"):
        actions.add_evidence(draft, criterion.pk, upload("b.pdf", PDF), by=officer)
    with pytest.raises(DomainError, match="không sửa được"):
        actions.delete_evidence(evidence, by=officer)
    assert Evidence.objects.count() == 1 and len(stored_files(media)) == 1
    Assessment.objects.filter(pk=draft.pk).update(status=Assessment.Status.RETURNED)
    actions.add_evidence(draft, criterion.pk, upload("c.pdf", PDF), by=officer)  # returned: editable again


def test_a_criterion_of_another_set_or_computed_is_refused(draft, officer):
    foreign = Criterion.objects.filter(criteria_set__code=standard_code("commune")).first()
    with pytest.raises(DomainError, match="không thuộc bộ tiêu chuẩn"):
        actions.add_evidence(draft, foreign.pk, upload("a.pdf", PDF), by=officer)


def test_the_file_is_removed_when_the_database_write_fails(draft, criterion, officer, media, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(actions, "log_action", boom)
    with pytest.raises(RuntimeError):
        actions.add_evidence(draft, criterion.pk, upload("a.pdf", PDF), by=officer)
    assert not Evidence.objects.exists()
    assert stored_files(media) == []


def test_delete_removes_row_and_file_and_is_audited(
    draft, criterion, officer, media, django_capture_on_commit_callbacks
):
    evidence = actions.add_evidence(draft, criterion.pk, upload("a.pdf", PDF), by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_evidence(evidence, by=officer)
    assert not Evidence.objects.exists() and stored_files(media) == []
    assert AuditEntry.objects.get(action="assessments.evidence.deleted").data["name"] == "a.pdf"


# --- pages -------------------------------------------------------------------------------------------


def test_page_uploads_lists_downloads_and_deletes(draft, criterion, officer, client_for, media):
    client = client_for(officer)
    page = reverse("assessments:assessment", args=[COMMUNE_A1, 2026, draft.subject_id])
    url = reverse("assessments:evidence_upload", args=[COMMUNE_A1, 2026, draft.subject_id])
    response = client.post(url, {"criterion": criterion.pk, "file": upload("Biên bản họp.pdf", PDF)})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    body = client.get(page).content.decode()
    assert "Biên bản họp.pdf" in body
    assert reverse("assessments:evidence_download", args=[evidence.pk]) in body
    assert reverse("assessments:evidence_delete", args=[evidence.pk]) in body
    download = client.get(reverse("assessments:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PDF
    assert AuditEntry.objects.filter(action="assessments.evidence.downloaded").count() == 1
    # A refused file shows the action's message.
    response = client.post(url, {"criterion": criterion.pk, "file": upload("x.pdf", b"<html>")}, follow=True)
    assert "không phải PDF" in response.content.decode()
    assert client.post(reverse("assessments:evidence_delete", args=[evidence.pk])).status_code == 302
    assert not Evidence.objects.exists()


def test_media_url_does_not_serve_evidence(draft, criterion, officer, client_for):
    evidence = actions.add_evidence(draft, criterion.pk, upload("a.pdf", PDF), by=officer)
    assert client_for(officer).get(f"/media/{evidence.file.name}").status_code == 404


def status(client, url: str) -> int:
    response = client.get(url)
    if response.streaming:
        # Reading to the end closes the stored file, as a WSGI server would (the test client's wrapper).
        b"".join(response.streaming_content)
    return response.status_code


def test_scope_of_downloads_and_writes(draft, criterion, officer, personas, client_for):
    evidence = actions.add_evidence(draft, criterion.pk, upload("a.pdf", PDF), by=officer)
    download = reverse("assessments:evidence_download", args=[evidence.pk])
    delete = reverse("assessments:evidence_delete", args=[evidence.pk])
    url = reverse("assessments:evidence_upload", args=[COMMUNE_A1, 2026, draft.subject_id])
    b1 = client_for(personas["commune_b1_officer"])
    assert b1.get(download).status_code == 404
    assert b1.post(delete).status_code == 404
    assert b1.post(url, {"criterion": criterion.pk, "file": upload("b.pdf", PDF)}).status_code == 404
    steering = client_for(personas["steering_a1_member"])
    assert status(steering, download) == 200  # reads in scope
    assert steering.post(delete).status_code == 404
    assert steering.post(url, {"criterion": criterion.pk, "file": upload("b.pdf", PDF)}).status_code == 404
    assert status(client_for(personas["province_a_officer"]), download) == 200
    assert Evidence.objects.count() == 1


def test_reviewers_see_the_files_on_the_review_page(draft, criterion, officer, client_for, personas):
    actions.add_evidence(draft, criterion.pk, upload("Ảnh hiện trường.png", png()), by=officer)
    Assessment.objects.filter(pk=draft.pk).update(status=Assessment.Status.SUBMITTED)
    body = client_for(officer).get(reverse("assessments:review", args=[2026, draft.pk])).content.decode()
    assert "Ảnh hiện trường.png" in body
    assert f'data-testid="evidence-{criterion.code}"' in body


def test_pages_run_a_constant_number_of_queries(draft, criterion, officer, client_for):
    client = client_for(officer)
    page = reverse("assessments:assessment", args=[COMMUNE_A1, 2026, draft.subject_id])
    review = reverse("assessments:review", args=[2026, draft.pk])
    actions.add_evidence(draft, criterion.pk, upload("1.pdf", PDF), by=officer)
    client.get(page)
    with CaptureQueriesContext(connection) as before:
        client.get(page)
    Assessment.objects.filter(pk=draft.pk).update(status=Assessment.Status.SUBMITTED)
    with CaptureQueriesContext(connection) as review_before:
        client.get(review)
    Assessment.objects.filter(pk=draft.pk).update(status=Assessment.Status.DRAFT)
    manual = Criterion.objects.filter(criteria_set=criterion.criteria_set, check_type="manual")
    for c in manual:
        for n in range(3):
            actions.add_evidence(draft, c.pk, upload(f"{c.code}-{n}.pdf", PDF), by=officer)
    with CaptureQueriesContext(connection) as after:
        response = client.get(page)
    assert f"{manual.last().code}-2.pdf" in response.content.decode()
    assert len(after) == len(before)
    Assessment.objects.filter(pk=draft.pk).update(status=Assessment.Status.SUBMITTED)
    with CaptureQueriesContext(connection) as review_after:
        response = client.get(review)
    assert f"{manual.last().code}-2.pdf" in response.content.decode()
    assert len(review_after) == len(review_before)


# --- API ---------------------------------------------------------------------------------------------


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 't')[1]}"}


def test_api_lists_uploads_downloads_and_deletes(draft, criterion, officer, personas, client):
    base = f"/api/v1/assessments/assessments/{draft.pk}/evidence"
    response = client.post(
        base, {"criterion_id": criterion.pk, "file": upload("bb.pdf", PDF)}, **bearer(officer)
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "bb.pdf" and body["criterion_code"] == criterion.code
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest()
    listed = client.get(base, **bearer(officer)).json()
    assert [e["id"] for e in listed] == [body["id"]]
    assert listed[0]["uploaded_by"] == officer.username
    file = client.get(f"{base}/{body['id']}/file", **bearer(officer))
    assert file.status_code == 200 and b"".join(file.streaming_content) == PDF
    assert file["X-Content-Type-Options"] == "nosniff"
    spoofed = client.post(
        base, {"criterion_id": criterion.pk, "file": upload("x.pdf", b"MZ\x90\x00")}, **bearer(officer)
    )
    assert spoofed.status_code == 400 and "không phải PDF" in spoofed.json()["detail"]
    b1 = bearer(personas["commune_b1_officer"])
    assert client.get(base, **b1).status_code == 404
    assert client.get(f"{base}/{body['id']}/file", **b1).status_code == 404
    assert client.delete(f"{base}/{body['id']}", **b1).status_code == 404
    steering = bearer(personas["steering_a1_member"])
    assert client.delete(f"{base}/{body['id']}", **steering).status_code == 404
    assert client.delete(f"{base}/{body['id']}", **bearer(officer)).status_code == 204
    assert not Evidence.objects.exists()
