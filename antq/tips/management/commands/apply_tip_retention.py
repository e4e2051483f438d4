from django.core.management.base import BaseCommand

from antq.tips.actions import apply_retention


class Command(BaseCommand):
    help = "Xóa danh tính và tệp đính kèm của tin đã kết thúc quá thời hạn lưu (ANTQ_TIPS_RETENTION_DAYS)."

    def handle(self, *args: object, **options: object) -> None:
        result = apply_retention()
        self.stdout.write(
            f"Đã xử lý {result['tips']} tin: xóa {result['identities']} danh tính, {result['files']} tệp."
        )
