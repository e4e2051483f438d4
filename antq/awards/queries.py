"""Read models of the commendation screens: medal eligibility of a unit's team members, history."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from antq.awards import rules
from antq.awards.models import LegacyService, MedalBar, Nominee, Proposal, SourceType
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


def nominee_list_xlsx(unit: Unit, rows: list[MedalRow], *, on: dt.date) -> bytes:
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
