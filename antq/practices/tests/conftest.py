import datetime as dt

import pytest

from antq.practices.seed import seed_catalogue

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    # Future dates are refused and the default period is this year: pin "today" for stable tests.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def catalogue(db):
    seed_catalogue()


@pytest.fixture
def api_for():
    """api_for(user) -> request headers with a bearer token of `user`."""
    from antq.accounts.models import ApiToken

    def make(user):
        return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 't')[1]}"}

    return make
