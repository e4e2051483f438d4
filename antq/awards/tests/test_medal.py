"""Medal eligibility of a unit's team members: from the forces' periods, legacy service and bars."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from antq.awards.actions import NomineeInput
from antq.awards.models import LegacyService, MedalBar
from antq.awards.queries import medal_rows
from antq.awards.tests.helpers import proposal, unit
from antq.forces import actions as forces_actions
from antq.forces.seed import seed_team_size_rules
from antq.forces.tests.helpers import person_data
from conftest import COMMUNE_A1, PROVINCE_A, login

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def members(personas, sample_participants):
    """Four members of a Ba Đình team: 15 years (man), 10 years less a day (woman), legacy, barred."""
    officer = personas["commune_a1_officer"]
    seed_team_size_rules()
    team = forces_actions.establish_team(
        unit(COMMUNE_A1),
        by=officer,
        residential_area=sample_participants["a1_areas"][0],
        name="Tổ bảo vệ ANTT số 1",
        decision_number="15/QĐ-UBND",
        established_on=dt.date(2000, 1, 1),
    )
    made = {}
    for n, (sex, joined) in enumerate(
        [
            ("male", dt.date(2011, 11, 23)),
            ("female", dt.date(2016, 11, 24)),
            ("female", dt.date(2020, 1, 1)),
            ("male", dt.date(2000, 1, 1)),
        ],
        start=1,
    ):
        made[n] = forces_actions.add_member(
            team,
            by=officer,
            person=person_data(n, sex=sex, full_name=f"Người số {n}"),
            role="member" if n > 1 else "leader",
            joined_on=joined,
            decision_ref="20/QĐ-UBND",
        ).membership.person
    LegacyService.objects.create(
        person=made[3], force="civil_defence", start=dt.date(2010, 1, 1), end=dt.date(2016, 1, 1)
    )
    MedalBar.objects.create(person=made[4], kind="deferral", reason="đang xem xét kỷ luật", recorded_on=TODAY)
    return made


def test_medal_rows(members, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        rows = medal_rows(unit(PROVINCE_A), on=TODAY)
    by_name = {row.record.person.full_name: row.check for row in rows}
    assert by_name["Người số 1"].eligible  # exactly 15 years
    assert not by_name["Người số 2"].eligible and "còn thiếu 1 ngày" in by_name["Người số 2"].reasons[0]
    assert by_name["Người số 3"].eligible  # 6 years of civil defence + ~7 in the team
    assert "Tạm hoãn xét: đang xem xét kỷ luật" in by_name["Người số 4"].reasons
    assert [row.check.eligible for row in rows] == [True, True, False, False]


def test_a_proposed_person_is_not_listed_again(members, personas):
    proposal(
        personas["commune_a1_officer"],
        code="commemorative_medal_antq",
        nominees=[NomineeInput("individual", "Người số 1", "Tổ trưởng", person=members[1])],
    )
    rows = {row.record.person.pk: row.check for row in medal_rows(unit(COMMUNE_A1), on=TODAY)}
    assert not rows[members[1].pk].eligible


def test_medal_page_and_nominee_list(client, members, personas):
    login(client, personas["commune_a1_officer"])
    page = client.get(reverse("awards:medal", args=[COMMUNE_A1]))
    assert page.status_code == 200 and "Người số 1" in page.content.decode()
    book = load_workbook(io.BytesIO(client.get(reverse("awards:medal_xlsx", args=[COMMUNE_A1])).content))
    names = [row[1] for row in book.active.iter_rows(min_row=4, values_only=True)]
    assert names == ["Người số 1", "Người số 3"]
    login(client, personas["steering_a1_member"])
    assert client.get(reverse("awards:medal", args=[COMMUNE_A1])).status_code == 404
