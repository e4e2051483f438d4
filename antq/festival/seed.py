"""Demo festival data for `make run`, made through the actions (audited like real work).

Hà Nội's 2026 campaign; in Phường Ba Đình a commune-level point (reported, with a Giấy khen proposed
at it) and a point in each of its first two residential areas (the first reported, the second not yet).
"""

from __future__ import annotations

import datetime as dt

from antq.accounts.models import User
from antq.festival import actions
from antq.festival.models import Campaign, Commendation, Event
from antq.units.models import ResidentialArea, Unit

PLAN_NUMBER = "152/KH-UBND"


def seed_festival_demo() -> int:
    """Create the demo rows once (needs the demo accounts); returns how many objects were created."""
    hanoi_officer = User.objects.filter(username="tinh.hanoi").first()
    badinh_officer = User.objects.filter(username="xa.badinh").first()
    hanoi = Unit.objects.filter(key="01").first()
    badinh = Unit.objects.filter(key="00004").first()
    if hanoi_officer is None or badinh_officer is None or hanoi is None or badinh is None:
        return 0
    created = 0
    campaign = Campaign.objects.filter(province=hanoi, year=2026).first()
    if campaign is None:
        campaign = actions.create_campaign(
            hanoi,
            by=hanoi_officer,
            year=2026,
            theme="Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026 — hướng về cơ sở",
            plan_number=PLAN_NUMBER,
        )
        created += 1
    if not Event.objects.filter(campaign=campaign, commune=badinh, host_type=Event.HostType.COMMUNE).exists():
        event, _warnings = actions.plan_event(
            campaign,
            badinh,
            by=hanoi_officer,
            data=actions.EventInput(
                host_type=Event.HostType.COMMUNE,
                date=dt.date(2026, 8, 19),
                venue="Sân Ủy ban nhân dân phường Ba Đình",
                ceremony_items=["flag_salute", "opening", "commemorative_speech", "commendations", "signing"],
                festivity_items=["performances", "law_quiz", "weapons_collection"],
                guests=["Lãnh đạo Công an thành phố Hà Nội", "Ủy ban MTTQ Việt Nam phường Ba Đình"],
                budget_vnd=45_000_000,
                is_pilot_point=True,
            ),
        )
        actions.report_result(
            event,
            by=badinh_officer,
            reported_on=dt.date(2026, 8, 22),
            counts={
                "participants": 650,
                "propaganda_sessions": 12,
                "propaganda_audience": 2400,
                "commitments_signed": 320,
                "gifts_count": 40,
                "gifts_value_vnd": 20_000_000,
                "weapons_handed_in": 4,
                "models_launched": 2,
                "commendations_given": 15,
            },
        )
        created += 2
    areas = list(ResidentialArea.objects.filter(commune=badinh, valid_to__isnull=True).order_by("name")[:2])
    for index, area in enumerate(areas):
        if Event.objects.filter(campaign=campaign, area=area).exists():
            continue
        event, _warnings = actions.plan_event(
            campaign,
            badinh,
            by=badinh_officer,
            data=actions.EventInput(
                host_type=Event.HostType.AREA,
                area=area,
                date=dt.date(2026, 8, 8 + index),
                venue=f"Nhà văn hóa {area.name}",
                ceremony_items=["flag_salute", "opening", "response_speech"],
                festivity_items=["folk_games", "sports"],
                budget_vnd=8_000_000,
            ),
        )
        created += 1
        if index == 0:
            actions.report_result(
                event,
                by=badinh_officer,
                reported_on=dt.date(2026, 8, 12),
                counts={
                    "participants": 180,
                    "propaganda_sessions": 2,
                    "propaganda_audience": 300,
                    "gifts_count": 10,
                },
            )
            created += 1
    created += _seed_commendation(campaign, badinh, badinh_officer)
    return created


def _seed_commendation(campaign: Campaign, badinh: Unit, officer: User) -> int:
    """A Giấy khen proposed at Ba Đình's commune-level point (through the awards actions), once."""
    from antq.awards.actions import NomineeInput
    from antq.awards.models import AwardForm

    event = Event.objects.filter(campaign=campaign, commune=badinh, host_type=Event.HostType.COMMUNE).first()
    form = AwardForm.objects.filter(code="certificate_of_merit").first()
    if event is None or form is None or Commendation.objects.filter(event=event).exists():
        return 0
    actions.record_commendation(
        event,
        by=officer,
        form=form,
        achievement="Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2026",
        nominees=[
            NomineeInput("collective", "Tổ dân phố số 1 phường Ba Đình"),
            NomineeInput("individual", "Nguyễn Văn Hùng", "Tổ trưởng Tổ bảo vệ an ninh, trật tự"),
        ],
    )
    return 1
