from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from antq.assessments.seed import seed_assessments


class Command(BaseCommand):
    help = (
        "Nạp bộ tiêu chí TT 124, bảng điểm QĐ 510, thẩm quyền và kỳ đánh giá 2026 (không tạo trùng); "
        "với --demo thêm đăng ký, tự đánh giá, thẩm định và quyết định công nhận trình diễn."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--demo",
            action="store_true",
            help="thêm hồ sơ trình diễn của kỳ 2026 (qua các thao tác nghiệp vụ, cần chạy seed_demo trước)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        created = seed_assessments()
        self.stdout.write(
            "Đánh giá: thêm {sets} bộ tiêu chí, {criteria} tiêu chí, {thresholds} ngưỡng phân loại, "
            "{authority} quy định thẩm quyền, {cycles} kỳ đánh giá.".format(**created)
        )
        if options["demo"]:
            from antq.assessments.demo import seed_assessments_demo

            report = seed_assessments_demo()
            self.stdout.write(
                f"Dữ liệu mẫu đánh giá: {report.registered} đăng ký, {report.started} hồ sơ tự đánh giá, "
                f"{report.submitted} hồ sơ gửi, {report.approved} hồ sơ thẩm định, "
                f"{report.decisions} quyết định công nhận ({report.decided} hồ sơ); "
                f"ngưỡng phân loại mẫu cho {report.thresholds} bảng điểm (cần xác minh)."
            )
            for line in report.skipped:
                self.stdout.write(f"  Bỏ qua — {line}")
