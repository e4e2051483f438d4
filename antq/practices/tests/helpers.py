"""Builders for the practices tests: rows made through the actions, as the pages make them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from antq.practices import actions
from antq.practices.models import ActivityKind, ModelType, PracticeModel
from antq.units.models import Unit


def unit(key: str) -> Unit:
    return Unit.objects.select_related("parent").get(key=key)


def model_type(code: str = "inter_household_group") -> ModelType:
    return ModelType.objects.get(code=code, province__isnull=True)


def kind(code: str = "propaganda") -> ActivityKind:
    return ActivityKind.objects.get(code=code)


def register(user: Any, key: str, name: str = "Tổ liên gia tự quản số 1", **extra: Any) -> PracticeModel:
    data: dict[str, Any] = {
        "model_type": model_type(),
        "name": name,
        "started_on": dt.date(2025, 3, 1),
        "points_count": 3,
        "groups_count": 5,
        "members_count": 40,
    }
    data.update(extra)
    return actions.register_model(unit(key), by=user, **data)
