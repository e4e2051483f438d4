from typing import Any

from django.core.management.base import BaseCommand

from antq.festival.seed import seed_festival_demo


class Command(BaseCommand):
    help = "Thêm dữ liệu mẫu Ngày hội toàn dân bảo vệ ANTQ (cần tài khoản mẫu của seed_demo)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Dữ liệu mẫu Ngày hội: thêm {seed_festival_demo()} mục.")
