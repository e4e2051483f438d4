from typing import Any

from django.core.management.base import BaseCommand

from antq.movement.seed import seed_movement_demo


class Command(BaseCommand):
    help = "Thêm dữ liệu trình diễn chỉ đạo, kế hoạch: kế hoạch toàn quốc, Ban Chỉ đạo Hà Nội, văn bản."

    def handle(self, *args: Any, **options: Any) -> None:
        documents, tasks = seed_movement_demo()
        self.stdout.write(f"Dữ liệu mẫu chỉ đạo, kế hoạch: {documents} văn bản, {tasks} nhiệm vụ.")
