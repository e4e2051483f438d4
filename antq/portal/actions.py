"""State changes of the portal: articles, their files, and comments.

Every verb is atomic, audited with `log_action`, and refuses bad input with a Vietnamese DomainError
before anything is written. Pages, API and the seed command call these functions only.
"""

from __future__ import annotations

import hashlib
import io
import warnings

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from antq.accounts.models import User
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.text import has_nul
from antq.portal import permissions, rules
from antq.portal.models import Article, ArticleFile, Comment
from antq.units.models import Unit

IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG"}
ATTACHMENT_TYPES = {
    **IMAGE_TYPES,
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
}
NAME_MAX = 255


def _require(allowed: bool) -> None:
    if not allowed:
        raise DomainError(_("Bạn không có quyền thực hiện thao tác này."))


def _text(value: str, label: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if has_nul(value):
        raise DomainError(_("“%(label)s” chứa ký tự không hợp lệ.") % {"label": label})
    if required and not value:
        raise DomainError(_("Chưa nhập “%(label)s”.") % {"label": label})
    if len(value) > limit:
        raise DomainError(
            _("“%(label)s” dài quá %(limit)s ký tự.")
            % {"label": label, "limit": f"{limit:,}".replace(",", ".")}
        )
    return value


def _kind(kind: str) -> str:
    if kind not in Article.Kind.values:
        raise DomainError(_("Loại tin không hợp lệ."))
    return kind


# --- Articles ---------------------------------------------------------------------------------------


@transaction.atomic
def create_article(
    *, unit: Unit, by: User, title: str, body: str, summary: str = "", kind: str = Article.Kind.NEWS
) -> Article:
    """Write a draft article in the name of `unit`; nobody outside the back office sees it yet."""
    _require(permissions.can_write_for(by, unit))
    article = Article.objects.create(
        unit=unit,
        author=by,
        kind=_kind(kind),
        title=_text(title, _("Tiêu đề"), 255),
        summary=_text(summary, _("Tóm tắt"), 600, required=False),
        body=_text(body, _("Nội dung"), 50_000),
    )
    log_action(article, "portal.article.created", actor=by, data={"unit": unit.key, "kind": article.kind})
    return article


@transaction.atomic
def update_article(
    article: Article, *, by: User, title: str, body: str, summary: str = "", kind: str = Article.Kind.NEWS
) -> Article:
    """Correct an article's text; a published article stays published with the new text."""
    article = Article.objects.select_for_update().select_related("unit").get(pk=article.pk)
    _require(permissions.can_edit_article(by, article))
    article.title = _text(title, _("Tiêu đề"), 255)
    article.summary = _text(summary, _("Tóm tắt"), 600, required=False)
    article.body = _text(body, _("Nội dung"), 50_000)
    article.kind = _kind(kind)
    article.save()
    log_action(article, "portal.article.updated", actor=by, data={"status": article.status})
    return article


def _move(article: Article, target: str, *, by: User) -> Article:
    article = Article.objects.select_for_update().select_related("unit").get(pk=article.pk)
    _require(permissions.can_edit_article(by, article))
    if not rules.may_move(article.status, target):
        raise DomainError(
            _("Bài viết đang ở trạng thái “%(status)s”, không chuyển sang “%(target)s” được.")
            % {"status": article.get_status_display(), "target": Article.Status(target).label}
        )
    article.status = target
    if target == Article.Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
    article.save(update_fields=["status", "published_at", "updated_at"])
    return article


@transaction.atomic
def publish_article(article: Article, *, by: User) -> Article:
    """Publish a draft (or re-publish a withdrawn article): it appears on the public portal."""
    article = _move(article, Article.Status.PUBLISHED, by=by)
    log_action(article, "portal.article.published", actor=by)
    return article


@transaction.atomic
def withdraw_article(article: Article, *, by: User, reason: str = "") -> Article:
    """Take a published article off the public portal (it and its comments stay in the back office)."""
    reason = _text(reason, _("Lý do"), 500, required=False)
    article = _move(article, Article.Status.WITHDRAWN, by=by)
    log_action(article, "portal.article.withdrawn", actor=by, data={"reason": reason})
    return article


# --- Files (the evidence pattern, plus re-encoding of images) -------------------------------------


def _file_name(name: str) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = "".join(ch for ch in base if ch.isprintable())
    return base[-NAME_MAX:] or "tep-dinh-kem"


def reencode_image(data: bytes, mime: str) -> bytes:
    """Decode and re-encode a JPEG/PNG with Pillow: metadata (EXIF with GPS, comments) is dropped.

    The orientation EXIF asked for is applied to the pixels first, so the picture still stands upright.
    """
    max_pixels: int = settings.ANTQ_PORTAL_IMAGE_MAX_PIXELS
    refused = DomainError(_("Không đọc được ảnh; hãy chọn ảnh JPEG hoặc PNG khác."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise DomainError(
                        _("Ảnh quá lớn (quá nhiều điểm ảnh); hãy thu nhỏ ảnh trước khi tải lên.")
                    )
                image.load()
                upright = ImageOps.exif_transpose(image)
                out = io.BytesIO()
                if mime == "image/jpeg":
                    upright.convert("RGB").save(out, format="JPEG", quality=88, optimize=True)
                else:
                    keep = (
                        upright
                        if upright.mode in ("RGB", "RGBA", "L", "LA", "P")
                        else upright.convert("RGBA")
                    )
                    keep.save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise refused from error
    except Image.DecompressionBombWarning as error:
        raise refused from error
    return out.getvalue()


def _checked_content(upload: UploadedFile, role: str) -> tuple[str, str, bytes]:
    """(clean name, MIME type from the content, bytes to store) or a DomainError."""
    name = _file_name(upload.name or "")
    size = upload.size or 0
    is_cover = role == ArticleFile.Role.COVER
    max_bytes: int = (
        settings.ANTQ_PORTAL_IMAGE_MAX_BYTES if is_cover else settings.ANTQ_PORTAL_ATTACHMENT_MAX_BYTES
    )
    if size <= 0:
        raise DomainError(_("Tệp “%(name)s” trống.") % {"name": name})
    if size > max_bytes:
        raise DomainError(
            _("Tệp “%(name)s” quá lớn; không quá %(max)s MB.")
            % {"name": name, "max": max_bytes // (1024 * 1024)}
        )
    upload.seek(0)
    data = upload.read()
    kind = filetype.guess(data[:8192])
    allowed = IMAGE_TYPES if is_cover else ATTACHMENT_TYPES
    if kind is None or kind.mime not in allowed:
        if is_cover:
            message = _("Ảnh đại diện “%(name)s” không phải ảnh JPEG hay PNG.")
        else:
            message = _("Tệp “%(name)s” không phải PDF, ảnh JPEG/PNG, Word (.docx) hay Excel (.xlsx).")
        raise DomainError(message % {"name": name})
    mime = str(kind.mime)
    if mime in IMAGE_TYPES:
        data = reencode_image(data, mime)
    return name, mime, data


@transaction.atomic
def attach_file(
    article: Article, upload: UploadedFile, *, by: User, role: str = ArticleFile.Role.ATTACHMENT
) -> ArticleFile:
    """Attach a file (type from its content) or set the cover image (replacing the previous one)."""
    article = Article.objects.select_for_update().select_related("unit").get(pk=article.pk)
    _require(permissions.can_edit_article(by, article))
    if role not in ArticleFile.Role.values:
        raise DomainError(_("Vai trò tệp không hợp lệ."))
    if role == ArticleFile.Role.ATTACHMENT:
        limit: int = settings.ANTQ_PORTAL_MAX_FILES
        if article.files.filter(role=role).count() >= limit:
            raise DomainError(_("Mỗi bài viết đính kèm không quá %(max)s tệp.") % {"max": limit})
    name, mime, data = _checked_content(upload, role)
    old_cover = (
        list(article.files.filter(role=ArticleFile.Role.COVER)) if role == ArticleFile.Role.COVER else []
    )
    item = ArticleFile(
        article=article,
        role=role,
        original_name=name,
        size=len(data),
        content_type=mime,
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=by,
    )
    item.file.save("tep", ContentFile(data), save=False)
    stored = item.file.name or ""
    # No row without its file, no orphan file: the file goes again if the row cannot be written.
    try:
        with transaction.atomic():
            for cover in old_cover:
                cover.delete()
            item.save()
            log_action(
                article,
                "portal.file.added",
                actor=by,
                data={"file": item.pk, "role": role, "name": name, "size": item.size, "sha256": item.sha256},
            )
    except BaseException:
        item.file.storage.delete(stored)
        raise
    for cover in old_cover:
        # The replaced cover's file goes only once the new row is committed.
        _delete_on_commit(cover)
    return item


def _delete_on_commit(item: ArticleFile) -> None:
    name, storage = item.file.name or "", item.file.storage
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def remove_file(item: ArticleFile, *, by: User) -> None:
    """Remove a file from an article (its stored bytes are deleted once the row is gone)."""
    item = ArticleFile.objects.select_related("article__unit").get(pk=item.pk)
    _require(permissions.can_edit_article(by, item.article))
    log_action(
        item.article, "portal.file.removed", actor=by, data={"file": item.pk, "name": item.original_name}
    )
    _delete_on_commit(item)
    item.delete()


# --- Comments -----------------------------------------------------------------------------------------


@transaction.atomic
def post_comment(article: Article, *, name: str = "", body: str) -> Comment:
    """Store a citizen's comment as pending; it appears only once an officer approves it.

    No account, IP address or e-mail is recorded (the audit entry is written without the request).
    """
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.status != Article.Status.PUBLISHED:
        raise DomainError(_("Bài viết này không nhận bình luận."))
    comment = Comment.objects.create(
        article=article,
        name=_text(name, _("Tên"), 80, required=False),
        body=_text(body, _("Nội dung bình luận"), 2000),
    )
    return comment


def _moderate(comment: Comment, status: str, *, by: User) -> Comment:
    comment = Comment.objects.select_for_update().select_related("article__unit").get(pk=comment.pk)
    _require(permissions.can_moderate(by, comment))
    if comment.status != Comment.Status.PENDING:
        raise DomainError(_("Bình luận này đã được xử lý."))
    comment.status = status
    comment.moderated_by = by
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])
    return comment


@transaction.atomic
def approve_comment(comment: Comment, *, by: User) -> Comment:
    """Approve a pending comment: it appears under the article."""
    comment = _moderate(comment, Comment.Status.APPROVED, by=by)
    log_action(comment.article, "portal.comment.approved", actor=by, data={"comment": comment.pk})
    return comment


@transaction.atomic
def reject_comment(comment: Comment, *, by: User) -> Comment:
    """Reject a pending comment: it never appears (kept for the record)."""
    comment = _moderate(comment, Comment.Status.REJECTED, by=by)
    log_action(comment.article, "portal.comment.rejected", actor=by, data={"comment": comment.pk})
    return comment
