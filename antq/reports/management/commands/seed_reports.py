from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from antq.reports.seed import seed_definitions, seed_demo_reports


class Command(BaseCommand):
    help = (
        "Nạp các loại báo cáo định kỳ; với --demo thêm báo cáo mẫu của Hà Nội (cần tài khoản của seed_demo)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demo", action="store_true", help="Thêm báo cáo mẫu.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Loại báo cáo định kỳ: thêm {seed_definitions()}.")
        if options["demo"]:
            self.stdout.write(f"Báo cáo mẫu: thêm {seed_demo_reports()}.")
