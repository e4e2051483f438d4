import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _portal_files(settings, tmp_path):
    """Article files go to a temporary folder; rate-limit counters start from zero."""
    settings.ANTQ_PORTAL_FILES_ROOT = tmp_path / "portal-files"
    cache.clear()
    yield
    cache.clear()
