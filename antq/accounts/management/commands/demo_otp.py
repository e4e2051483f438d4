from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from antq.accounts.demo import DEMO_ACCOUNTS, current_code


class Command(BaseCommand):
    help = "In mã xác thực TOTP hiện tại của một tài khoản trình diễn (chỉ dùng cho bản trình diễn)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        if username not in {a.username for a in DEMO_ACCOUNTS}:
            raise CommandError("Chỉ in mã cho tài khoản trình diễn.")
        device = TOTPDevice.objects.filter(user__username=username, name="ANTQ demo", confirmed=True).first()
        if device is None:
            raise CommandError("Tài khoản chưa có thiết bị xác thực; chạy `make run` trước.")
        self.stdout.write(current_code(device))
