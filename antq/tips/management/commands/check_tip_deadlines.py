import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand

from antq.tips.actions import check_deadlines, finish_pending_intakes


class Command(BaseCommand):
    help = (
        "Kiểm tra hằng ngày: hoàn tất tiếp nhận các tin còn chờ, báo cho đơn vị số tin báo quá hạn, "
        "sắp đến hạn giải quyết."
    )

    def handle(self, *args: object, **options: object) -> None:
        # A tip whose intake job was lost (worker down, queue emptied) is finished here.
        finished = finish_pending_intakes(grace=dt.timedelta(minutes=settings.ANTQ_TIPS_INTAKE_GRACE_MINUTES))
        result = check_deadlines()
        self.stdout.write(f"Đã hoàn tất tiếp nhận {finished} tin; đã báo cho {result['units']} đơn vị.")
