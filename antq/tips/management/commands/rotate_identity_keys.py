from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from antq.core.audit import log_action
from antq.tips import crypto
from antq.tips.models import InformantIdentity


class Command(BaseCommand):
    help = (
        "Mã hóa lại mọi danh tính bằng khóa đầu tiên của ANTQ_IDENTITY_KEYS (xoay vòng khóa); "
        "--new-key chỉ in ra một khóa mới."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--new-key", action="store_true", help="In một khóa Fernet mới rồi thoát.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(crypto.new_key())
            return
        count = 0
        with transaction.atomic():
            for identity in InformantIdentity.objects.select_for_update().exclude(ciphertext="").iterator():
                identity.ciphertext = crypto.rotate(identity.ciphertext)
                identity.save(update_fields=["ciphertext"])
                count += 1
            log_action(None, "tips.keys.rotated", actor_username="system", data={"identities": count})
        self.stdout.write(f"Đã mã hóa lại {count} danh tính.")
