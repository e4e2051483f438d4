"""Login through the real form: audit entries, lockout after 5 failures, password rules, session age."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from antq.core.models import AuditEntry
from antq.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")


def post_login(client: Client, username: str, password: str, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(LOGIN_URL, {"username": username, "password": password}, **extra)


def test_login_page_is_vietnamese() -> None:
    response = Client().get(LOGIN_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Tên đăng nhập" in content
    assert "Mật khẩu" in content


def test_successful_login_is_audited_with_ip(commune_a1_officer) -> None:
    client = Client()
    response = post_login(client, "commune_a1_officer", TEST_PASSWORD, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    entry = AuditEntry.objects.get(action="accounts.login")
    assert entry.actor == commune_a1_officer
    assert entry.actor_username == "commune_a1_officer"
    assert entry.ip_address == "203.0.113.7"
    assert "Phường Ba Đình" in entry.actor_unit
    # The session is authenticated: the home page answers.
    assert client.get(reverse("core:home")).status_code == 200


def test_logout_is_audited(commune_a1_officer) -> None:
    client = Client()
    post_login(client, "commune_a1_officer", TEST_PASSWORD)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="accounts.logout", actor=commune_a1_officer).count() == 1


def test_wrong_password_is_refused_in_vietnamese_and_audited(commune_a1_officer) -> None:
    response = post_login(Client(), "commune_a1_officer", "sai-mat-khau-123", REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    entry = AuditEntry.objects.get(action="accounts.login_failed")
    assert entry.actor is None
    assert entry.actor_username == "commune_a1_officer"
    assert entry.ip_address == "198.51.100.4"
    assert not AuditEntry.objects.filter(action="accounts.login").exists()


def test_five_failures_lock_the_account_for_fifteen_minutes(commune_a1_officer) -> None:
    client = Client()
    for _attempt in range(5):
        post_login(client, "commune_a1_officer", "sai-mat-khau-123")

    # The sixth attempt carries the right password and is still refused.
    response = post_login(client, "commune_a1_officer", TEST_PASSWORD)
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    content = response.content.decode()
    assert "Tài khoản tạm khóa" in content
    assert "15 phút" in content
    assert "_auth_user_id" not in client.session
    assert not AuditEntry.objects.filter(action="accounts.login").exists()

    # The lock follows the account, not the browser.
    assert post_login(Client(), "commune_a1_officer", TEST_PASSWORD).status_code == 429

    # Fifteen minutes later the failures have cooled off.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    response = post_login(client, "commune_a1_officer", TEST_PASSWORD)
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="accounts.login", actor=commune_a1_officer).count() == 1
    # A success resets the counter (AXES_RESET_ON_SUCCESS).
    assert not AccessAttempt.objects.filter(username="commune_a1_officer").exists()


def test_lockout_is_per_username_not_per_address(commune_a1_officer, commune_b1_officer) -> None:
    for _attempt in range(5):
        post_login(Client(), "commune_a1_officer", "sai-mat-khau-123", REMOTE_ADDR="10.0.0.1")
    # Officers of one police station share a NAT address; the colleague is not locked out.
    response = post_login(Client(), "commune_b1_officer", TEST_PASSWORD, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302


def test_four_failures_do_not_lock(commune_a1_officer) -> None:
    client = Client()
    for _attempt in range(4):
        post_login(client, "commune_a1_officer", "sai-mat-khau-123")
    assert post_login(client, "commune_a1_officer", TEST_PASSWORD).status_code == 302


def test_login_next_cannot_leave_the_site(commune_a1_officer) -> None:
    response = Client().post(
        f"{LOGIN_URL}?next=https://evil.example/",
        {"username": "commune_a1_officer", "password": TEST_PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response.url == reverse("core:home")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1-xyz", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ("password123", "Mật khẩu này quá phổ biến, dễ bị đoán."),
        ("8364920175", "Mật khẩu không được chỉ gồm chữ số."),
        ("commune_a1_officer", "Mật khẩu quá giống với"),
    ],
)
def test_password_change_rejects_weak_passwords_in_vietnamese(
    client_for, commune_a1_officer, password, message
):
    client = client_for(commune_a1_officer)
    url = reverse("accounts:password_change")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"old_password": TEST_PASSWORD, "new_password1": password, "new_password2": password}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "This password" not in content
    assert "Your password" not in content
    commune_a1_officer.refresh_from_db()
    assert commune_a1_officer.check_password(TEST_PASSWORD)


def test_password_change_accepts_a_strong_password(client_for, commune_a1_officer) -> None:
    client = client_for(commune_a1_officer)
    new = "Cong-an-xa-Ba-Dinh-2026!"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    commune_a1_officer.refresh_from_db()
    assert commune_a1_officer.check_password(new)
    assert AuditEntry.objects.filter(action="accounts.password.changed", actor=commune_a1_officer).exists()


def test_session_lasts_at_most_eight_hours_and_ends_with_the_browser(commune_a1_officer) -> None:
    client = Client()
    post_login(client, "commune_a1_officer", TEST_PASSWORD)
    session = client.session
    assert session.get_expiry_age() <= 8 * 3600
    assert session.get_expire_at_browser_close() is True
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"]
    # A browser-session cookie: no Max-Age/Expires, so closing the browser ends the session.
    assert not cookie["max-age"]
    assert not cookie["expires"]
