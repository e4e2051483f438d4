from typing import Any

from django.core.management.base import BaseCommand

from antq.accounts.demo import DEMO_PASSWORD
from antq.portal.seed import EDITOR, seed_portal_demo


class Command(BaseCommand):
    help = "Thêm bài viết mẫu của cổng thông tin và tài khoản biên tập viên mẫu (cần bản đồ đơn vị)."

    def handle(self, *args: Any, **options: Any) -> None:
        added = seed_portal_demo()
        self.stdout.write(f"Cổng thông tin: thêm {added} bài viết; biên tập viên {EDITOR} / {DEMO_PASSWORD}.")
