"""The force overview: tallies recomputed by the actions, the drill nation → province → commune,
coverage, age and role structure, constant query counts, the audited Excel and the API."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from antq.core.models import AuditEntry
from antq.forces import actions
from antq.forces.models import ForceTally, Membership
from antq.forces.overview import force_overview
from antq.forces.tallies import recompute_all_force_tallies, recompute_force_tallies
from antq.forces.tests.helpers import person_data
from antq.testing.factories import ResidentialAreaFactory
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A

pytestmark = pytest.mark.django_db


def tally(commune):
    return ForceTally.objects.get(commune=commune)


def test_actions_recompute_the_commune_tally(officer, team, a1):
    assert tally(a1).teams == 1 and tally(a1).members == 0 and tally(a1).areas_covered == 1
    added = actions.add_member(
        team,
        by=officer,
        person=person_data(1, date_of_birth=date(1955, 11, 23)),  # 71 today (TODAY = 23/11/2026)
        role="leader",
        joined_on=date(2024, 8, 1),
        decision_ref="1",
        age_exception_decision_ref="QĐ 3",
    )
    actions.add_member(
        team, by=officer, person=person_data(2, date_of_birth=date(1995, 11, 24)), role="deputy",
        joined_on=date(2024, 8, 1), decision_ref="1",
    )  # fmt: skip
    t = tally(a1)
    assert (t.members, t.leaders, t.deputies, t.plain_members) == (2, 1, 1, 0)
    assert (t.age_18_30, t.age_over_70) == (1, 1)  # 30 (31 tomorrow) and 71
    actions.update_person(
        added.membership.person, by=officer, data=person_data(1, date_of_birth=date(1956, 11, 24))
    )
    assert (tally(a1).age_61_70, tally(a1).age_over_70) == (1, 0)
    actions.end_membership(
        added.membership, by=officer, left_on=date(2026, 1, 1), ground="voluntary", decision_ref="2"
    )
    assert (tally(a1).members, tally(a1).leaders) == (1, 0)


def test_dissolving_the_last_team_removes_the_tally(officer, team, a1):
    actions.dissolve_team(
        team, by=officer, dissolved_on=date(2026, 1, 1), reason="Sáp nhập", decision_ref="9"
    )
    assert not ForceTally.objects.filter(commune=a1).exists()


def test_recompute_equals_what_the_actions_left(full_team, a1):
    before = ForceTally.objects.filter(commune=a1).values().get()
    ForceTally.objects.all().delete()
    assert recompute_all_force_tallies() == 1
    assert ForceTally.objects.filter(commune=a1).values().get() == before
    # Recomputing is idempotent, never an increment.
    recompute_force_tallies([a1.pk])
    assert ForceTally.objects.filter(commune=a1).values().get() == before


@pytest.fixture
def spread(officer, full_team, personas, sample_participants):
    """Ba Đình: 1 team / 3 members (2 areas, 1 covered); Ngọc Hà: 1 area, no team; Sài Gòn: 1 team / 1."""
    b1_officer = personas["commune_b1_officer"]
    b1_team = actions.establish_team(
        Unit.objects.get(key=COMMUNE_B1),
        by=b1_officer,
        residential_area=sample_participants["b1_area"],
        name="Tổ Bến Thành",
        decision_number="1",
        established_on=date(2024, 7, 1),
    )
    actions.add_member(
        b1_team,
        by=b1_officer,
        person=person_data(9),
        role="leader",
        joined_on=date(2024, 8, 1),
        decision_ref="1",
    )
    return full_team


def test_national_overview_adds_up_provinces(spread, personas):
    view = force_overview(None, personas["national_admin"])
    assert view.child_level == "province" and len(view.rows) == 34
    rows = {r.key: r for r in view.rows}
    hanoi = rows[PROVINCE_A]
    assert (hanoi.areas, hanoi.areas_covered, hanoi.areas_uncovered) == (3, 1, 2)
    assert (hanoi.teams, hanoi.members, hanoi.leaders, hanoi.deputies, hanoi.plain_members) == (1, 3, 1, 1, 1)
    assert hanoi.age_46_60 == 3  # born 01/05/1980: 46
    assert (view.totals.teams, view.totals.members, view.totals.areas) == (2, 4, 4)
    assert view.ranking is None  # hook until the yearly ranking exists


def test_province_overview_lists_communes_and_commune_overview_lists_teams(
    spread, personas, sample_participants
):
    hanoi = Unit.objects.get(key=PROVINCE_A)
    view = force_overview(hanoi, personas["province_a_officer"])
    rows = {r.key: r for r in view.rows}
    assert rows[COMMUNE_A1].members == 3 and rows[COMMUNE_A1].areas == 2
    assert rows[COMMUNE_A2].teams == 0 and rows[COMMUNE_A2].areas_uncovered == 1
    a1 = Unit.objects.get(key=COMMUNE_A1)
    commune = force_overview(a1, personas["province_a_officer"])
    assert commune.child_level == "team" and [r.label for r in commune.rows] == ["Tổ bảo vệ ANTT số 1"]
    assert (commune.totals.areas, commune.totals.areas_covered) == (2, 1)
    assert [a.name for a in commune.uncovered_areas] == [sample_participants["a1_areas"][1].name]


def test_a_province_officer_sees_only_their_province_on_the_top_page(spread, personas):
    view = force_overview(None, personas["province_a_officer"])
    assert [r.key for r in view.rows] == [PROVINCE_A]
    commune_view = force_overview(None, personas["commune_a1_officer"])
    assert commune_view.child_level == "commune" and [r.key for r in commune_view.rows] == [COMMUNE_A1]


def overview_url(key=None):
    return reverse("forces:overview_unit", args=[key]) if key else reverse("forces:overview")


def test_pages_cost_the_same_queries_as_data_grows(
    client_for, personas, spread, officer, sample_participants
):
    """National, province and commune pages: constant query counts when teams and members are added."""
    client = client_for(personas["national_admin"])
    urls = [overview_url(), overview_url(PROVINCE_A), overview_url(COMMUNE_A1)]
    counts = {}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts[url] = len(ctx)
    a1 = Unit.objects.get(key=COMMUNE_A1)
    for n in range(3):
        area = ResidentialAreaFactory(commune=a1)
        team = actions.establish_team(
            a1,
            by=officer,
            residential_area=area,
            name=f"Tổ mới {n}",
            decision_number="x",
            established_on=date(2025, 1, 1),
        )
        for k in range(3):
            actions.add_member(
                team,
                by=officer,
                person=person_data(100 + n * 10 + k),
                role="member",
                joined_on=date(2025, 2, 1),
                decision_ref="y",
            )
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(url).content.decode()
        assert len(ctx) == counts[url], url
    assert "Tổ mới 2" in body  # the commune page lists the new teams
    assert max(counts.values()) <= 15


def test_page_renders_table_chart_data_and_links(client_for, personas, spread):
    body = client_for(personas["national_admin"]).get(overview_url()).content.decode()
    assert 'id="forces-overview-data"' in body and "forces/overview.js" in body
    assert f'href="{overview_url(PROVINCE_A)}"' in body
    assert "<script>" not in body.replace("<script src", "")  # no inline script (CSP)


def test_commune_page_hides_nothing_personal_from_steering_members(client_for, personas, spread):
    body = client_for(personas["steering_a1_member"]).get(overview_url(COMMUNE_A1)).content.decode()
    assert "Tổ bảo vệ ANTT số 1" in body and "Nguyễn Văn Đức" not in body


def test_export_is_audited_and_opens(client_for, personas, spread):
    response = client_for(personas["province_a_officer"]).get(
        reverse("forces:overview_xlsx", args=[PROVINCE_A])
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == "STT")
    assert header[1] == "Xã, phường, đặc khu" and "Tuổi 46–60" in header
    a1_row = next(r for r in rows if r[1] == "Phường Ba Đình")
    assert a1_row[2:9] == (2, 1, 1, 50.0, 1, 3, 1)
    total = next(r for r in rows if r[1] == "Tổng cộng")
    assert total[7] == 3
    entry = AuditEntry.objects.get(action="forces.overview.exported")
    assert entry.data["unit"] == PROVINCE_A


def api_get(client, user, path):
    from antq.accounts.models import ApiToken

    token = ApiToken.issue(user, "t")[1]
    return client.get(f"/api/v1/forces{path}", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_api_overview(client, personas, spread, sample_participants):
    national = api_get(client, personas["national_admin"], "/overview/VN").json()
    assert national["child_level"] == "province" and national["totals"]["members"] == 4
    province = api_get(client, personas["province_a_officer"], f"/overview/{PROVINCE_A}").json()
    assert {r["key"]: r["members"] for r in province["rows"]}[COMMUNE_A1] == 3
    commune = api_get(client, personas["commune_a1_officer"], f"/overview/{COMMUNE_A1}").json()
    assert commune["child_level"] == "team" and commune["uncovered_areas"] == [
        sample_participants["a1_areas"][1].name
    ]
    assert api_get(client, personas["commune_a1_officer"], "/overview/VN").status_code == 404
    assert Membership.objects.count() == 4
