"""Photos of a reported point (checked by content, never an orphan file) and the province's pilot points."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.festival import actions
from antq.festival.models import EventPhoto
from antq.festival.tests.helpers import area_event, campaign

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    out = BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def reported(province_a_officer, commune_a1_officer, sample_participants):
    event = area_event(campaign(province_a_officer), sample_participants["a1_areas"][0], commune_a1_officer)
    actions.report_result(event, by=commune_a1_officer, reported_on=dt.date(2026, 8, 11), counts={})
    return event


def _files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.png", b"", "trống"),
        ("anh.png", b"%PDF-1.4 not a photo", "không phải ảnh"),
        ("tai-lieu.pdf", b"%PDF-1.4\n%%EOF", "không phải ảnh"),
    ],
)
def test_photo_refusals_store_nothing(media, reported, commune_a1_officer, name, content, message):
    with pytest.raises(DomainError, match=message):
        actions.add_photo(reported, SimpleUploadedFile(name, content), by=commune_a1_officer)
    assert not EventPhoto.objects.exists() and not _files(media)


def test_no_photo_before_the_result(media, province_a_officer, commune_a1_officer, sample_participants):
    planned = area_event(campaign(province_a_officer), sample_participants["a1_areas"][1], commune_a1_officer)
    with pytest.raises(DomainError, match="Báo cáo kết quả"):
        actions.add_photo(planned, SimpleUploadedFile("a.png", _png()), by=commune_a1_officer)
    assert not _files(media)


def test_photo_is_stored_audited_and_served_in_scope(
    media, client_for, reported, commune_a1_officer, commune_b1_officer
):
    client = client_for(commune_a1_officer)
    response = client.post(
        reverse("festival:photo_add", args=[reported.pk]),
        {"file": SimpleUploadedFile("le-chao-co.png", _png()), "caption": "Lễ chào cờ"},
    )
    assert response.status_code == 302
    photo = EventPhoto.objects.get()
    assert (photo.original_name, photo.content_type, photo.caption) == (
        "le-chao-co.png",
        "image/png",
        "Lễ chào cờ",
    )
    assert "le-chao-co" not in photo.file.name
    assert AuditEntry.objects.filter(action="festival.photo.added", data__photo=photo.pk).exists()
    page = client.get(reverse("festival:event", args=[reported.pk])).content.decode()
    assert reverse("festival:photo", args=[photo.pk]) in page and "Lễ chào cờ" in page
    served = client.get(reverse("festival:photo", args=[photo.pk]))
    assert served.status_code == 200 and b"".join(served.streaming_content) == _png()
    assert client_for(commune_b1_officer).get(reverse("festival:photo", args=[photo.pk])).status_code == 404


def test_a_failed_row_removes_its_file(media, reported, commune_a1_officer, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr("antq.festival.actions.log_action", boom)
    with pytest.raises(RuntimeError):
        actions.add_photo(reported, SimpleUploadedFile("a.png", _png()), by=commune_a1_officer)
    assert not _files(media)


def test_only_the_province_picks_pilot_points(client_for, reported, province_a_officer, commune_a1_officer):
    with pytest.raises(DomainError, match="Chỉ cấp tỉnh"):
        actions.set_pilot_point(reported, by=commune_a1_officer, pilot=True)
    url = reverse("festival:event_pilot", args=[reported.pk])
    assert client_for(commune_a1_officer).post(url, {"pilot": "1"}).status_code == 404
    commune_page = (
        client_for(commune_a1_officer).get(reverse("festival:event", args=[reported.pk])).content.decode()
    )
    assert url not in commune_page
    assert client_for(province_a_officer).post(url, {"pilot": "1"}).status_code == 302
    reported.refresh_from_db()
    assert reported.is_pilot_point
    assert AuditEntry.objects.filter(action="festival.event.pilot_set", data__pilot=True).exists()
