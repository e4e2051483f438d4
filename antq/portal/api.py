"""Public, read-only API of the portal: published articles (list with search, detail).

No token is needed (auth=None); each client address is rate-limited (ANTQ_PORTAL_API_RATE, counted in
the cache, never stored). Drafts and withdrawn articles answer 404 like unknown ones.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.urls import reverse
from django_ratelimit.decorators import ratelimit
from ninja import Path, Query, Router, Schema

from antq.accounts.api import PUBLIC_ERROR_RESPONSES
from antq.portal import queries
from antq.portal.models import Article

router = Router()
DB_INT_MAX = 2_147_483_647
PAGE_SIZE = 20


def api_rate(group: str, request: HttpRequest) -> str:
    return str(settings.ANTQ_PORTAL_API_RATE)


class AttachmentOut(Schema):
    name: str
    content_type: str
    size: int
    url: str


class ArticleSummaryOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    unit: str
    published_at: dt.datetime
    url: str


class ArticleOut(ArticleSummaryOut):
    body: str
    cover_url: str | None
    attachments: list[AttachmentOut]


class ArticlePage(Schema):
    count: int
    page: int
    pages: int
    results: list[ArticleSummaryOut]


def _summary(article: Article) -> dict[str, object]:
    return {
        "id": article.pk,
        "kind": article.kind,
        "title": article.title,
        "summary": article.summary,
        "unit": article.unit.name,
        "published_at": article.published_at,
        "url": reverse("portal:article", args=[article.pk]),
    }


@router.get("/articles", response={200: ArticlePage, **PUBLIC_ERROR_RESPONSES}, auth=None)
@ratelimit(key="ip", rate=api_rate, block=True)
def list_articles(
    request: HttpRequest,
    q: str = Query("", max_length=100, description="Tìm theo tiêu đề, có dấu hoặc không dấu."),
    kind: str = Query("", max_length=20, description="news hoặc announcement; trống: tất cả."),
    page: int = Query(1, ge=1, le=100_000),
) -> dict[str, object]:
    """Published articles, newest first; `q` searches titles without accents ("ha noi" finds "Hà Nội")."""
    # The rate-limit wrapper hides this module's names from ninja: plain parameters, no Query[Schema].
    paginator = Paginator(queries.public_articles(q, kind), PAGE_SIZE)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "results": [_summary(a) for a in current],
    }


@router.get("/articles/{article_id}", response={200: ArticleOut, **PUBLIC_ERROR_RESPONSES}, auth=None)
@ratelimit(key="ip", rate=api_rate, block=True)
def get_article(request: HttpRequest, article_id: int = Path(..., ge=1, le=DB_INT_MAX)) -> dict[str, object]:
    """One published article with its body (plain text) and files."""
    article = queries.public_article(article_id)
    if article is None:
        raise Http404
    cover = getattr(article, "cover_id", None)
    return {
        **_summary(article),
        "body": article.body,
        "cover_url": reverse("portal:file", args=[cover]) if cover else None,
        "attachments": [
            {
                "name": f.original_name,
                "content_type": f.content_type,
                "size": f.size,
                "url": reverse("portal:file", args=[f.pk]),
            }
            for f in queries.public_files(article)
        ],
    }
