"""Read models of the portal: public lists and the home page in a constant number of queries.

Other apps are read only through their `queries` modules (festival, assessments, practices).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from antq.assessments import queries as assessment_queries
from antq.festival import queries as festival_queries
from antq.portal.models import Article, ArticleFile, Comment
from antq.practices import queries as practice_queries
from antq.units.models import Unit

HOME_NEWS = 6
HOME_EVENTS = 5


def _with_cover(articles: QuerySet[Article]) -> QuerySet[Article]:
    cover = ArticleFile.objects.filter(article=OuterRef("pk"), role=ArticleFile.Role.COVER).values("pk")[:1]
    return articles.annotate(cover_id=Subquery(cover))


def public_articles(text: str = "", kind: str = "") -> QuerySet[Article]:
    """Published articles, newest first, searched by title without accents ("ha noi" finds "Hà Nội")."""
    articles = Article.objects.published().search(text)
    if kind in Article.Kind.values:
        articles = articles.filter(kind=kind)
    return _with_cover(articles.select_related("unit")).defer("body")


def public_article(pk: int) -> Article | None:
    """A published article with its publisher, or None (drafts and withdrawn articles are not public)."""
    return _with_cover(Article.objects.published().select_related("unit")).filter(pk=pk).first()


def public_files(article: Article) -> list[ArticleFile]:
    return list(article.files.filter(role=ArticleFile.Role.ATTACHMENT))


def approved_comments(article: Article) -> QuerySet[Comment]:
    return article.comments.approved().only("name", "body", "created_at", "article_id")


def upcoming_events(today: dt.date, province_key: str = "") -> QuerySet[Any, Any]:
    return festival_queries.upcoming_public_events(today, province_key=province_key)


def provinces() -> QuerySet[Unit]:
    return Unit.objects.filter(level=Unit.Level.PROVINCE, is_legacy=False, valid_to__isnull=True).order_by(
        "name"
    )


@dataclass
class Home:
    """What the portal's home page shows."""

    news: list[Article]
    announcements: list[Article]
    events: list[dict[str, Any]]
    recognised: tuple[int, int] | None
    models_count: int


def home(today: dt.date) -> Home:
    """Latest news and announcements, the next festival points and the showcase counts (five queries)."""
    latest = list(public_articles()[: HOME_NEWS * 2])
    return Home(
        news=[a for a in latest if a.kind == Article.Kind.NEWS][:HOME_NEWS],
        announcements=[a for a in latest if a.kind == Article.Kind.ANNOUNCEMENT][:HOME_NEWS],
        events=list(upcoming_events(today)[:HOME_EVENTS]),
        **showcase_counts(),
    )


def showcase_counts() -> dict[str, Any]:
    """The latest year's recognised units (year, count) and the count of showcased models."""
    return {
        "recognised": assessment_queries.public_recognised_summary(),
        "models_count": practice_queries.showcase().count(),
    }


# --- Back office (editor) --------------------------------------------------------------------------


def editor_articles(user: Any, text: str = "", status: str = "") -> QuerySet[Article]:
    """The articles of the editor's scope, any status, with their pending comment counts."""
    articles = Article.objects.visible_to(user).search(text)
    if status in Article.Status.values:
        articles = articles.filter(status=status)
    return (
        articles.select_related("unit", "author")
        .defer("body")
        .annotate(pending=Count("comments", filter=Q(comments__status=Comment.Status.PENDING)))
        .order_by("-updated_at", "-pk")
    )


def pending_comments(user: Any) -> QuerySet[Comment]:
    """The moderation queue: pending comments on articles of the editor's scope, oldest first."""
    return (
        Comment.objects.visible_to(user)
        .filter(status=Comment.Status.PENDING)
        .select_related("article__unit")
        .order_by("created_at", "pk")
    )
