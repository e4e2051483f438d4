import pytest
from cryptography.fernet import Fernet

TEST_KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def _tips_settings(settings, tmp_path):
    settings.ANTQ_TIPS_FILES_DIR = tmp_path / "tip-files"
    settings.ANTQ_IDENTITY_KEYS = [TEST_KEY]
    settings.ANTQ_NOTIFY_EMAIL = False


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
