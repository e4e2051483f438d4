"""Read models of the commendation screens: medal eligibility of a unit's team members, history."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from antq.awards import rules
from antq.awards.models import Leader, LeaderPosition, LegacyService, MedalBar, Nominee, Proposal, SourceType
from antq.forces import queries as forces_queries
from antq.units.models import Unit

MEDAL = "commemorative_medal_antq"


@dataclass(frozen=True)
class MedalRow:
    """A team member and the medal check on the day of the proposal."""

    record: forces_queries.ServiceRecord
    check: rules.MedalCheck

    @property
    def years(self) -> str:
        return f"{self.check.service_days / 365.25:.1f}".replace(".", ",")


def medal_rows(unit: Unit, *, on: dt.date) -> list[MedalRow]:
    """Active team members under `unit`, eligible first, with why the others are not (five queries)."""
    records = forces_queries.service_records(unit)
    ids = [r.person.pk for r in records]
    legacy: dict[int, list[rules.Period]] = {}
    for item in LegacyService.objects.filter(person__in=ids):
        legacy.setdefault(item.person_id, []).append(rules.Period(item.start, item.end, item.doubled))
    bars: dict[int, list[MedalBar]] = {}
    for bar in MedalBar.objects.filter(person__in=ids).filter(
        Q(lifted_on__isnull=True) | Q(lifted_on__gt=on)
    ):
        assert bar.person_id is not None
        bars.setdefault(bar.person_id, []).append(bar)
    held = set(
        Nominee.objects.filter(person__in=ids, proposal__form__code=MEDAL)
        .exclude(proposal__status=Proposal.Status.NOT_QUALIFIED)
        .values_list("person_id", flat=True)
    )
    rows = []
    for record in records:
        pid = record.person.pk
        periods = [rules.Period(start, end, doubled) for start, end, doubled in record.periods]
        person_bars = bars.get(pid, [])
        check = rules.medal_check(
            sex=record.person.sex,
            periods=periods + legacy.get(pid, []),
            until=on,
            already_awarded=pid in held,
            exclusions=[b.reason for b in person_bars if b.kind == MedalBar.Kind.EXCLUSION],
            deferrals=[b.reason for b in person_bars if b.kind == MedalBar.Kind.DEFERRAL],
        )
        rows.append(MedalRow(record, check))
    rows.sort(key=lambda row: not row.check.eligible)
    return rows


@dataclass(frozen=True)
class LeaderRow:
    """A leader and the medal check for leaders on the day of the proposal."""

    leader: Leader
    positions: list[LeaderPosition]
    check: rules.MedalCheck

    @property
    def years(self) -> str:
        return f"{self.check.service_days / 365.25:.1f}".replace(".", ",")


def leader_rows(unit: Unit, *, on: dt.date, leader_id: int | None = None) -> list[LeaderRow]:
    """Leaders whose files `unit`'s subtree keeps, eligible first, with the reasons (five queries).

    `leader_id` narrows to one leader (his own page), so it does not weigh the whole unit's files."""
    found = Leader.objects.filter(unit__path__startswith=unit.path)
    if leader_id is not None:
        found = found.filter(pk=leader_id)
    leaders = list(found.select_related("unit").order_by("name_folded", "pk"))
    ids = [leader.pk for leader in leaders]
    positions: dict[int, list[LeaderPosition]] = {}
    for item in LeaderPosition.objects.filter(leader__in=ids).select_related("position"):
        positions.setdefault(item.leader_id, []).append(item)
    bars: dict[int, list[MedalBar]] = {}
    for bar in MedalBar.objects.filter(leader__in=ids).filter(
        Q(lifted_on__isnull=True) | Q(lifted_on__gt=on)
    ):
        assert bar.leader_id is not None
        bars.setdefault(bar.leader_id, []).append(bar)
    decided = Nominee.objects.filter(leader__in=ids, proposal__status=Proposal.Status.DECIDED)
    prior: dict[int, int] = {}
    for leader_id in decided.exclude(proposal__form__code=MEDAL).values_list("leader_id", flat=True):
        prior[leader_id] = prior.get(leader_id, 0) + 1
    held = set(
        Nominee.objects.filter(leader__in=ids, proposal__form__code=MEDAL)
        .exclude(proposal__status=Proposal.Status.NOT_QUALIFIED)
        .values_list("leader_id", flat=True)
    )
    rows = []
    for leader in leaders:
        own = positions.get(leader.pk, [])
        counted = [p for p in own if p.position.active]
        leader_bars = bars.get(leader.pk, [])
        check = rules.leader_check(
            periods=[rules.Period(p.start, p.end) for p in counted],
            until=on,
            prior_commendations=prior.get(leader.pk, 0) + (1 if leader.prior_commendation else 0),
            already_awarded=leader.pk in held,
            exclusions=[b.reason for b in leader_bars if b.kind == MedalBar.Kind.EXCLUSION],
            deferrals=[b.reason for b in leader_bars if b.kind == MedalBar.Kind.DEFERRAL],
        )
        rows.append(LeaderRow(leader, own, check))
    rows.sort(key=lambda row: not row.check.eligible)
    return rows


def nominee_list_xlsx(
    unit: Unit, rows: list[MedalRow], *, on: dt.date, leaders: list[LeaderRow] | None = None
) -> bytes:
    """Danh sách trích ngang: the eligible members with birth year, position, service time."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Trich ngang"
    sheet.append(
        [f"DANH SÁCH TRÍCH NGANG ĐỀ NGHỊ TẶNG KỶ NIỆM CHƯƠNG “BẢO VỆ AN NINH TỔ QUỐC” — {unit.name}"]
    )
    sheet.append([f"Tính đến ngày {on:%d/%m/%Y}"])
    headers = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Chức danh", "Tổ, xã", "Thời gian tham gia (năm)"]
    sheet.append(headers)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    index = 0
    for row in rows:
        if not row.check.eligible:
            continue
        index += 1
        person = row.record.person
        sheet.append(
            [
                index,
                person.full_name,
                person.date_of_birth.year,
                person.get_sex_display(),
                row.record.role_label,
                f"{row.record.team_name}, {row.record.commune_name}",
                round(row.check.service_days / 365.25, 1),
            ]
        )
    for leader_row in leaders or []:
        if not leader_row.check.eligible:
            continue
        index += 1
        sheet.append(
            [
                index,
                leader_row.leader.full_name,
                leader_row.leader.birth_year,
                leader_row.leader.get_sex_display(),
                leader_row.leader.position,
                leader_row.leader.unit.name,
                round(leader_row.check.service_days / 365.25, 1),
            ]
        )
    for letter, width in zip("ABCDEFG", (6, 28, 10, 10, 14, 40, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def history(proposals: QuerySet[Proposal], *, unit: Unit | None = None, person: Any = None) -> list[Nominee]:
    """Commendations decided for a collective (its unit) or a person over the years, newest first."""
    nominees = Nominee.objects.filter(proposal__in=proposals, proposal__status=Proposal.Status.DECIDED)
    nominees = nominees.filter(unit=unit) if unit is not None else nominees.filter(person=person)
    return list(
        nominees.select_related("proposal__form", "proposal__decision", "proposal__proposer").order_by(
            "-proposal__decision__issued_on", "-pk"
        )
    )


# --- Indicators (dashboards, reports) ------------------------------------------------------------


def subtree_decided(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, dict[str, Any]]:
    """Collectives and individuals commended by decisions signed between `start` and `end`.

    Credited to the subtree of the proposing unit: one query grouped by proposer and form (a few
    thousand rows at most), added up per unit here. `by_form` maps a form's name to its count.
    """
    wanted = {u.pk: u for u in units}
    found: dict[int, dict[str, Any]] = {
        pk: {"collectives": 0, "individuals": 0, "by_form": {}} for pk in wanted
    }
    if not units:
        return found
    national = [u.pk for u in units if u.level == Unit.Level.NATIONAL]
    rows = (
        Nominee.objects.filter(
            proposal__status=Proposal.Status.DECIDED,
            proposal__decision__issued_on__gte=start,
            proposal__decision__issued_on__lte=end,
        )
        .values("proposal__proposer_id", "proposal__proposer__parent_id", "proposal__form__name")
        .annotate(
            collectives=Count("id", filter=Q(kind=Nominee.Kind.COLLECTIVE)),
            individuals=Count("id", filter=Q(kind=Nominee.Kind.INDIVIDUAL)),
        )
        .order_by()
    )
    for row in rows:
        owners = {row["proposal__proposer_id"], row["proposal__proposer__parent_id"], *national}
        for pk in [o for o in owners if o is not None and o in wanted]:
            item = found[pk]
            item["collectives"] += row["collectives"]
            item["individuals"] += row["individuals"]
            form = row["proposal__form__name"]
            item["by_form"][form] = item["by_form"].get(form, 0) + row["collectives"] + row["individuals"]
    return found


def source_link(proposal: Proposal, user: Any) -> tuple[str, str] | None:
    """The label and URL of the record a proposal came from, when the user may open it (else None).

    Festival commendations point to the festival point (the event) where they were given.
    """
    if proposal.source_type == SourceType.FESTIVAL and proposal.source_id:
        from django.urls import reverse

        from antq.festival import queries as festival_queries

        event = festival_queries.event_of_proposal(proposal.pk, user)
        if event is not None:
            label = f"{event.host_name} — {event.commune.name}, {event.date:%d/%m/%Y}"
            return label, reverse("festival:event", args=[event.pk])
    return None
