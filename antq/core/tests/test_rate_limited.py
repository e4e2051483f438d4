"""The shared answer to a request over a rate limit: 429, Vietnamese, JSON under /api/."""

import json

import pytest
from django.test import RequestFactory
from django.utils import translation
from django_ratelimit.exceptions import Ratelimited

from antq.core.views import rate_limited


@pytest.mark.django_db
def test_page_answer_is_429_in_vietnamese():
    # A bare RequestFactory request skips LocaleMiddleware: fix the language another test may have left.
    with translation.override("vi"):
        response = rate_limited(RequestFactory().get("/cong-dong/to-giac/"), Ratelimited())
    assert response.status_code == 429
    assert "quá nhiều yêu cầu" in response.content.decode()


def test_api_answer_is_json_429():
    with translation.override("vi"):
        response = rate_limited(RequestFactory().post("/api/v1/public/tips"), Ratelimited())
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert "thử lại" in json.loads(response.content)["detail"]


@pytest.mark.django_db
def test_middleware_turns_ratelimited_into_429(client, settings):
    """A view that raises Ratelimited answers 429 through the middleware, not 403."""
    from django.urls import path

    def limited(request):
        raise Ratelimited()

    from config.urls import urlpatterns

    urlconf = type("U", (), {"urlpatterns": [path("gioi-han/", limited), *urlpatterns]})
    settings.ROOT_URLCONF = urlconf
    assert client.get("/gioi-han/").status_code == 429
