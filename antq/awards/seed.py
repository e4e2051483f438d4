"""Demo commendation data for `make run`, made through the actions (audited like real work).

Phường Ba Đình proposes its residential group and a team leader for the Bằng khen of Hà Nội's
chairperson (decided, with its PDF) and a festival Giấy khen still waiting for the ward to review.
"""

from __future__ import annotations

import datetime as dt

from antq.accounts.models import User
from antq.awards import actions
from antq.awards.models import AwardForm, Proposal
from antq.units.models import Unit

DECISION_NUMBER = "2150/QĐ-UBND"


def seed_awards_demo() -> int:
    """Create the demo rows once (needs the demo accounts); returns how many objects were created."""
    commune_officer = User.objects.filter(username="xa.badinh").first()
    hanoi_officer = User.objects.filter(username="tinh.hanoi").first()
    units = {u.key: u for u in Unit.objects.filter(key__in=["01", "00004"])}
    if commune_officer is None or hanoi_officer is None or len(units) < 2:
        return 0
    # The festival seed records its own Giấy khen at Ba Đình's point: look for this seed's rows only.
    if Proposal.objects.filter(proposer=units["00004"], source_type="assessments.decision").exists():
        return 0
    forms = {f.code: f for f in AwardForm.objects.all()}
    provincial = actions.propose(
        units["00004"],
        by=commune_officer,
        form=forms["provincial_certificate_of_merit"],
        year=2026,
        achievement=(
            "Dẫn đầu phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2026, không có tội phạm nghiêm trọng."
        ),
        source_type="assessments.decision",
        nominees=[
            actions.NomineeInput("collective", "Tổ dân phố số 5, Phường Ba Đình"),
            actions.NomineeInput("individual", "Nguyễn Văn Hùng", "Tổ trưởng Tổ bảo vệ ANTT số 5"),
        ],
    )
    actions.review(provincial, by=hanoi_officer, note="Đủ điều kiện theo quy định của Thành phố.")
    actions.decide(
        [provincial],
        by=hanoi_officer,
        issuer=units["01"],
        number_text=DECISION_NUMBER,
        issued_on=dt.date(2026, 11, 20),
        signer_name="Trần Sỹ Thanh",
        signer_title="CHỦ TỊCH",
        place="Hà Nội",
    )
    actions.propose(
        units["00004"],
        by=commune_officer,
        form=forms["certificate_of_merit"],
        year=2026,
        achievement="Tổ chức tốt Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026.",
        source_type="festival.event",
        nominees=[actions.NomineeInput("collective", "Tổ dân phố số 2, Phường Ba Đình")],
    )
    return 3
