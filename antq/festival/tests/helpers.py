"""Objects the festival tests share, made through the actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from antq.festival import actions
from antq.festival.models import Campaign, Event
from antq.units.models import ResidentialArea, Unit


def unit(key: str) -> Unit:
    return Unit.objects.get(key=key)


def campaign(by: Any, province_key: str = "01", year: int = 2026) -> Campaign:
    return actions.create_campaign(
        unit(province_key), by=by, year=year, theme="Hướng về cơ sở", plan_number="87/KH-UBND"
    )


def area_event(the_campaign: Campaign, area: ResidentialArea, by: Any, day: dt.date | None = None) -> Event:
    event, _warnings = actions.plan_event(
        the_campaign,
        area.commune,
        by=by,
        data=actions.EventInput(
            host_type="area",
            area=area,
            date=day or dt.date(2026, 8, 10),
            venue="Nhà văn hóa tổ dân phố",
            ceremony_items=["flag_salute", "opening"],
            festivity_items=["sports"],
            guests=["Lãnh đạo Công an phường"],
            budget_vnd=5_000_000,
        ),
    )
    return event
