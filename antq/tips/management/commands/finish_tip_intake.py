"""The intake relay: finishes new tips (audit entry, notification of the receiving unit) as they arrive."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from antq.tips.actions import finish_pending_intakes


class Command(BaseCommand):
    help = (
        "Hoàn tất tiếp nhận tin mới gửi qua cổng công dân (ghi nhật ký, báo cho đơn vị tiếp nhận). "
        "Với --follow: chạy liên tục bên cạnh db_worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--follow", action="store_true", help="chạy liên tục, kiểm tra sau mỗi khoảng")
        parser.add_argument("--interval", type=float, default=1.0, help="số giây giữa hai lần kiểm tra (1)")
        parser.add_argument("--batch", type=int, default=200, help="số tin tối đa mỗi lần (200)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["follow"]:
            done = finish_pending_intakes(limit=options["batch"])
            self.stdout.write(f"Đã hoàn tất tiếp nhận {done} tin.")
            return
        while True:
            close_old_connections()
            done = finish_pending_intakes(limit=options["batch"])
            if done < options["batch"]:
                time.sleep(options["interval"])
