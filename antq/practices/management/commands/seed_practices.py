from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from antq.practices.seed import seed_catalogue, seed_practices_demo


class Command(BaseCommand):
    help = "Nạp danh mục loại mô hình và loại hoạt động; với --demo thêm mô hình, điển hình, hoạt động mẫu."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demo", action="store_true", help="thêm dữ liệu trình diễn")

    def handle(self, *args: Any, **options: Any) -> None:
        types, kinds = seed_catalogue()
        self.stdout.write(f"Danh mục: thêm {types} loại mô hình, {kinds} loại hoạt động.")
        if options["demo"]:
            models, examples, activities = seed_practices_demo()
            self.stdout.write(
                f"Dữ liệu mẫu: thêm {models} mô hình, {examples} điển hình, {activities} hoạt động."
            )
