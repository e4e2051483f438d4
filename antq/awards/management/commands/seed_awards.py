from typing import Any

from django.core.management.base import BaseCommand

from antq.awards.seed import seed_awards_demo


class Command(BaseCommand):
    help = "Thêm dữ liệu mẫu đề nghị, quyết định khen thưởng (cần tài khoản mẫu của seed_demo)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Dữ liệu mẫu khen thưởng: thêm {seed_awards_demo()} mục.")
