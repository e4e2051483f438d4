from typing import Any

from django.core.management.base import BaseCommand

from antq.assessments.seed import seed_assessments


class Command(BaseCommand):
    help = "Nạp bộ tiêu chí TT 124, bảng điểm QĐ 510, thẩm quyền và kỳ đánh giá 2026 (không tạo trùng)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = seed_assessments()
        self.stdout.write(
            "Đánh giá: thêm {sets} bộ tiêu chí, {criteria} tiêu chí, {thresholds} ngưỡng phân loại, "
            "{authority} quy định thẩm quyền, {cycles} kỳ đánh giá.".format(**created)
        )
