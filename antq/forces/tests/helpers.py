"""Shared builders for the forces tests: a team in Phường Ba Đình and valid person data."""

from __future__ import annotations

from datetime import date
from typing import Any

from antq.forces.actions import PersonData

TODAY = date(2026, 11, 23)


def person_data(n: int = 1, **changes: Any) -> PersonData:
    values: dict[str, Any] = {
        "full_name": f"Nguyễn Văn Đức {n}",
        "date_of_birth": date(1980, 5, 1),
        "sex": "male",
        "citizen_id": f"{n:012d}",
        "residence_type": "permanent",
        "phone": "0912345678",
        "residence_since": date(2000, 1, 1),
        "education_level": "upper_secondary",
        "health_certificate_on": date(2026, 1, 10),
        "background_check": "clear",
        "previous_service": "",
    }
    values.update(changes)
    return PersonData(**values)
