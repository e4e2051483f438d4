from django.core.management.base import BaseCommand

from antq.tips.seed import seed_tips_demo


class Command(BaseCommand):
    help = "Tạo tin báo, phản ánh mẫu ở phường Ba Đình và tài khoản cán bộ thụ lý tinbao.badinh (cần OTP)."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"Đã tạo {seed_tips_demo()} bản ghi mẫu.")
