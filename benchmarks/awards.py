"""Commendation bench data (issue 6 "Speed"): medal facts for the largest province's team members and
many decided commendations of one commune, for the eligibility page and the unit history page.

`generate_awards(admin)` finds the province with the most active team members (its ~10,000 members at
full scale), gives one in four of them a legacy service period (one in ten of those doubled) and one
in fifty a deferral, and records 400 decided proposals (two nominees each, one decision per 20) for
Phường Ba Đình (00004) with bulk_create. Additive and idempotent: a second call adds nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count

from antq.core.text import fold
from benchmarks.generate import BATCH_SIZE

PROPOSALS = 400
PER_DECISION = 20


@dataclass
class AwardsStats:
    province_key: str
    members: int
    legacy: int
    bars: int
    proposals: int
    seconds: float


def generate_awards(admin: Any) -> AwardsStats:
    from antq.awards.models import AwardForm, Decision, LegacyService, MedalBar, Nominee, Proposal
    from antq.forces.models import Membership
    from antq.units.models import Unit

    started = time.perf_counter()
    counts = (
        Membership.objects.active()
        .values("team__commune__path")
        .annotate(n=Count("pk"))
        .values_list("team__commune__path", "n")
    )
    by_province: dict[str, int] = {}
    for path, n in counts:
        key = path.split("/")[2]
        by_province[key] = by_province.get(key, 0) + n
    key = max(by_province, key=lambda k: by_province[k])
    province = Unit.objects.get(key=key, is_legacy=False)
    people = list(
        Membership.objects.active()
        .filter(team__commune__path__startswith=province.path)
        .values_list("person_id", flat=True)
        .distinct()
    )
    with transaction.atomic():
        if not LegacyService.objects.filter(person__in=people[:100]).exists():
            LegacyService.objects.bulk_create(
                (
                    LegacyService(
                        person_id=pid,
                        force="civil_defence",
                        start=dt.date(2008, 1, 1),
                        end=dt.date(2015, 1, 1),
                        doubled=i % 40 == 0,
                    )
                    for i, pid in enumerate(people)
                    if i % 4 == 0
                ),
                batch_size=BATCH_SIZE,
            )
            MedalBar.objects.bulk_create(
                (
                    MedalBar(
                        person_id=pid, kind="deferral", reason="Đang xem xét", recorded_on=dt.date(2026, 1, 1)
                    )
                    for i, pid in enumerate(people)
                    if i % 50 == 0
                ),
                batch_size=BATCH_SIZE,
            )
        commune = Unit.objects.get(key="00004")
        form = AwardForm.objects.get(code="provincial_certificate_of_merit")
        if not Proposal.objects.filter(proposer=commune, year__lt=2026).exists():
            decisions = Decision.objects.bulk_create(
                Decision(
                    issuer=province if commune.path.startswith(province.path) else commune.parent,
                    form=form,
                    number=f"{1000 + d}/QĐ-UBND",
                    issued_on=dt.date(2006 + d % 20, 11, 20),
                    signer_name="Bench",
                    signer_title="CHỦ TỊCH",
                    place="Hà Nội",
                    created_by=admin,
                )
                for d in range(PROPOSALS // PER_DECISION)
            )
            proposals = Proposal.objects.bulk_create(
                Proposal(
                    proposer=commune,
                    reviewer=commune.parent,
                    form=form,
                    year=decisions[p // PER_DECISION].issued_on.year,
                    achievement=f"Thành tích năm {decisions[p // PER_DECISION].issued_on.year}",
                    source_type="ad_hoc",
                    status="decided",
                    decision=decisions[p // PER_DECISION],
                    created_by=admin,
                )
                for p in range(PROPOSALS)
            )
            Nominee.objects.bulk_create(
                (
                    Nominee(
                        proposal=proposal, kind="collective", name=name, name_folded=fold(name), unit=commune
                    )
                    for proposal in proposals
                    for name in (commune.name, f"Công an {commune.name}")
                ),
                batch_size=BATCH_SIZE,
            )
    return AwardsStats(
        key,
        len(people),
        LegacyService.objects.count(),
        MedalBar.objects.count(),
        Proposal.objects.filter(proposer__key="00004").count(),
        time.perf_counter() - started,
    )
