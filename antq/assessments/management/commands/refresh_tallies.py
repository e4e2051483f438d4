import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from antq.assessments.models import Cycle
from antq.assessments.tallies import rebuild_tallies


class Command(BaseCommand):
    help = (
        "Tính lại toàn bộ số liệu tổng hợp theo xã của các kỳ đánh giá (hoặc của một năm) "
        "từ đăng ký và hồ sơ tự đánh giá."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="chỉ tính lại kỳ đánh giá của năm này")

    def handle(self, *args: Any, **options: Any) -> None:
        cycles = Cycle.objects.order_by("year")
        if options["year"] is not None:
            cycles = cycles.filter(year=options["year"])
            if not cycles.exists():
                raise CommandError(f"Không có kỳ đánh giá năm {options['year']}.")
        for cycle in cycles:
            started = time.perf_counter()
            rows = rebuild_tallies(cycle)
            self.stdout.write(
                f"Kỳ {cycle.year}: {rows} dòng tổng hợp ({time.perf_counter() - started:.1f} giây)."
            )
