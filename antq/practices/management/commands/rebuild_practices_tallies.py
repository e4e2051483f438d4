from typing import Any

from django.core.management.base import BaseCommand

from antq.practices.tallies import rebuild_activity_tallies, rebuild_model_tallies


class Command(BaseCommand):
    help = (
        "Tính lại số liệu tổng hợp mô hình và hoạt động phong trào của trang tổng hợp toàn quốc "
        "(sau khi nhập dữ liệu trực tiếp vào cơ sở dữ liệu hoặc sửa dữ liệu)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        models = rebuild_model_tallies()
        activities = rebuild_activity_tallies()
        self.stdout.write(f"Đã tính lại {models} ô số liệu mô hình và {activities} ô số liệu hoạt động.")
