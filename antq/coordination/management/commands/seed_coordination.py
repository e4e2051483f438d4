from typing import Any

from django.core.management.base import BaseCommand

from antq.coordination.seed import seed_coordination_demo


class Command(BaseCommand):
    help = "Thêm dữ liệu mẫu chương trình phối hợp và kiểm tra (cần tài khoản mẫu của seed_demo)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Dữ liệu mẫu phối hợp, kiểm tra: thêm {seed_coordination_demo()} mục.")
