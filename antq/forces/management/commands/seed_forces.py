from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from antq.forces.ranking_seed import seed_ranking
from antq.forces.seed import seed_allowance_rates, seed_forces_demo, seed_team_size_rules
from antq.forces.tallies import recompute_all_force_tallies


class Command(BaseCommand):
    help = (
        "Nạp quy định số thành viên tổ bảo vệ ANTT và mức hỗ trợ mẫu; với --demo thêm tổ và thành viên "
        "trình diễn."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demo", action="store_true", help="thêm tổ, thành viên trình diễn")

    def handle(self, *args: Any, **options: Any) -> None:
        rules = seed_team_size_rules()
        self.stdout.write(f"Quy định số thành viên tổ: thêm {rules}.")
        self.stdout.write(f"Quy định và tiêu chí xếp loại tổ: thêm {seed_ranking()}.")
        rates = seed_allowance_rates()
        self.stdout.write(f"Mức hỗ trợ hằng tháng: thêm {rates}.")
        if options["demo"]:
            teams, members = seed_forces_demo()
            self.stdout.write(f"Dữ liệu mẫu lực lượng: thêm {teams} tổ, {members} thành viên.")
            # The demo rows are written directly, not through the actions: count them for the overview.
            recompute_all_force_tallies()
