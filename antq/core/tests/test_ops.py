import subprocess
import sys

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_healthz_checks_the_database(client, monkeypatch):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}

    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(connection, "cursor", broken)
    assert client.get("/healthz").status_code == 503


def test_readyz_reports_the_map(client):
    body = client.get("/readyz").json()
    assert body == {"status": "ok", "pending_migrations": 0, "provinces": 34}


def test_not_found_page_is_vietnamese(client):
    response = client.get("/khong-ton-tai/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_security_headers(client):
    response = client.get("/tai-khoan/dang-nhap/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "nonce-" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_debug_is_off_unless_asked():
    from django.conf import settings

    assert settings.DEBUG is False


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SECRET_KEY": "p" * 20 + "-production-secret-key-for-check-deploy-0123456789",
        "DJANGO_ALLOWED_HOSTS": "antq.bocongan.gov.vn",
        "DJANGO_SECURE_SSL_REDIRECT": "1",
        "DJANGO_SECURE_COOKIES": "1",
        "DJANGO_HSTS_SECONDS": "31536000",
        "DATABASE_URL": f"sqlite:///{tmp_path}/deploy.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_vietnamese_is_the_default_whatever_the_browser_says(client):
    html = client.get("/tai-khoan/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in html
    assert "Đăng nhập" in html
