import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from antq.dashboards import snapshots


class Command(BaseCommand):
    help = (
        "Tổng hợp lại số liệu chỉ số (bảng điều hành, bản đồ, API) theo năm: mặc định năm nay và bốn năm "
        "trước; --current chỉ năm nay; --enqueue đưa vào hàng đợi việc nền thay vì chạy ngay."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--years", default="", help="Các năm, cách nhau bởi dấu phẩy (vd. 2025,2026).")
        parser.add_argument("--current", action="store_true", help="Chỉ năm hiện tại.")
        parser.add_argument("--enqueue", action="store_true", help="Chạy bằng việc nền (db_worker).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            years = [int(part) for part in options["years"].split(",") if part.strip()]
        except ValueError as exc:
            raise CommandError("--years: năm không hợp lệ.") from exc
        if options["current"]:
            years = [timezone.localdate().year]
        chosen = years or snapshots.default_years()
        if options["enqueue"]:
            from antq.dashboards.tasks import refresh_indicators

            result = refresh_indicators.enqueue(chosen)
            self.stdout.write(f"Đã đưa vào hàng đợi: {result.id}")
            return
        for y in chosen:
            started = time.perf_counter()
            rows = snapshots.refresh_year(y)
            self.stdout.write(f"{y}: {rows} đơn vị, {time.perf_counter() - started:.1f} s")
