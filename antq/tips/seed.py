"""Reference data (categories, the personal-data notice) and demo tips for `make run`.

The reference rows come from migration 0002; `ensure_reference_data()` puts them back where a test
flushed the database. Demo tips are made through the actions, like real intake.
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from django.db import transaction

from antq.tips.models import ConsentNotice, Tip, TipCategory

_defaults: Any = importlib.import_module("antq.tips.migrations.0002_categories_and_notice")


def ensure_reference_data() -> None:
    """The default categories and the current notice, created when missing (idempotent)."""
    for order, (code, name, for_feedback) in enumerate(_defaults.CATEGORIES):
        TipCategory.objects.get_or_create(
            code=code, defaults={"name": name, "for_feedback": for_feedback, "order": order}
        )
    ConsentNotice.objects.get_or_create(version=_defaults.NOTICE["version"], defaults=_defaults.NOTICE)


DEMO_TIPS = [
    (
        "crime_denunciation",
        "ma-tuy",
        "Nhóm thanh niên tụ tập sử dụng ma túy đá vào buổi tối tại khu nhà trọ cuối ngõ.",
        None,
    ),
    (
        "crime_report",
        "lua-dao",
        "Có người gọi điện giả danh Công an yêu cầu chuyển tiền để “xác minh tài khoản”.",
        None,
    ),
    (
        "crime_denunciation",
        "co-bac",
        "Một điểm đánh bạc ăn tiền hoạt động hằng đêm trong kho hàng gần chợ.",
        {"full_name": "Nguyễn Thị Demo", "phone": "0912000111", "email": "", "address": "", "id_number": ""},
    ),
    (
        "feedback",
        "tieng-on",
        "Quán karaoke hát to sau 23 giờ nhiều đêm liên tiếp, ảnh hưởng giấc ngủ của cả khu phố.",
        None,
    ),
    (
        "recommendation",
        "giao-thong",
        "Đề nghị bố trí lực lượng phân luồng giờ tan trường trước cổng trường tiểu học.",
        None,
    ),
    (
        "crime_report",
        "ma-tuy",
        "Nhiều người lạ ra vào khu nhà trọ cuối ngõ lúc nửa đêm, nghi tụ tập sử dụng ma túy.",
        None,
    ),
]
# Map points of some demo tips: the last repeats the first, 39 m away, so its page suggests a duplicate.
DEMO_POINTS = {0: (21.036800, 105.834600), 5: (21.037100, 105.834800)}


@transaction.atomic
def seed_tips_demo() -> int:
    """A handful of tips and feedback in Phường Ba Đình, and the demo tip handler (OTP); returns rows made."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from antq.accounts.demo import ensure_demo_accounts
    from antq.accounts.models import User
    from antq.tips import actions
    from antq.units.models import Unit

    ensure_reference_data()
    badinh = Unit.objects.filter(key="00004").first()
    if badinh is None:
        return 0
    created = 0
    # The tip handler is a demo account (antq/accounts/demo.py) with a TOTP device, so that
    # `make otp U=tinbao.badinh` gives its code; made here too when seed_demo ran before it existed.
    if not TOTPDevice.objects.filter(user__username="tinbao.badinh", confirmed=True).exists():
        created += not User.objects.filter(username="tinbao.badinh").exists()
        ensure_demo_accounts()
    if Tip.objects.filter(commune=badinh).exists():
        return created
    notice = ConsentNotice.objects.get(is_current=True)
    officer = User.objects.filter(username="xa.badinh").first()
    for index, (kind, category, summary, identity) in enumerate(DEMO_TIPS):
        receipt = actions.submit_tip(
            actions.TipInput(
                kind=kind,
                category_code=category,
                commune_key=badinh.key,
                summary=summary,
                address="Phường Ba Đình",
                occurred_on=dt.date.today() - dt.timedelta(days=index + 1),
                latitude=DEMO_POINTS[index][0] if index in DEMO_POINTS else None,
                longitude=DEMO_POINTS[index][1] if index in DEMO_POINTS else None,
                identity=actions.IdentityInput(**identity) if identity else None,
                consent_version=notice.version if identity else "",
            )
        )
        created += 1
        # What the worker does a moment after a real submission, done here so the demo starts complete.
        actions.finish_intake(receipt.tip.pk)
        if officer is not None and index == 0:
            actions.start_verifying(receipt.tip, by=officer, register_no="15/TB")
            actions.post_officer_message(
                receipt.tip, by=officer, body="Công an phường đã tiếp nhận và đang xác minh. Cảm ơn bạn."
            )
    return created
