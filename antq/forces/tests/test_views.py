"""The force's pages: roster, team, forms, search, personal-data hiding and constant query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from antq.forces import actions
from antq.forces.models import Membership, Team
from antq.forces.tests.helpers import person_data
from antq.testing.factories import ResidentialAreaFactory

pytestmark = pytest.mark.django_db


def roster_url(commune):
    return reverse("forces:roster", args=[commune.key])


def team_url(team):
    return reverse("forces:team", args=[team.commune.key, team.pk])


def test_roster_shows_teams_counts_and_uncovered_areas(
    client_for, officer, full_team, a1, sample_participants
):
    body = client_for(officer).get(roster_url(a1)).content.decode()
    assert "Tổ bảo vệ ANTT số 1" in body
    assert "1 tổ đang hoạt động, 3 thành viên." in body
    assert sample_participants["a1_areas"][1].name in body  # no team yet
    assert "Mọi khu dân cư đều đã có tổ" not in body


def test_roster_warns_about_team_size(client_for, officer, team, a1):
    actions.add_member(
        team, by=officer, person=person_data(1), role="leader", joined_on=date(2025, 1, 1), decision_ref="1"
    )
    body = client_for(officer).get(roster_url(a1)).content.decode()
    assert "ít hơn mức tối thiểu 3" in body and "Tổ chưa có tổ phó." in body


@pytest.mark.parametrize("persona", ["commune_a1_officer", "province_a_officer", "national_admin"])
def test_police_see_personal_data(client_for, personas, full_team, persona):
    body = client_for(personas[persona]).get(team_url(full_team)).content.decode()
    assert "000000000001" in body and "Nguyễn Văn Đức 1" in body and "01/05/1980" in body
    assert "Chưa có giấy chứng nhận đủ sức khỏe." in body  # eligibility badge of member 3


def test_steering_members_see_counts_only(client_for, personas, full_team, a1):
    client = client_for(personas["steering_a1_member"])
    body = client.get(team_url(full_team)).content.decode()
    assert "Nguyễn Văn Đức" not in body and "000000000001" not in body and "0912345678" not in body
    assert 'data-testid="personal-hidden"' in body
    assert "Tổ trưởng: <strong>1</strong>" in body
    roster = client.get(roster_url(a1), {"q": "duc"}).content.decode()
    assert "Nguyễn Văn Đức" not in roster and 'data-testid="results"' not in roster
    assert "3 thành viên" in roster


def test_member_search_ignores_diacritics(client_for, officer, full_team, a1):
    body = client_for(officer).get(roster_url(a1), {"q": "NGUYEN van duc 2"}).content.decode()
    results = body.split('data-testid="results"')[1].split("</div>")[0]
    assert "Nguyễn Văn Đức 2" in results and "Đức 1" not in results


def test_establish_team_form(client_for, officer, a1, sample_participants):
    area = sample_participants["a1_areas"][1]
    url = reverse("forces:team_add", args=[a1.key])
    page = client_for(officer).get(url, {"kdc": area.pk}).content.decode()
    assert f"Tổ bảo vệ ANTT {area.name}" in page  # proposed name
    response = client_for(officer).post(
        url,
        {
            "residential_area": area.pk,
            "name": "Tổ 2",
            "decision_number": "3/QĐ",
            "established_on": "01/02/2025",
        },
    )
    team = Team.objects.get(name="Tổ 2")
    assert response.status_code == 302 and response.url == team_url(team)
    bad = client_for(officer).post(
        url,
        {"residential_area": area.pk, "name": "Tổ 3", "decision_number": "3", "established_on": "01/02/2099"},
    )
    assert (
        "không được sau ngày hôm nay" in bad.content.decode()
        and not Team.objects.filter(name="Tổ 3").exists()
    )


def member_post(n=20, **changes):
    data = {
        "role": "member",
        "joined_on": "01/03/2026",
        "decision_ref": "5/QĐ",
        "full_name": "Lê Thị Mai",
        "date_of_birth": "02/03/1990",
        "sex": "female",
        "citizen_id": f"{n:012d}",
        "phone": "",
        "residence_type": "temporary",
        "residence_since": "01/01/2026",
        "education_level": "lower_secondary",
        "health_certificate_on": "",
        "background_check": "clear",
        "previous_service": "",
        "age_exception_decision_ref": "",
    }
    data.update(changes)
    return data


def test_add_member_form_shows_warnings_and_refusals(client_for, officer, team):
    url = reverse("forces:member_add", args=[team.commune.key, team.pk])
    client = client_for(officer)
    response = client.post(url, member_post(), follow=True)
    body = response.content.decode()
    assert "Đã công nhận “Lê Thị Mai”; cần bổ sung:" in body and "chưa đủ 1 năm" in body
    refused = client.post(url, member_post(21, date_of_birth="01/01/1950", residence_since=""))
    assert "Trên 70 tuổi" in refused.content.decode()
    short = client.post(url, member_post(22, citizen_id="12345"))
    assert "đúng 12 chữ số" in short.content.decode()
    assert Membership.objects.count() == 1


def test_end_membership_form(client_for, officer, full_team):
    m = Membership.objects.get(team=full_team, role="member")
    url = reverse("forces:member_end", args=[full_team.commune.key, m.pk])
    client = client_for(officer)
    page = client.get(url).content.decode()
    assert "Mẫu số 07" in page and "điểm d khoản 3 Điều 17" in page
    early = client.post(url, {"ground": "health", "left_on": "31/07/2024", "decision_ref": "6"})
    assert "trước ngày công nhận" in early.content.decode()
    done = client.post(url, {"ground": "health", "left_on": "01/10/2026", "decision_ref": "6"})
    assert done.status_code == 302
    m.refresh_from_db()
    assert m.left_on == date(2026, 10, 1) and m.leave_ground == "health"
    assert client.get(url).status_code == 404  # no longer active


def test_dissolve_form(client_for, officer, team):
    url = reverse("forces:team_dissolve", args=[team.commune.key, team.pk])
    client = client_for(officer)
    response = client.post(
        url, {"dissolved_on": "01/06/2026", "decision_ref": "8/QĐ", "reason": "Sáp nhập khu dân cư"}
    )
    assert response.status_code == 302
    assert 'data-testid="dissolved"' in client.get(team_url(team)).content.decode()
    assert client.get(url).status_code == 404


def test_person_edit_form(client_for, officer, full_team):
    m = Membership.objects.select_related("person").get(team=full_team, role="member")
    url = reverse("forces:person_edit", args=[full_team.commune.key, m.person_id])
    client = client_for(officer)
    page = client.get(url).content.decode()
    assert "Nguyễn Văn Đức 3" in page and "01/05/1980" in page
    data = member_post(
        3, full_name="Nguyễn Văn Đức Ba", date_of_birth="01/05/1980", health_certificate_on="02/02/2026"
    )
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == team_url(full_team)
    m.person.refresh_from_db()
    assert m.person.full_name == "Nguyễn Văn Đức Ba" and m.person.name_folded == "nguyen van duc ba"


def grow(team, officer, start, count):
    for n in range(start, start + count):
        actions.add_member(
            team,
            by=officer,
            person=person_data(n),
            role="member",
            joined_on=date(2025, 1, 1),
            decision_ref="1",
        )


def test_team_page_queries_do_not_grow_with_members(
    client_for, officer, full_team, django_assert_max_num_queries
):
    client = client_for(officer)
    client.get(team_url(full_team))  # warm the session
    with django_assert_max_num_queries(14) as few:
        client.get(team_url(full_team))
    grow(full_team, officer, 100, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(team_url(full_team)).status_code == 200


def test_roster_queries_do_not_grow_with_teams(
    client_for, officer, full_team, a1, django_assert_max_num_queries
):
    client = client_for(officer)
    client.get(roster_url(a1))
    with django_assert_max_num_queries(14) as few:
        client.get(roster_url(a1), {"q": "duc"})
    for i in range(5):
        area = ResidentialAreaFactory(commune=a1, name=f"Tổ dân phố mới {i}")
        team = actions.establish_team(
            a1,
            by=officer,
            residential_area=area,
            name=f"Tổ mới {i}",
            decision_number="1",
            established_on=date(2025, 1, 1),
        )
        grow(team, officer, 200 + 10 * i, 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(roster_url(a1), {"q": "duc"}).status_code == 200


def test_home_lists_communes_with_teams_in_scope(client_for, personas, full_team, a1):
    body = client_for(personas["province_a_officer"]).get(reverse("forces:home")).content.decode()
    assert a1.name in body
    other = (
        client_for(personas["commune_b1_officer"])
        .get(reverse("forces:home"), {"q": "ba dinh"})
        .content.decode()
    )
    assert a1.name not in other and "Chưa có tổ nào trong phạm vi của bạn." in other


def test_team_page_lists_leader_then_deputy_then_members(client_for, officer, team):
    # Names chosen so that alphabetical order and the role codes' order both differ from the official one.
    for n, name, role in (
        (1, "An Văn Tổ Viên", "member"),
        (2, "Bùi Tổ Phó", "deputy"),
        (3, "Vũ Tổ Trưởng", "leader"),
    ):
        actions.add_member(
            team,
            by=officer,
            person=person_data(n, full_name=name),
            role=role,
            joined_on=date(2025, 1, 1),
            decision_ref="1",
        )
    body = client_for(officer).get(team_url(team)).content.decode()
    assert body.index("Vũ Tổ Trưởng") < body.index("Bùi Tổ Phó") < body.index("An Văn Tổ Viên")
