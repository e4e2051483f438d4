from typing import Any

from django.core.management.base import BaseCommand

from antq.forces.tallies import recompute_all_force_tallies


class Command(BaseCommand):
    help = (
        "Tính lại số liệu tổng hợp lực lượng bảo vệ ANTT của mọi xã (chạy hằng đêm để cập nhật độ tuổi; "
        "sau khi nhập dữ liệu trực tiếp vào cơ sở dữ liệu)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        written = recompute_all_force_tallies()
        self.stdout.write(f"Đã tính lại số liệu của {written} xã.")
