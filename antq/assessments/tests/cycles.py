"""A 2026 cycle for tests, built directly (independent of seed data); safe to call twice."""

from __future__ import annotations

from datetime import date

from antq.assessments.models import Cycle, CycleRule, SubjectType


def cycle_2026(status: str = Cycle.Status.OPEN) -> Cycle:
    cycle, _ = Cycle.objects.get_or_create(
        year=2026,
        defaults={
            "status": status,
            "registration_start": date(2026, 1, 1),
            "registration_end": date(2026, 3, 31),
            "self_assessment_start": date(2026, 10, 1),
            "review_end": date(2026, 11, 30),
            "decision_end": date(2026, 12, 15),
        },
    )
    for subject_type in SubjectType.values:
        residential = subject_type == SubjectType.RESIDENTIAL_AREA
        CycleRule.objects.get_or_create(
            cycle=cycle,
            subject_type=subject_type,
            defaults={
                "window_start": date(2025, 11, 1) if residential else date(2025, 11, 16),
                "window_end": date(2026, 10, 31) if residential else date(2026, 11, 15),
                "registration_deadline": date(2026, 3, 31),
                "decision_deadline": date(2026, 12, 15),
            },
        )
    return cycle
