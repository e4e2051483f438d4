import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from antq.core.errors import DomainError
from antq.units.actions import merge_units
from antq.units.models import Unit


class Command(BaseCommand):
    help = (
        "Sắp xếp đơn vị: cho các đơn vị cũ hết hiệu lực, chuyển khu dân cư, tổ chức (hoặc xã) "
        "sang đơn vị kế thừa và ghi liên kết. Ví dụ: merge_units 00004 00008 --into 00025 --date 01/01/2027"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="+", help="mã các đơn vị bị sắp xếp")
        parser.add_argument("--into", required=True, help="mã đơn vị kế thừa")
        parser.add_argument("--date", required=True, help="ngày hiệu lực, dd/mm/yyyy")
        parser.add_argument("--source", default="", help="căn cứ pháp lý, ví dụ số nghị quyết")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            effective = dt.datetime.strptime(options["date"], "%d/%m/%Y").date()
        except ValueError as exc:
            raise CommandError("Ngày không hợp lệ, cần dạng dd/mm/yyyy.") from exc
        current = Unit.objects.current().filter(is_legacy=False)
        found = {u.key: u for u in current.filter(key__in=[*options["codes"], options["into"]])}
        missing = [c for c in [*options["codes"], options["into"]] if c not in found]
        if missing:
            raise CommandError(f"Không tìm thấy đơn vị đang hiệu lực: {', '.join(missing)}")
        try:
            merge_units(
                [found[c] for c in options["codes"]],
                found[options["into"]],
                effective=effective,
                source=options["source"],
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Đã sắp xếp {len(options['codes'])} đơn vị vào {found[options['into']].name}.")
