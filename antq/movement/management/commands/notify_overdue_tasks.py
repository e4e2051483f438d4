from typing import Any

from django.core.management.base import BaseCommand

from antq.movement.actions import notify_overdue_tasks


class Command(BaseCommand):
    help = "Nhắc các nhiệm vụ quá hạn (mỗi nhiệm vụ một lần); chạy hằng ngày."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Đã nhắc {notify_overdue_tasks()} nhiệm vụ quá hạn.")
