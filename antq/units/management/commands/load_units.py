from typing import Any

from django.core.management.base import BaseCommand

from antq.units.actions import load_national_units


class Command(BaseCommand):
    help = "Nạp 34 tỉnh, 3.321 xã và các đơn vị trước sắp xếp 2025 (chạy lại không thay đổi gì)."

    def handle(self, *args: Any, **options: Any) -> None:
        stats = load_national_units()
        self.stdout.write(
            f"Đơn vị: tạo mới {stats.created}, cập nhật {stats.updated}, giữ nguyên {stats.unchanged}; "
            f"liên kết kế thừa mới {stats.links_created}."
        )
