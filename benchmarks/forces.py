"""The grassroots security force of the bench dataset (issue 4 "Speed"): one team per residential area
(~85,000 at full scale) and 3–5 members each (~300,000), as `domain/08-scale.md` §3 plans (> 82,200
teams, > 286,200 members, ≈ 3.5 per team).

`generate_forces()` covers every current residential area that has no active team yet (additive: a
second call only covers areas added since), writes teams, people and memberships with bulk_create in
one transaction per chunk of areas, then recomputes the per-commune tallies of the overview
(`antq.forces.tallies`), exactly as the actions would have left them. ~3 % of areas are left without
a team, so coverage is not trivially 100 %, and ~3.5 % get a second team. Deterministic (per area).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef

from antq.core.text import fold
from benchmarks.generate import BATCH_SIZE, SEED

AREA_CHUNK = 2_000
UNCOVERED_SHARE = 0.03
SECOND_TEAM_SHARE = 0.035  # 0.97 + 0.035 ≈ 1.005 teams per area: ~85,000 teams for ~85,000 areas
# Plain members per team beside the leader and the deputy: 1, 2 or 3 → 3.53 members per team on average.
PLAIN_MEMBERS = (1, 2, 3)
PLAIN_WEIGHTS = (55, 37, 8)
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Công", "Thanh"]
MIDDLE_FEMALE = ["Thị", "Ngọc", "Thu", "Thanh", "Kim"]
GIVEN_MALE = ["Hùng", "Dũng", "Cường", "Tuấn", "Hải", "Long", "Nam", "Sơn", "Thắng", "Trung", "Bình", "Phúc"]
GIVEN_FEMALE = ["Hoa", "Lan", "Hương", "Mai", "Hạnh", "Thảo", "Nga", "Yến", "Liên", "Hằng"]
ESTABLISHED = dt.date(2024, 7, 1)
CITIZEN_ID_BASE = 900_000_000_000  # far above the demo data's 0xxxxxxxxxxx numbers


@dataclass
class ForcesStats:
    teams: int = 0
    people: int = 0
    memberships: int = 0
    tallies: int = 0
    rows_seconds: float = 0.0
    tally_seconds: float = 0.0

    @property
    def seconds(self) -> float:
        return self.rows_seconds + self.tally_seconds


def _person(serial: int, commune_id: int, rng: random.Random, role: str) -> object:
    from antq.forces.models import Person

    female = rng.random() < 0.18
    name = " ".join(
        (
            rng.choice(FAMILY),
            rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE),
            rng.choice(GIVEN_FEMALE if female else GIVEN_MALE),
        )
    )
    # Ages 20–70, leaders older on average; a few over 70 with an exception decision are not generated.
    low, high = (35, 69) if role == "leader" else (20, 69)
    born = dt.date(2026, 1, 1) - dt.timedelta(days=rng.randint(low * 365, high * 365))
    return Person(
        commune_id=commune_id,
        full_name=name,
        name_folded=fold(name),
        date_of_birth=born,
        sex="female" if female else "male",
        citizen_id=f"{CITIZEN_ID_BASE + serial:012d}",
        phone=f"09{rng.randrange(10**8):08d}",
        residence_type="permanent" if rng.random() < 0.9 else "temporary",
        residence_since=born + dt.timedelta(days=rng.randint(0, 18 * 365)),
        education_level=rng.choice(
            ["lower_secondary", "upper_secondary", "upper_secondary", "higher", "primary"]
        ),
        health_certificate_on=dt.date(2024, 6, 1) if rng.random() < 0.9 else None,
        background_check="clear" if rng.random() < 0.95 else "pending",
        previous_service="residential_guard" if rng.random() < 0.3 else "",
    )


def _chunk(areas: list[tuple[int, int, str]], serial: int, seed: int, stats: ForcesStats) -> int:
    from antq.forces.models import Membership, Person, Team

    teams, plans = [], []
    for area_pk, commune_id, area_name in areas:
        rng = random.Random(f"{seed}:force:{area_pk}")
        draw = rng.random()
        if draw < UNCOVERED_SHARE:
            continue
        # A large area has a second team (several teams may serve one area).
        count = 2 if draw > 1 - SECOND_TEAM_SHARE else 1
        for k in range(1, count + 1):
            name = f"Tổ bảo vệ ANTT {area_name}" + (f" số {k}" if count > 1 else "")
            teams.append(
                Team(
                    commune_id=commune_id,
                    residential_area_id=area_pk,
                    name=name,
                    name_folded=fold(name),
                    decision_number=f"{rng.randint(1, 400)}/QĐ-UBND",
                    established_on=ESTABLISHED,
                )
            )
            roles = ["leader", "deputy"] + ["member"] * rng.choices(PLAIN_MEMBERS, PLAIN_WEIGHTS)[0]
            plans.append((rng, commune_id, roles))
    Team.objects.bulk_create(teams, batch_size=BATCH_SIZE)
    people: list[Person] = []
    roles_of: list[tuple[int, str]] = []  # (index of the team, role) for each person
    for index, (rng, commune_id, roles) in enumerate(plans):
        for role in roles:
            people.append(_person(serial, commune_id, rng, role))  # type: ignore[arg-type]
            roles_of.append((index, role))
            serial += 1
    Person.objects.bulk_create(people, batch_size=BATCH_SIZE)
    memberships = []
    for person, (index, role) in zip(people, roles_of, strict=True):
        rng = plans[index][0]
        joined = ESTABLISHED + dt.timedelta(days=rng.randint(0, 500))
        memberships.append(
            Membership(
                team_id=teams[index].pk,
                person_id=person.pk,
                role=role,
                joined_on=joined,
                join_decision_ref=f"{rng.randint(1, 900)}/QĐ-UBND",
            )
        )
    Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
    stats.teams += len(teams)
    stats.people += len(people)
    stats.memberships += len(memberships)
    return serial


def generate_forces(*, seed: int = SEED) -> ForcesStats:
    """Teams and members for every current residential area without an active team, then the tallies."""
    from antq.forces.models import Person, Team
    from antq.forces.tallies import recompute_force_tallies
    from antq.units.models import ResidentialArea

    stats = ForcesStats()
    started = time.perf_counter()
    served = Team.objects.filter(status="active", residential_area=OuterRef("pk"))
    areas = list(
        ResidentialArea.objects.filter(valid_to__isnull=True)
        .exclude(Exists(served))
        .order_by("pk")
        .values_list("pk", "commune_id", "name")
    )
    serial = Person.objects.filter(citizen_id__startswith="9").count()
    touched = {commune_id for _pk, commune_id, _name in areas}
    for start in range(0, len(areas), AREA_CHUNK):
        with transaction.atomic():
            serial = _chunk(areas[start : start + AREA_CHUNK], serial, seed, stats)
    middle = time.perf_counter()
    stats.tallies = recompute_force_tallies(touched)
    stats.rows_seconds, stats.tally_seconds = middle - started, time.perf_counter() - middle
    return stats
