"""The portal's own rows: articles written by officers, their files, and citizens' comments.

ARCHITECTURE.md first planned the portal without models; news and comments belong to no domain app
below it (they are the public site's content, not the movement's records), so they live here. The
portal still reads the domain apps only through their `queries` modules.

Scope: an article is read in the back office by users whose subtree holds its unit; the public sees
published articles only. A comment is shown publicly only once approved.
"""

from __future__ import annotations

import os
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.core.text import fold
from antq.units.models import Unit, scope_q, user_paths

if TYPE_CHECKING:
    from antq.units.models import Viewer


class PortalFileStorage(FileSystemStorage):
    """Article files live under ANTQ_PORTAL_FILES_ROOT, outside MEDIA_ROOT: only a view serves them.

    The location is read from the settings at each use, so a test may point it at a temporary folder.
    """

    @property
    def base_location(self) -> str:
        return str(settings.ANTQ_PORTAL_FILES_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


portal_storage = PortalFileStorage()


def _portal_storage() -> PortalFileStorage:
    return portal_storage


def article_file_path(instance: ArticleFile, filename: str) -> str:
    """A random, extension-less name: the original name is kept in the row, never in the path."""
    return f"{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}"


class ArticleQuerySet(models.QuerySet["Article"]):
    def visible_to(self, user: Viewer) -> ArticleQuerySet:
        """Back-office scope: articles of units in the user's subtrees (any status)."""
        paths = user_paths(user)
        if paths is None:
            return self.all()
        return self.filter(scope_q(paths, "unit__path"))

    def published(self) -> ArticleQuerySet:
        """What the public sees: published articles, newest first."""
        return self.filter(status=Article.Status.PUBLISHED).order_by("-published_at", "-pk")

    def search(self, text: str) -> ArticleQuerySet:
        needle = fold(text)
        return self.filter(title_folded__contains=needle) if needle else self


class Article(models.Model):
    """A news item or an announcement published on the portal in the name of a unit."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã đăng")
        WITHDRAWN = "withdrawn", _("Đã gỡ")

    class Kind(models.TextChoices):
        NEWS = "news", _("Tin tức")
        ANNOUNCEMENT = "announcement", _("Thông báo")

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị đăng tin"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại tin"), max_length=12, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("tiêu đề"), max_length=255)
    title_folded = models.CharField(max_length=255, editable=False, db_index=True)
    summary = models.TextField(_("tóm tắt"), max_length=600, blank=True)
    body = models.TextField(_("nội dung"), max_length=50_000)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("ngày đăng"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người viết"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"], name="portal_article_public")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="portal_article_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.title_folded = fold(self.title)[:255]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ArticleFile(models.Model):
    """The cover image or an attachment of an article (type from its content; images re-encoded)."""

    class Role(models.TextChoices):
        COVER = "cover", _("Ảnh đại diện")
        ATTACHMENT = "attachment", _("Tệp đính kèm")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="files")
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    file = models.FileField(_("tệp"), storage=_portal_storage, upload_to=article_file_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(_("loại tệp"), max_length=100)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("ngày tải lên"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp của bài viết")
        verbose_name_plural = _("tệp của bài viết")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article"], condition=Q(role="cover"), name="portal_one_cover_per_article"
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class CommentQuerySet(models.QuerySet["Comment"]):
    def approved(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.APPROVED)

    def visible_to(self, user: Viewer) -> CommentQuerySet:
        """Back-office scope: comments on articles of units in the user's subtrees."""
        paths = user_paths(user)
        if paths is None:
            return self.all()
        return self.filter(scope_q(paths, "article__unit__path"))


class Comment(models.Model):
    """A citizen's comment on an article, shown only after an officer of the article's unit approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        REJECTED = "rejected", _("Bị từ chối")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    # Optional and free text; no IP address, e-mail or account is kept (domain/06 §7: collect only
    # what the purpose needs).
    name = models.CharField(_("tên người bình luận"), max_length=80, blank=True)
    body = models.TextField(_("nội dung"), max_length=2000)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("ngày gửi"), auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("bình luận")
        verbose_name_plural = _("bình luận")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name or _('Bạn đọc')}: {self.body[:40]}"
