"""Demo accounts for `make run`: one per role, with fixed passwords listed in the README."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from antq.accounts.models import Role, RoleAssignment, User
from antq.units.models import Unit

DEMO_PASSWORD = "DemoANTQ-2026"  # noqa: S105 (published demo password, README)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str | None
    unit_key: str | None
    superuser: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("quantri", "Trần Quốc Bảo", Role.NATIONAL_ADMIN, "VN"),
    DemoAccount("tinh.hanoi", "Lê Thị Thu Hà", Role.PROVINCE_OFFICER, "01"),
    DemoAccount("xa.badinh", "Nguyễn Văn Minh", Role.COMMUNE_OFFICER, "00004"),
    DemoAccount("xa.saigon", "Phạm Thị Lan", Role.COMMUNE_OFFICER, "26740"),
    DemoAccount("bcd.badinh", "Đỗ Văn Hùng", Role.STEERING_MEMBER, "00004"),
    # The tip handler of Phường Ba Đình (antq/tips): the only role that may reveal an informant; OTP.
    DemoAccount("tinbao.badinh", "Trần Văn Thụ Lý", Role.TIP_HANDLER, "00004"),
    DemoAccount("admin", "Quản trị kỹ thuật", None, None, superuser=True),
)


def demo_totp_key(username: str) -> str:
    """A fixed TOTP key per demo user, so the README can say how to get a code."""
    return hashlib.sha1(f"antq-demo-totp-{username}".encode(), usedforsecurity=False).hexdigest()


def base32_secret(hex_key: str) -> str:
    return base64.b32encode(bytes.fromhex(hex_key)).decode()


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def ensure_demo_accounts(*, reset_passwords: bool = False) -> list[tuple[DemoAccount, User, str | None]]:
    """Create or refresh the demo accounts; returns each with its TOTP secret when one is required."""
    result = []
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(username=account.username)
        user.full_name = account.full_name
        user.is_superuser = user.is_staff = account.superuser
        # Hashing is slow on purpose; a second `make run` keeps the passwords it set the first time.
        if created or reset_passwords:
            user.set_password(DEMO_PASSWORD)
        user.save()
        if account.role and account.unit_key:
            RoleAssignment.objects.update_or_create(
                user=user,
                role=account.role,
                unit=Unit.objects.get(key=account.unit_key),
                defaults={"is_active": True},
            )
        secret = None
        if user.needs_otp:
            key = demo_totp_key(account.username)
            TOTPDevice.objects.update_or_create(
                user=user, name="ANTQ demo", defaults={"key": key, "confirmed": True}
            )
            secret = base32_secret(key)
        result.append((account, user, secret))
    return result
