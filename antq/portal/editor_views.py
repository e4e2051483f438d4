"""The editor's pages under /cong-dong/bien-tap/: articles of the editor's scope, writing, publishing,
files and the comment moderation queue. Everything is read through `visible_to`; an article or
comment outside scope, or a user who is not a portal editor, gets 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from antq.core.errors import DomainError
from antq.portal import actions, permissions, queries, rules
from antq.portal.forms import ArticleForm, FileForm, SearchForm, WithdrawForm
from antq.portal.models import Article, ArticleFile, Comment

PAGE_SIZE = 30


def _editor(request: HttpRequest) -> Any:
    if not permissions.is_portal_editor(request.user):
        raise Http404
    return request.user


def _article(request: HttpRequest, pk: int) -> Article:
    """An article of the editor's scope that the editor may change (else 404)."""
    user = _editor(request)
    article = get_object_or_404(Article.objects.visible_to(user).select_related("unit", "author"), pk=pk)
    if not permissions.can_edit_article(user, article):
        raise Http404
    return article


@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    """Every signed-in user reads the articles of their scope; editors get the write buttons."""
    user = request.user
    form = SearchForm(request.GET)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    status = request.GET.get("trang-thai", "")
    page = Paginator(queries.editor_articles(user, text, status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/editor/list.html",
        {
            "page": page,
            "rows": [(a, permissions.can_edit_article(user, a)) for a in page],
            "is_editor": permissions.is_portal_editor(user),
            "form": form,
            "status": status,
            "statuses": Article.Status.choices,
            "pending": queries.pending_comments(user).count(),
        },
    )


@login_required
def article_create(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    units = permissions.publishing_units(user)
    form = ArticleForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            article = actions.create_article(by=user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã lưu bản nháp. Thêm ảnh, tệp đính kèm rồi đăng bài."))
            return redirect("portal:editor_edit", pk=article.pk)
    return render(request, "portal/editor/form.html", {"form": form, "article": None})


@login_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    article = _article(request, pk)
    units = [article.unit]
    initial = {
        "unit": article.unit,
        "kind": article.kind,
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
    }
    form = ArticleForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "unit"}
        try:
            actions.update_article(article, by=user, **data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã lưu bài viết."))
            return redirect("portal:editor_edit", pk=article.pk)
    return render(
        request,
        "portal/editor/form.html",
        {
            "form": form,
            "article": article,
            "files": list(article.files.all()),
            "file_form": FileForm(),
            "withdraw_form": WithdrawForm(),
            "can_publish": rules.may_move(article.status, Article.Status.PUBLISHED),
            "can_withdraw": rules.may_move(article.status, Article.Status.WITHDRAWN),
        },
    )


def _run(request: HttpRequest, work: Any, success: str) -> None:
    try:
        work()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)


@require_POST
@login_required
def article_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    article = _article(request, pk)
    _run(
        request,
        lambda: actions.publish_article(article, by=user),
        _("Đã đăng bài lên cổng thông tin."),
    )
    return redirect("portal:editor_edit", pk=article.pk)


@require_POST
@login_required
def article_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    article = _article(request, pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    _run(
        request,
        lambda: actions.withdraw_article(article, by=user, reason=reason),
        _("Đã gỡ bài khỏi cổng thông tin."),
    )
    return redirect("portal:editor_edit", pk=article.pk)


@require_POST
@login_required
def file_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    article = _article(request, pk)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn loại tệp và một tệp để tải lên."))
    else:
        _run(
            request,
            lambda: actions.attach_file(
                article, form.cleaned_data["file"], by=user, role=form.cleaned_data["role"]
            ),
            _("Đã tải tệp lên."),
        )
    return redirect("portal:editor_edit", pk=article.pk)


@require_POST
@login_required
def file_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    item = get_object_or_404(
        ArticleFile.objects.filter(article__in=Article.objects.visible_to(user)).select_related(
            "article__unit"
        ),
        pk=pk,
    )
    if not permissions.can_edit_article(user, item.article):
        raise Http404
    _run(request, lambda: actions.remove_file(item, by=user), _("Đã xóa tệp."))
    return redirect("portal:editor_edit", pk=item.article_id)


@login_required
def comment_queue(request: HttpRequest) -> HttpResponse:
    """The pending comments of the user's scope; only those the user may moderate get buttons."""
    user = request.user
    page = Paginator(queries.pending_comments(user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(c, permissions.can_moderate(user, c)) for c in page]
    return render(request, "portal/editor/comments.html", {"page": page, "rows": rows})


def _comment(request: HttpRequest, pk: int) -> Comment:
    user = _editor(request)
    comment = get_object_or_404(Comment.objects.visible_to(user).select_related("article__unit"), pk=pk)
    if not permissions.can_moderate(user, comment):
        raise Http404
    return comment


@require_POST
@login_required
def comment_approve(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    comment = _comment(request, pk)
    _run(request, lambda: actions.approve_comment(comment, by=user), _("Đã duyệt bình luận."))
    return redirect("portal:editor_comments")


@require_POST
@login_required
def comment_reject(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    comment = _comment(request, pk)
    _run(request, lambda: actions.reject_comment(comment, by=user), _("Đã từ chối bình luận."))
    return redirect("portal:editor_comments")
