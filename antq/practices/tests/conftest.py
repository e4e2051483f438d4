import pytest

from antq.practices.seed import seed_catalogue


@pytest.fixture
def catalogue(db):
    seed_catalogue()
