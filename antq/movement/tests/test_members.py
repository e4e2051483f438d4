"""Steering committee members: editing, ending a membership, one head among current members; pages and API."""

from __future__ import annotations

import datetime as dt

import pytest

from antq.accounts.models import ApiToken
from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.movement import actions
from antq.movement.models import CommitteeMember
from antq.units.models import Unit
from conftest import COMMUNE_A1

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(commune_a1_officer):
    return actions.save_committee(
        Unit.objects.get(key=COMMUNE_A1),
        by=commune_a1_officer,
        name="BCĐ phường Ba Đình",
        decision_number="5/QĐ-UBND",
        decision_date=dt.date(2026, 1, 5),
    )


@pytest.fixture
def head(committee, commune_a1_officer):
    return actions.add_member(
        committee,
        by=commune_a1_officer,
        full_name="Nguyễn Văn An",
        position="Chủ tịch UBND phường",
        agency="UBND phường Ba Đình",
        role="head",
        joined_on=dt.date(2026, 1, 5),
    )


def test_update_member_keeps_history_and_audits(head, commune_a1_officer):
    actions.update_member(
        head,
        by=commune_a1_officer,
        full_name="Nguyễn Văn An",
        position="Bí thư Đảng ủy phường",
        agency="Đảng ủy phường Ba Đình",
        role="head",
        joined_on=dt.date(2026, 1, 5),
    )
    head.refresh_from_db()
    assert head.position == "Bí thư Đảng ủy phường"
    assert [h.position for h in head.history.order_by("history_date")] == [
        "Chủ tịch UBND phường",
        "Bí thư Đảng ủy phường",
    ]
    entry = AuditEntry.objects.get(action="movement.member.updated")
    assert entry.data["changed"]["position"] == ["Chủ tịch UBND phường", "Bí thư Đảng ủy phường"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"role": "boss"}, "Chức danh"),
        ({"position": ""}, "Chưa nhập"),
        ({"joined_on": dt.date(2099, 1, 1)}, "sau ngày hôm nay"),
        ({"agency": "x" * 300}, "quá dài"),
    ],
)
def test_update_member_refuses_bad_input(head, commune_a1_officer, change, message):
    values = {
        "full_name": head.full_name,
        "position": head.position,
        "agency": head.agency,
        "role": head.role,
        "joined_on": head.joined_on,
        **change,
    }
    with pytest.raises(DomainError, match=message):
        actions.update_member(head, by=commune_a1_officer, **values)
    head.refresh_from_db()
    assert head.position == "Chủ tịch UBND phường" and head.history.count() == 1


def test_one_head_among_current_members_until_the_old_one_leaves(committee, head, commune_a1_officer):
    deputy = actions.add_member(
        committee,
        by=commune_a1_officer,
        full_name="Trần B",
        position="Trưởng Công an",
        agency="CA",
        role="deputy",
    )
    with pytest.raises(DomainError, match="Trưởng ban"):
        actions.update_member(
            deputy, by=commune_a1_officer, full_name="Trần B", position="P", agency="CA", role="head"
        )
    with pytest.raises(DomainError, match="trước ngày tham gia"):
        actions.end_membership(head, by=commune_a1_officer, left_on=dt.date(2025, 12, 31))
    actions.end_membership(head, by=commune_a1_officer, left_on=dt.date(2026, 6, 30))
    with pytest.raises(DomainError, match="đã thôi"):
        actions.end_membership(head, by=commune_a1_officer, left_on=dt.date(2026, 7, 1))
    with pytest.raises(DomainError, match="không sửa được"):
        actions.update_member(
            head, by=commune_a1_officer, full_name="A", position="P", agency="A", role="member"
        )
    actions.update_member(
        deputy, by=commune_a1_officer, full_name="Trần B", position="Chủ tịch", agency="UBND", role="head"
    )
    assert list(committee.members.current().values_list("role", flat=True)) == ["head"]
    assert CommitteeMember.objects.get(pk=head.pk).left_on == dt.date(2026, 6, 30)


def test_only_the_units_officers_may_edit(head, commune_b1_officer, steering_a1_member):
    for user in (commune_b1_officer, steering_a1_member):
        with pytest.raises(DomainError, match="quyền"):
            actions.end_membership(head, by=user, left_on=dt.date(2026, 6, 30))


def test_member_page_edits_and_ends(
    head, client_for, commune_a1_officer, steering_a1_member, commune_b1_officer
):
    client = client_for(commune_a1_officer)
    committee_page = client.get(f"/chi-dao/{COMMUNE_A1}/ban-chi-dao/").content.decode()
    assert f"/chi-dao/thanh-vien/{head.pk}/" in committee_page
    # The steering member reads the committee but gets neither the link nor the page.
    assert (
        f"/chi-dao/thanh-vien/{head.pk}/"
        not in client_for(steering_a1_member).get(f"/chi-dao/{COMMUNE_A1}/ban-chi-dao/").content.decode()
    )
    assert client_for(steering_a1_member).get(f"/chi-dao/thanh-vien/{head.pk}/").status_code == 404
    assert client_for(commune_b1_officer).get(f"/chi-dao/thanh-vien/{head.pk}/").status_code == 404
    response = client.post(
        f"/chi-dao/thanh-vien/{head.pk}/",
        {
            "what": "edit",
            "full_name": "Nguyễn Văn An",
            "position": "Bí thư",
            "agency": "Đảng ủy",
            "role": "head",
            "joined_on": "2026-01-05",
        },
    )
    assert response.status_code == 302
    response = client.post(f"/chi-dao/thanh-vien/{head.pk}/", {"what": "end", "left_on": "2026-01-01"})
    assert "trước ngày tham gia" in response.content.decode()
    client.post(f"/chi-dao/thanh-vien/{head.pk}/", {"what": "end", "left_on": "2026-08-01"})
    page = client.get(f"/chi-dao/{COMMUNE_A1}/ban-chi-dao/").content.decode()
    assert 'data-testid="former-members"' in page and "01/08/2026" in page
    assert client.get(f"/chi-dao/thanh-vien/{head.pk}/").status_code == 404  # a former member is closed


def test_api_updates_and_ends(head, client, commune_a1_officer, commune_b1_officer):
    h = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(commune_a1_officer, 't')[1]}"}
    body = {"full_name": "Nguyễn Văn An", "position": "Bí thư", "agency": "Đảng ủy", "role": "head"}
    response = client.put(
        f"/api/v1/movement/committee-members/{head.pk}", body, content_type="application/json", **h
    )
    assert response.status_code == 200 and response.json()["position"] == "Bí thư"
    other = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(commune_b1_officer, 't')[1]}"}
    assert (
        client.post(
            f"/api/v1/movement/committee-members/{head.pk}/end",
            {"left_on": "2026-08-01"},
            content_type="application/json",
            **other,
        ).status_code
        == 404
    )
    bad = client.post(
        f"/api/v1/movement/committee-members/{head.pk}/end",
        {"left_on": "2099-08-01"},
        content_type="application/json",
        **h,
    )
    assert bad.status_code == 400 and "hôm nay" in bad.json()["detail"]
    ok = client.post(
        f"/api/v1/movement/committee-members/{head.pk}/end",
        {"left_on": "2026-08-01"},
        content_type="application/json",
        **h,
    )
    assert ok.status_code == 200 and ok.json()["left_on"] == "2026-08-01"
