from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from antq.accounts.demo import DEMO_PASSWORD, ensure_demo_accounts
from antq.units.seed import seed_units_demo


class Command(BaseCommand):
    help = "Tạo dữ liệu và tài khoản trình diễn (chạy lại không tạo trùng)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset-passwords", action="store_true", help="đặt lại mật khẩu tài khoản trình diễn"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        areas, orgs = seed_units_demo()
        self.stdout.write(f"Dữ liệu mẫu: thêm {areas} khu dân cư, {orgs} cơ quan/doanh nghiệp/trường.")
        self.stdout.write("")
        self.stdout.write(f"Tài khoản trình diễn (mật khẩu chung: {DEMO_PASSWORD}):")
        for account, user, secret in ensure_demo_accounts(reset_passwords=options["reset_passwords"]):
            roles = ", ".join(f"{a.get_role_display()} — {a.unit.name}" for a in user.active_roles)
            line = f"  {account.username:<12} {roles or 'Quản trị kỹ thuật (superuser)'}"
            if secret:
                line += f"\n  {'':<12} mã xác thực: `make otp U={account.username}` (khóa TOTP {secret})"
            self.stdout.write(line)
