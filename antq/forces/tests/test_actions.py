"""Every action of the force and each of its refusals: nothing half-saved, every change audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.forces import actions
from antq.forces.models import Membership, Person, Team
from antq.forces.tests.helpers import person_data

pytestmark = pytest.mark.django_db


def add(team, officer, n=10, role="member", joined_on=date(2025, 1, 1), **changes):
    return actions.add_member(
        team,
        by=officer,
        person=person_data(n, **changes),
        role=role,
        joined_on=joined_on,
        decision_ref="7/QĐ",
    )


# --- Teams ---------------------------------------------------------------------------------------


def test_establish_team_is_audited(team, a1):
    assert team.status == Team.Status.ACTIVE and team.commune == a1
    entry = AuditEntry.objects.get(action="forces.team.established")
    assert entry.target_id == str(team.pk) and entry.data["decision_number"] == "15/QĐ-UBND"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "  "}, "Chưa nhập “Tên tổ”"),
        ({"decision_number": ""}, "Chưa nhập “Số quyết định thành lập”"),
        ({"established_on": date(2026, 11, 24)}, "không được sau ngày hôm nay"),
        ({"name": "tổ bảo vệ antt SỐ 1"}, "đã có tổ đang hoạt động"),  # same name without accents
        ({"name": "Tổ\x00"}, "ký tự không hợp lệ"),
    ],
)
def test_establish_team_refusals(team, a1, officer, sample_participants, changes, message):
    kwargs = {
        "residential_area": sample_participants["a1_areas"][1],
        "name": "Tổ số 2",
        "decision_number": "16/QĐ-UBND",
        "established_on": date(2025, 1, 1),
        **changes,
    }
    with pytest.raises(DomainError, match=message):
        actions.establish_team(a1, by=officer, **kwargs)
    assert Team.objects.count() == 1


def test_team_area_must_belong_to_the_commune(a1, officer, sample_participants):
    with pytest.raises(DomainError, match="không thuộc"):
        actions.establish_team(
            a1,
            by=officer,
            residential_area=sample_participants["b1_area"],
            name="Tổ lạc",
            decision_number="1",
            established_on=date(2025, 1, 1),
        )


def test_dissolve_team(team, officer):
    actions.dissolve_team(
        team, by=officer, dissolved_on=date(2026, 1, 1), reason="Sáp nhập", decision_ref="9/QĐ"
    )
    team.refresh_from_db()
    assert team.status == Team.Status.DISSOLVED and team.dissolved_on == date(2026, 1, 1)
    assert AuditEntry.objects.filter(action="forces.team.dissolved", target_id=str(team.pk)).exists()
    with pytest.raises(DomainError, match="đã giải thể"):
        actions.dissolve_team(team, by=officer, dissolved_on=date(2026, 1, 2), reason="x", decision_ref="1")
    with pytest.raises(DomainError, match="đã giải thể"):
        add(team, officer)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"dissolved_on": date(2024, 6, 30)}, "trước ngày thành lập"),
        ({"dissolved_on": date(2026, 11, 24)}, "không được sau ngày hôm nay"),
        ({"reason": ""}, "Lý do giải thể"),
        ({"decision_ref": " "}, "Số quyết định giải thể"),
    ],
)
def test_dissolve_refusals(team, officer, changes, message):
    kwargs = {"dissolved_on": date(2026, 1, 1), "reason": "Sáp nhập", "decision_ref": "9/QĐ", **changes}
    with pytest.raises(DomainError, match=message):
        actions.dissolve_team(team, by=officer, **kwargs)
    team.refresh_from_db()
    assert team.is_active


def test_a_team_with_active_members_is_not_dissolved(full_team, officer):
    with pytest.raises(DomainError, match="còn 3 thành viên"):
        actions.dissolve_team(
            full_team, by=officer, dissolved_on=date(2026, 1, 1), reason="x", decision_ref="1"
        )


# --- Members -------------------------------------------------------------------------------------


def test_add_member_records_person_membership_and_warnings(team, officer):
    added = add(team, officer, health_certificate_on=None, residence_since=date(2024, 6, 1))
    m = added.membership
    assert (
        m.is_active and m.person.name_folded == "nguyen van duc 10" and m.person.commune_id == team.commune_id
    )
    assert {w.code for w in added.warnings} == {"health", "residence_short"}
    entry = AuditEntry.objects.get(action="forces.member.added")
    assert entry.data["warnings"] == ["residence_short", "health"]
    assert "0912345678" not in str(entry.data) and "000000000010" not in str(entry.data)  # no personal values


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date_of_birth": date(2007, 1, 2), "residence_since": None}, "Chưa đủ 18 tuổi"),  # 17 on joining
        ({"date_of_birth": date(1950, 1, 1)}, "Trên 70 tuổi"),
        ({"background_check": "not_clear"}, "Xác minh lý lịch không đạt"),
        ({"citizen_id": "12345678901"}, "đúng 12 chữ số"),
        ({"citizen_id": "12345678901a"}, "đúng 12 chữ số"),
        ({"citizen_id": "１２３４５６７８９０１２"}, "đúng 12 chữ số"),  # full-width digits are not ASCII
        ({"full_name": ""}, "Họ và tên"),
        ({"sex": "x"}, "Giới tính"),
        ({"date_of_birth": date(2026, 12, 1), "residence_since": None}, "Ngày sinh"),
        ({"health_certificate_on": date(2026, 12, 1)}, "giấy chứng nhận sức khỏe"),
        ({"phone": "abc"}, "Số điện thoại"),
    ],
)
def test_add_member_refusals(team, officer, changes, message):
    with pytest.raises(DomainError, match=message):
        add(team, officer, **changes)
    assert not Membership.objects.exists() and not Person.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"joined_on": date(2026, 11, 24)}, "không được sau ngày hôm nay"),
        ({"joined_on": date(2024, 6, 30)}, "trước ngày thành lập"),
        ({"role": "boss"}, "Chức danh"),
    ],
)
def test_add_member_date_and_role_refusals(team, officer, kwargs, message):
    with pytest.raises(DomainError, match=message):
        add(team, officer, **kwargs)
    assert not Membership.objects.exists()


def test_over_70_with_exception_decision_is_accepted(team, officer):
    added = actions.add_member(
        team,
        by=officer,
        person=person_data(5, date_of_birth=date(1950, 1, 1)),
        role="member",
        joined_on=date(2025, 1, 1),
        decision_ref="7/QĐ",
        age_exception_decision_ref="8/QĐ-UBND",
    )
    assert added.membership.age_exception_decision_ref == "8/QĐ-UBND"


def test_a_person_is_active_in_one_team_only(team, officer, a1, sample_participants):
    other = actions.establish_team(
        a1,
        by=officer,
        residential_area=sample_participants["a1_areas"][1],
        name="Tổ số 2",
        decision_number="2",
        established_on=date(2024, 7, 1),
    )
    add(team, officer, n=7)
    with pytest.raises(DomainError, match="đang là thành viên của tổ “Tổ bảo vệ ANTT số 1”"):
        add(other, officer, n=7)
    assert Membership.objects.count() == 1


def test_already_active_in_another_commune_does_not_name_the_team(team, officer, personas, b1):
    b1_area = b1.residential_areas.create(name="Khu phố 9", kind="khu_pho")
    b1_team = actions.establish_team(
        b1,
        by=personas["commune_b1_officer"],
        residential_area=b1_area,
        name="Tổ KP 9",
        decision_number="1",
        established_on=date(2024, 7, 1),
    )
    add(team, officer, n=8)
    with pytest.raises(DomainError) as refused:
        add(b1_team, personas["commune_b1_officer"], n=8)
    assert "xã khác" in refused.value.message and "số 1" not in refused.value.message


def test_the_database_refuses_two_active_memberships(team, officer):
    m = add(team, officer, n=9).membership
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(team=team, person=m.person, role="member", joined_on=date(2025, 2, 1))


def test_the_database_refuses_a_malformed_citizen_id(a1):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(
            commune=a1,
            full_name="X",
            date_of_birth=date(1990, 1, 1),
            sex="male",
            citizen_id="12ab",
            residence_type="permanent",
        )


def test_a_former_member_rejoins_with_the_same_record(team, officer):
    first = add(team, officer, n=11).membership
    actions.end_membership(
        first, by=officer, left_on=date(2025, 6, 1), ground="voluntary", decision_ref="3/QĐ"
    )
    with pytest.raises(DomainError, match="trước ngày người này thôi"):
        add(team, officer, n=11, joined_on=date(2025, 5, 1))
    again = add(team, officer, n=11, joined_on=date(2025, 7, 1), phone="0987654321").membership
    assert again.person_id == first.person_id and Person.objects.count() == 1
    assert again.person.phone == "0987654321"


# --- Ending a membership ---------------------------------------------------------------------------


def test_end_membership_records_ground_date_and_decision(full_team, officer):
    m = Membership.objects.get(team=full_team, role="member")
    actions.end_membership(
        m, by=officer, left_on=date(2026, 3, 1), ground="legal_proceedings", decision_ref="4/QĐ"
    )
    m.refresh_from_db()
    assert (m.left_on, m.leave_ground, m.leave_decision_ref) == (
        date(2026, 3, 1),
        "legal_proceedings",
        "4/QĐ",
    )
    assert AuditEntry.objects.get(action="forces.member.ended").data["ground"] == "legal_proceedings"
    with pytest.raises(DomainError, match="đã thôi tham gia"):
        actions.end_membership(m, by=officer, left_on=date(2026, 3, 2), ground="health", decision_ref="5")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"left_on": date(2024, 7, 31)}, "trước ngày công nhận"),  # one day before joining
        ({"left_on": date(2026, 11, 24)}, "không được sau ngày hôm nay"),
        ({"ground": "moved"}, "bốn căn cứ"),
        ({"decision_ref": ""}, "Số quyết định cho thôi"),
    ],
)
def test_end_membership_refusals(full_team, officer, kwargs, message):
    m = Membership.objects.get(team=full_team, role="member")
    with pytest.raises(DomainError, match=message):
        actions.end_membership(
            m,
            by=officer,
            **{"left_on": date(2026, 1, 1), "ground": "voluntary", "decision_ref": "1", **kwargs},
        )
    m.refresh_from_db()
    assert m.is_active


def test_leaving_on_the_joining_day_is_allowed(full_team, officer):
    m = Membership.objects.get(team=full_team, role="member")
    actions.end_membership(m, by=officer, left_on=m.joined_on, ground="health", decision_ref="1")
    assert not Membership.objects.get(pk=m.pk).is_active


# --- Updating a person -------------------------------------------------------------------------------


def test_update_person_logs_field_names_not_values(full_team, officer):
    person = Person.objects.get(citizen_id="000000000003")
    data = actions.PersonData.of(person)
    data.health_certificate_on = date(2026, 5, 5)
    data.phone = "0900000000"
    actions.update_person(person, by=officer, data=data)
    person.refresh_from_db()
    assert person.health_certificate_on == date(2026, 5, 5)
    entry = AuditEntry.objects.get(action="forces.person.updated")
    assert sorted(entry.data["fields"]) == ["health_certificate_on", "phone"]
    assert person.history.count() == 2  # field-level history keeps the values


def test_update_person_refusals(full_team, officer):
    person = Person.objects.get(citizen_id="000000000003")
    data = actions.PersonData.of(person)
    data.citizen_id = "000000000001"  # another member's
    with pytest.raises(DomainError, match="đã có trong hồ sơ"):
        actions.update_person(person, by=officer, data=data)
    data = actions.PersonData.of(person)
    data.date_of_birth = date(2010, 1, 1)  # would make them 14 when recognised
    data.residence_since = None
    with pytest.raises(DomainError, match="Chưa đủ 18 tuổi"):
        actions.update_person(person, by=officer, data=data)
    person.refresh_from_db()
    assert person.date_of_birth == date(1980, 5, 1)


def test_a_failed_background_check_is_recorded_for_an_active_member(full_team, officer):
    person = Person.objects.get(citizen_id="000000000002")
    data = actions.PersonData.of(person)
    data.background_check = "not_clear"
    actions.update_person(person, by=officer, data=data)
    assert Person.objects.get(pk=person.pk).background_check == "not_clear"
