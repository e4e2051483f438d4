"""Two-factor login: national and provincial roles must pass TOTP; commune roles need not."""

from __future__ import annotations

import re
from base64 import b32encode
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.timezone import now
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from antq.core.models import AuditEntry
from antq.testing.factories import TEST_PASSWORD, totp_device

pytestmark = pytest.mark.django_db

OTP_URL = reverse("accounts:otp")


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:0{device.digits}d}"


def password_only(user) -> Client:  # type: ignore[no-untyped-def]
    """A client that passed the password step through the real login form, not the TOTP step."""
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def assert_sent_to_otp(response, next_path: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 302
    url = urlsplit(response.url)
    assert url.path == OTP_URL
    assert parse_qs(url.query)["next"] == [next_path]


@pytest.mark.parametrize("path", ["/", "/don-vi/", "/tai-khoan/ho-so/", "/tai-khoan/nhat-ky/", "/quan-tri/"])
def test_province_officer_without_otp_is_sent_to_the_otp_page(province_a_officer, path) -> None:
    response = password_only(province_a_officer).get(path)
    assert_sent_to_otp(response, path)


def test_next_keeps_the_whole_query_string(province_a_officer) -> None:
    response = password_only(province_a_officer).get("/don-vi/tim-kiem/?q=ha+noi&level=province")
    assert_sent_to_otp(response, "/don-vi/tim-kiem/?q=ha+noi&level=province")


def test_national_admin_and_superuser_need_otp_too(national_admin, django_user_model) -> None:
    assert_sent_to_otp(password_only(national_admin).get("/"), "/")
    django_user_model.objects.create_superuser("quantri", "quantri@example.vn", TEST_PASSWORD)
    client = Client()
    client.post(reverse("accounts:login"), {"username": "quantri", "password": TEST_PASSWORD})
    assert_sent_to_otp(client.get("/quan-tri/"), "/quan-tri/")


def test_open_paths_stay_reachable_without_otp(province_a_officer) -> None:
    client = password_only(province_a_officer)
    assert client.get("/healthz").status_code == 200
    # Static paths are never redirected to the code page. (A missing file keeps the response plain:
    # closing a served file response would fire request_finished and drop the test's transaction.)
    assert client.get("/static/antq/khong-co.css").status_code == 404
    assert client.get(OTP_URL).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert AuditEntry.objects.filter(action="accounts.logout", actor=province_a_officer).exists()


def test_enrolment_shows_a_qr_code_and_the_secret(province_a_officer) -> None:
    response = password_only(province_a_officer).get(OTP_URL)
    assert response.status_code == 200
    assert response.context["enrolling"] is True
    content = response.content.decode()
    assert "<svg" in content
    device = TOTPDevice.objects.get(user=province_a_officer, confirmed=False)
    assert response.context["secret"] == b32encode(device.bin_key).decode()
    assert response.context["secret"] in content
    assert "Quét mã QR" in content


def test_enrolment_reuses_the_pending_device(province_a_officer) -> None:
    client = password_only(province_a_officer)
    client.get(OTP_URL)
    client.get(OTP_URL)
    assert TOTPDevice.objects.filter(user=province_a_officer).count() == 1


def test_enrolment_with_a_real_code_confirms_the_device_and_lets_the_user_in(province_a_officer) -> None:
    client = password_only(province_a_officer)
    client.get(f"{OTP_URL}?next=/don-vi/")
    device = TOTPDevice.objects.get(user=province_a_officer)
    response = client.post(OTP_URL, {"token": current_code(device), "next": "/don-vi/"})
    assert response.status_code == 302
    assert response.url == "/don-vi/"
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(action="accounts.totp.enrolled", actor=province_a_officer).exists()
    assert client.get("/").status_code == 200
    assert client.get("/don-vi/").status_code == 200


def test_enrolment_wrong_code_is_refused_in_vietnamese(province_a_officer) -> None:
    client = password_only(province_a_officer)
    client.get(OTP_URL)
    device = TOTPDevice.objects.get(user=province_a_officer)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(OTP_URL, {"token": wrong})
    assert response.status_code == 200
    assert "Mã xác thực không đúng hoặc đã hết hạn." in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert_sent_to_otp(client.get("/"), "/")


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("abcdef", "Mã xác thực gồm 6 chữ số."),
        ("123", "Mã xác thực gồm 6 chữ số."),
        ("", "Vui lòng nhập mã xác thực."),
    ],
)
def test_malformed_codes_get_vietnamese_errors(province_a_officer, token, message) -> None:
    client = password_only(province_a_officer)
    response = client.post(OTP_URL, {"token": token})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_confirmed_device_verifies_and_failures_are_audited(province_a_officer) -> None:
    device = totp_device(province_a_officer)
    client = password_only(province_a_officer)
    response = client.get(OTP_URL)
    assert response.context["enrolling"] is False
    assert "<svg" not in response.content.decode()

    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(OTP_URL, {"token": wrong})
    assert "Mã xác thực không đúng hoặc đã hết hạn." in response.content.decode()
    assert AuditEntry.objects.filter(action="accounts.totp.failed", actor=province_a_officer).count() == 1

    # Right after a failure django-otp throttles the device (1 s, then 2, 4, …); the page says so.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=3, throttling_failure_timestamp=now()
    )
    response = client.post(OTP_URL, {"token": current_code(device)})
    assert response.status_code == 200
    assert re.search(r"Vui lòng thử lại sau [34] giây\.", response.content.decode())

    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    response = client.post(OTP_URL, {"token": current_code(device)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert TOTPDevice.objects.filter(user=province_a_officer).count() == 1


def test_a_used_code_cannot_be_replayed(province_a_officer) -> None:
    device = totp_device(province_a_officer)
    code = current_code(device)
    assert password_only(province_a_officer).post(OTP_URL, {"token": code}).status_code == 302
    response = password_only(province_a_officer).post(OTP_URL, {"token": code})
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["commune_a1_officer", "steering_a1_member"])
def test_commune_roles_are_not_forced_to_otp(request, persona) -> None:
    user = request.getfixturevalue(persona)
    client = password_only(user)
    assert client.get("/").status_code == 200
    assert client.get("/tai-khoan/ho-so/").status_code == 200


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/", "javascript:alert(1)"],
)
def test_next_cannot_leave_the_site(province_a_officer, target) -> None:
    client = password_only(province_a_officer)
    client.get(OTP_URL)
    device = TOTPDevice.objects.get(user=province_a_officer)
    response = client.post(f"{OTP_URL}?next={target}", {"token": current_code(device), "next": target})
    assert response.status_code == 302
    assert response.url == "/"


def test_otp_page_requires_login() -> None:
    response = Client().get(OTP_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
