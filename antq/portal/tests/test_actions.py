import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.portal import actions
from antq.portal.models import Article, ArticleFile, Comment
from antq.portal.tests.helpers import ARTIST_TAG, GPS_TAG, PDF_BYTES, article, jpeg_with_exif, png
from antq.testing.factories import user_with_role
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_B1, PROVINCE_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def hanoi_editor(db):
    return user_with_role("bientap", "news_editor", PROVINCE_A)


@pytest.mark.parametrize(
    ("persona", "unit_key", "allowed"),
    [
        ("commune_a1_officer", COMMUNE_A1, True),
        ("commune_a1_officer", COMMUNE_B1, False),
        ("province_a_officer", COMMUNE_A1, True),
        ("province_a_officer", COMMUNE_B1, False),
        ("national_admin", COMMUNE_B1, True),
        ("steering_a1_member", COMMUNE_A1, False),
        ("commune_b1_officer", COMMUNE_A1, False),
    ],
)
def test_who_may_write_for_which_unit(personas, persona, unit_key, allowed):
    unit = Unit.objects.get(key=unit_key)
    if allowed:
        assert actions.create_article(unit=unit, by=personas[persona], title="T", body="B").status == "draft"
    else:
        with pytest.raises(DomainError):
            actions.create_article(unit=unit, by=personas[persona], title="T", body="B")
        assert not Article.objects.exists()


def test_news_editor_of_the_province_covers_its_communes(hanoi_editor):
    made = article(hanoi_editor, COMMUNE_A1, publish=False)
    published = actions.publish_article(made, by=hanoi_editor)
    assert published.status == "published" and published.published_at is not None
    with pytest.raises(DomainError):
        article(hanoi_editor, COMMUNE_B1)


def test_publish_withdraw_republish_keeps_first_date_and_audits(commune_a1_officer):
    made = article(commune_a1_officer, COMMUNE_A1)
    first = made.published_at
    actions.withdraw_article(made, by=commune_a1_officer, reason="Sai số liệu")
    with pytest.raises(DomainError, match="không chuyển"):
        actions.withdraw_article(made, by=commune_a1_officer)
    again = actions.publish_article(made, by=commune_a1_officer)
    assert again.published_at == first
    codes = list(AuditEntry.objects.filter(target_id=str(made.pk)).values_list("action", flat=True))
    assert codes.count("portal.article.published") == 2 and "portal.article.withdrawn" in codes


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("", "Nội dung", "Tiêu đề"),
        ("Tiêu đề", "   ", "Nội dung"),
        ("x" * 256, "Nội dung", "dài quá"),
        ("Tiêu\x00đề", "Nội dung", "không hợp lệ"),
    ],
)
def test_article_text_is_validated_before_writing(commune_a1_officer, title, body, message):
    with pytest.raises(DomainError, match=message):
        actions.create_article(
            unit=Unit.objects.get(key=COMMUNE_A1), by=commune_a1_officer, title=title, body=body
        )
    assert not Article.objects.exists()


def test_title_folded_for_search(commune_a1_officer):
    made = article(commune_a1_officer, COMMUNE_A1, title="Hà Nội ra quân Đảm bảo an ninh")
    assert made.title_folded == "ha noi ra quan dam bao an ninh"


def test_exif_is_stripped_from_a_jpeg(commune_a1_officer, settings):
    made = article(commune_a1_officer, COMMUNE_A1)
    upload = jpeg_with_exif()
    with Image.open(io.BytesIO(upload.read())) as original:
        assert original.getexif()[ARTIST_TAG] == "Nguyen Van A"
    upload.seek(0)
    item = actions.attach_file(made, upload, by=commune_a1_officer, role="cover")
    with item.file.open("rb") as stored:
        data = stored.read()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        exif = image.getexif()
        assert ARTIST_TAG not in exif and GPS_TAG not in exif
        assert "exif" not in image.info
    assert item.size == len(data)
    # Stored outside MEDIA_ROOT, under a random name without the original's.
    assert str(settings.ANTQ_PORTAL_FILES_ROOT) in item.file.path
    assert "anh" not in item.file.name and not item.file.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("name", "content", "role", "accepted"),
    [
        (
            "anh.jpg",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64,
            "attachment",
            False,
        ),
        ("anh.jpg", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64, "cover", False),
        ("bao-cao.pdf", PDF_BYTES, "attachment", True),
        ("bao-cao.pdf", PDF_BYTES, "cover", False),
        ("trang.html", b"<html><script>alert(1)</script></html>", "attachment", False),
    ],
)
def test_file_type_is_decided_from_content(commune_a1_officer, name, content, role, accepted):
    made = article(commune_a1_officer, COMMUNE_A1)
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    if accepted:
        assert (
            actions.attach_file(made, upload, by=commune_a1_officer, role=role).content_type
            == "application/pdf"
        )
    else:
        with pytest.raises(DomainError):
            actions.attach_file(made, upload, by=commune_a1_officer, role=role)
        assert not ArticleFile.objects.exists()


def test_a_broken_image_with_a_jpeg_header_is_refused(commune_a1_officer):
    made = article(commune_a1_officer, COMMUNE_A1)
    with pytest.raises(DomainError, match="Không đọc được ảnh"):
        actions.attach_file(
            made, SimpleUploadedFile("a.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100), by=commune_a1_officer
        )


def test_size_limit_is_a_setting(commune_a1_officer, settings):
    settings.ANTQ_PORTAL_ATTACHMENT_MAX_BYTES = 10
    made = article(commune_a1_officer, COMMUNE_A1)
    with pytest.raises(DomainError, match="quá lớn"):
        actions.attach_file(made, SimpleUploadedFile("b.pdf", PDF_BYTES), by=commune_a1_officer)


def test_a_new_cover_replaces_the_old_one_and_its_file(
    commune_a1_officer, django_capture_on_commit_callbacks
):
    made = article(commune_a1_officer, COMMUNE_A1)
    first = actions.attach_file(made, png(), by=commune_a1_officer, role="cover")
    path = first.file.path
    with django_capture_on_commit_callbacks(execute=True):
        second = actions.attach_file(made, png(), by=commune_a1_officer, role="cover")
    assert list(made.files.values_list("pk", flat=True)) == [second.pk]
    assert not os.path.exists(path)


def test_no_orphan_file_when_the_row_cannot_be_written(commune_a1_officer, monkeypatch, settings):
    made = article(commune_a1_officer, COMMUNE_A1)

    def boom(*args, **kwargs):
        raise RuntimeError("db down")

    monkeypatch.setattr("antq.portal.actions.log_action", boom)
    with pytest.raises(RuntimeError):
        actions.attach_file(made, SimpleUploadedFile("b.pdf", PDF_BYTES), by=commune_a1_officer)
    root = settings.ANTQ_PORTAL_FILES_ROOT
    assert not any(p.is_file() for p in root.rglob("*")) if root.exists() else True


def test_comments_stay_pending_until_an_officer_of_the_unit_approves(commune_a1_officer, commune_b1_officer):
    made = article(commune_a1_officer, COMMUNE_A1)
    comment = actions.post_comment(made, name="", body="Xin cảm ơn")
    assert comment.status == "pending" and not Comment.objects.approved().exists()
    with pytest.raises(DomainError):
        actions.approve_comment(comment, by=commune_b1_officer)
    actions.approve_comment(comment, by=commune_a1_officer)
    assert list(Comment.objects.approved()) == [comment]
    with pytest.raises(DomainError, match="đã được xử lý"):
        actions.reject_comment(comment, by=commune_a1_officer)


def test_drafts_take_no_comments(commune_a1_officer):
    made = article(commune_a1_officer, COMMUNE_A1, publish=False)
    with pytest.raises(DomainError):
        actions.post_comment(made, body="Bình luận")
    assert not Comment.objects.exists()


def test_posting_a_comment_records_no_ip_address(commune_a1_officer):
    made = article(commune_a1_officer, COMMUNE_A1)
    actions.post_comment(made, body="Ý kiến")
    field_names = {f.name for f in Comment._meta.get_fields()}
    assert not {n for n in field_names if "ip" in n.split("_")}
    assert not AuditEntry.objects.filter(
        action__startswith="portal.comment", ip_address__isnull=False
    ).exists()
