"""Objects the awards tests share, made through the actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from antq.awards import actions
from antq.awards.models import AwardForm, Decision, Proposal
from antq.units.models import Unit
from conftest import COMMUNE_A1, PROVINCE_A


def unit(key: str) -> Unit:
    return Unit.objects.get(key=key)


def form(code: str) -> AwardForm:
    return AwardForm.objects.get(code=code)


def proposal(
    by: Any, code: str = "provincial_certificate_of_merit", key: str = COMMUNE_A1, **extra: Any
) -> Proposal:
    data: dict[str, Any] = {
        "form": form(code),
        "year": 2026,
        "achievement": "Xuất sắc trong phong trào toàn dân bảo vệ ANTQ năm 2026",
        "source_type": "assessments.decision",
        "nominees": [
            actions.NomineeInput("collective", "Tổ dân phố số 1"),
            actions.NomineeInput("individual", "Nguyễn Văn Đức", "Tổ trưởng tổ bảo vệ ANTT"),
        ],
    }
    data.update(extra)
    return actions.propose(unit(key), by=by, **data)


def decided(proposer_by: Any, reviewer_by: Any, number: str = "25/QĐ-UBND") -> Decision:
    item = proposal(proposer_by)
    actions.review(item, by=reviewer_by)
    return actions.decide(
        [item],
        by=reviewer_by,
        issuer=unit(PROVINCE_A),
        number_text=number,
        issued_on=dt.date(2026, 11, 20),
        signer_name="Trần Sỹ Thanh",
        signer_title="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
        place="Hà Nội",
    )
