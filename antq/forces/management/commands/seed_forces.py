from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from antq.forces.ranking_seed import seed_ranking
from antq.forces.seed import seed_forces_demo, seed_team_size_rules


class Command(BaseCommand):
    help = "Nạp quy định số thành viên tổ bảo vệ ANTT; với --demo thêm tổ và thành viên trình diễn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demo", action="store_true", help="thêm tổ, thành viên trình diễn")

    def handle(self, *args: Any, **options: Any) -> None:
        rules = seed_team_size_rules()
        self.stdout.write(f"Quy định số thành viên tổ: thêm {rules}.")
        self.stdout.write(f"Quy định và tiêu chí xếp loại tổ: thêm {seed_ranking()}.")
        if options["demo"]:
            teams, members = seed_forces_demo()
            self.stdout.write(f"Dữ liệu mẫu lực lượng: thêm {teams} tổ, {members} thành viên.")
