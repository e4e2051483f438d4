"""Public pages of the portal (no login): home, news, an article with its comments, festival points,
recognised units and models, how to report a crime; and the file view shared with the editors."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit

from antq.core.errors import DomainError
from antq.portal import actions, queries
from antq.portal.forms import CommentForm, SearchForm
from antq.portal.models import Article, ArticleFile

PAGE_SIZE = 12
EVENTS_PAGE_SIZE = 30


def comment_rate(group: str, request: HttpRequest) -> str:
    """The comment rate per IP address (a setting); the address is counted in the cache, never stored."""
    return str(settings.ANTQ_PORTAL_COMMENT_RATE)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    data = queries.home(timezone.localdate())
    return render(request, "portal/home.html", {"home": data})


@require_GET
def news_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    kind = request.GET.get("loai", "")
    page = Paginator(queries.public_articles(text, kind), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/news_list.html",
        {"page": page, "form": form, "q": text, "kind": kind, "kinds": Article.Kind.choices},
    )


def _article_page(
    request: HttpRequest, article: Article, form: CommentForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "portal/article.html",
        {
            "article": article,
            "files": queries.public_files(article),
            "comments": queries.approved_comments(article),
            "form": form,
            "print_view": request.GET.get("in") == "1",
            "share_url": request.build_absolute_uri(request.path),
        },
        status=status,
    )


@require_GET
def article(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.public_article(pk)
    if found is None:
        raise Http404
    return _article_page(request, found, CommentForm())


@require_POST
@ratelimit(key="ip", rate=comment_rate, method="POST", block=True)
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A citizen posts a comment: captcha (single-use) and a rate limit; stored pending moderation."""
    found = queries.public_article(pk)
    if found is None:
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            actions.post_comment(found, name=form.cleaned_data["name"], body=form.cleaned_data["body"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Cảm ơn bạn. Bình luận sẽ hiển thị sau khi cán bộ duyệt."))
            return redirect(f"{reverse('portal:article', args=[found.pk])}#binh-luan")
    return _article_page(request, found, form, status=400)


@require_GET
def file(request: HttpRequest, pk: int) -> FileResponse:
    """A file of a published article (images inline, others as downloads); editors in scope see drafts'."""
    item = get_object_or_404(ArticleFile.objects.select_related("article"), pk=pk)
    public = item.article.status == Article.Status.PUBLISHED
    if not public and not Article.objects.visible_to(request.user).filter(pk=item.article_id).exists():
        raise Http404
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=not item.is_image,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # The bytes never change (a new upload is a new row): browsers may keep public images.
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    return response


@require_GET
def events(request: HttpRequest) -> HttpResponse:
    """Festival points from today on, by province; no guests or personal data (issue 6 §3)."""
    provinces = list(queries.provinces())
    province = request.GET.get("tinh", "")
    if province not in {p.key for p in provinces}:
        province = ""
    rows = queries.upcoming_events(timezone.localdate(), province)
    page = Paginator(rows, EVENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/events.html", {"page": page, "provinces": provinces, "province": province})


@require_GET
def recognised(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/recognised.html", queries.showcase_counts())


@require_GET
def how_to_report(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/how_to_report.html")
