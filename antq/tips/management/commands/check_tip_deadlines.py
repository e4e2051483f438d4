from django.core.management.base import BaseCommand

from antq.tips.actions import check_deadlines


class Command(BaseCommand):
    help = "Kiểm tra hằng ngày: báo cho đơn vị số tin báo quá hạn, sắp đến hạn giải quyết."

    def handle(self, *args: object, **options: object) -> None:
        result = check_deadlines()
        self.stdout.write(f"Đã báo cho {result['units']} đơn vị.")
