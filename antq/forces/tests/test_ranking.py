"""The yearly ranking: proposals, the board's violations, the decision and its lock, pages and documents."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.forces import actions
from antq.forces.models import Membership
from antq.forces.ranking_actions import (
    MemberProposal,
    TeamProposal,
    propose_ranking,
    record_ranking_decision,
    record_task_counts,
    reopen_ranking,
)
from antq.forces.ranking_models import Ranking
from antq.forces.ranking_queries import board, ranking_violations
from antq.forces.ranking_seed import seed_ranking
from antq.forces.tests.helpers import person_data

YEAR = 2026
ALL_MANUAL = ["T1", "T2", "T4", "T6", "T7"]


@pytest.fixture(autouse=True)
def _ranking_rules(db):
    seed_ranking()


def members(team):
    return {m.role: m for m in Membership.objects.filter(team=team, left_on__isnull=True)}


def propose_all(a1, officer, team, team_level="good", levels=None, **team_extra):
    roles = members(team)
    levels = levels or {}
    return propose_ranking(
        a1,
        YEAR,
        by=officer,
        teams={team.pk: TeamProposal(level=team_level, **team_extra)},
        members={m.pk: MemberProposal(level=levels.get(role, "good")) for role, m in roles.items()},
    )


def decide(a1, officer, **changes):
    values = {"number": 7, "decided_on": date(2026, 11, 20), "signer_name": "Lê Văn Chủ"}
    values.update(changes)
    return record_ranking_decision(a1, YEAR, by=officer, **values)


def test_a_complete_ranking_is_decided_locked_and_audited(a1, officer, full_team):
    assert {v.code for v in ranking_violations(a1, YEAR)} == {"team_level_missing", "member_level_missing"}
    propose_all(a1, officer, full_team)
    assert ranking_violations(a1, YEAR) == []
    ranking = decide(a1, officer)
    assert ranking.is_decided and ranking.display_number == "07/QĐ-UBND"
    assert AuditEntry.objects.filter(action="forces.ranking.decided").count() == 1
    with pytest.raises(DomainError, match="đã có Quyết định số 07/QĐ-UBND"):
        propose_all(a1, officer, full_team, team_level="completed")
    with pytest.raises(DomainError, match="đã có Quyết định"):
        record_task_counts(full_team, YEAR, by=officer, counts={1: (10, 10)})
    reopened = reopen_ranking(a1, YEAR, by=officer, reason="Sai tên thành viên")
    assert reopened.status == Ranking.Status.DRAFT and reopened.decision_number is None
    assert AuditEntry.objects.get(action="forces.ranking.reopened").data["previous"]["number"] == "07/QĐ-UBND"
    propose_all(a1, officer, full_team, team_level="completed", levels={"leader": "completed"})


def test_reopen_needs_a_reason_and_a_decision(a1, officer, full_team):
    with pytest.raises(DomainError, match="chưa có quyết định"):
        reopen_ranking(a1, YEAR, by=officer, reason="x")
    propose_all(a1, officer, full_team)
    decide(a1, officer)
    with pytest.raises(DomainError, match="Lý do mở lại"):
        reopen_ranking(a1, YEAR, by=officer, reason="  ")


def test_leader_above_team_blocks_the_decision(a1, officer, full_team):
    propose_all(a1, officer, full_team, team_level="completed", levels={"leader": "good"})
    found = ranking_violations(a1, YEAR)
    assert [v.code for v in found] == ["leader_above_team"]
    with pytest.raises(DomainError, match="còn 1 vi phạm"):
        decide(a1, officer)
    assert not Ranking.objects.get(commune=a1, year=YEAR).is_decided
    # The recorded transfer exception lifts it.
    leader = members(full_team)["leader"]
    propose_ranking(
        a1,
        YEAR,
        by=officer,
        teams={},
        members={leader.pk: MemberProposal("good", leader_exception="Mới điều động")},
    )
    assert ranking_violations(a1, YEAR) == []


def test_without_a_leader_the_deputy_may_not_rank_above_the_team(a1, officer, full_team):
    leader = members(full_team)["leader"]
    actions.end_membership(
        leader, by=officer, left_on=date(2025, 1, 1), ground="voluntary", decision_ref="9/QĐ"
    )
    propose_all(a1, officer, full_team, team_level="completed", levels={"deputy": "good", "member": "good"})
    assert [v.code for v in ranking_violations(a1, YEAR)] == ["leader_above_team"]


def test_the_twenty_percent_cap_and_the_excellent_checklist(a1, officer, full_team):
    # Member: 1 excellent for 2 good = 0.4 → cap 0.
    propose_all(a1, officer, full_team, team_level="good", levels={"member": "excellent"})
    codes = [v.code for v in ranking_violations(a1, YEAR)]
    assert codes == ["member_excellent_cap"]
    # Team excellent without the checklist: T1–T7 unmet; and 1 excellent for 0 good breaks the cap.
    propose_all(a1, officer, full_team, team_level="excellent", levels={"leader": "excellent"})
    found = {v.code: v for v in ranking_violations(a1, YEAR)}
    assert "team_excellent_cap" in found
    assert "T1, T2, T3, T4, T5, T6, T7" not in found["team_criteria"].message  # T3 is met by the records
    assert "T5" in found["team_criteria"].message and "T3" not in found["team_criteria"].message


def test_t3_and_t5_are_computed(a1, officer, full_team):
    record_task_counts(full_team, YEAR, by=officer, counts={1: (50, 48), 5: (50, 48)})  # 96 %
    propose_all(a1, officer, full_team, team_level="excellent", criteria_met=ALL_MANUAL)
    row = board(a1, YEAR).teams[0]
    checks = {c.criterion.code: c.met for c in row.checklist}
    assert checks == dict.fromkeys(["T1", "T2", "T3", "T4", "T5", "T6", "T7"], True)
    record_task_counts(full_team, YEAR, by=officer, counts={1: (50, 47), 5: (50, 48)})  # 95 %: not above
    assert {c.criterion.code: c.met for c in board(a1, YEAR).teams[0].checklist}["T5"] is False
    # A member ended on ground c in the period breaks T3.
    extra = actions.add_member(
        full_team,
        by=officer,
        person=person_data(9),
        role="member",
        joined_on=date(2025, 1, 1),
        decision_ref="1",
    ).membership
    actions.end_membership(
        extra, by=officer, left_on=date(2026, 3, 1), ground="non_performance", decision_ref="2"
    )
    t3 = next(c for c in board(a1, YEAR).teams[0].checklist if c.criterion.code == "T3")
    assert not t3.met and "điểm c, d" in t3.detail


def test_task_counts_refuse_more_done_than_assigned(full_team, officer):
    with pytest.raises(DomainError, match="lớn hơn số được giao"):
        record_task_counts(full_team, YEAR, by=officer, counts={2: (3, 4)})


def test_not_evaluated_under_nine_months_and_under_complaint(a1, officer, full_team):
    propose_all(a1, officer, full_team)
    late = actions.add_member(
        full_team,
        by=officer,
        person=person_data(8),
        role="member",
        joined_on=date(2026, 2, 16),
        decision_ref="1",
    ).membership
    on_time = actions.add_member(
        full_team,
        by=officer,
        person=person_data(7),
        role="member",
        joined_on=date(2026, 2, 15),
        decision_ref="1",
    ).membership
    rows = {m.membership.pk: m for m in board(a1, YEAR).teams[0].members}
    assert rows[late.pk].reason.startswith("Tham gia chưa đủ 9 tháng")
    assert rows[on_time.pk].reason == ""
    with pytest.raises(DomainError, match="không được đánh giá"):
        propose_ranking(a1, YEAR, by=officer, teams={}, members={late.pk: MemberProposal("good")})
    propose_ranking(
        a1, YEAR, by=officer, teams={}, members={on_time.pk: MemberProposal(under_complaint=True)}
    )
    assert ranking_violations(a1, YEAR) == []  # neither is counted nor required


def test_a_complaint_clears_the_level_and_is_audited(a1, officer, full_team):
    propose_all(a1, officer, full_team)
    leader = members(full_team)["leader"]
    propose_ranking(
        a1, YEAR, by=officer, teams={}, members={leader.pk: MemberProposal("good", under_complaint=True)}
    )
    row = next(m for m in board(a1, YEAR).teams[0].members if m.membership.pk == leader.pk)
    assert row.reason == "Đang trong thời gian khiếu nại, tố cáo." and row.level == ""
    entry = AuditEntry.objects.filter(action="forces.ranking.proposed").order_by("pk").last()
    assert entry.data["members"][str(leader.pk)] == {
        "level": "",
        "criteria": [],
        "complaint": True,
        "leader_exception": "",
    }


def test_decision_input_is_checked(a1, officer, full_team):
    propose_all(a1, officer, full_team)
    with pytest.raises(DomainError, match="trước ngày kết thúc kỳ"):
        decide(a1, officer, decided_on=date(2026, 11, 1))
    with pytest.raises(DomainError, match="sau ngày hôm nay"):
        decide(a1, officer, decided_on=date(2026, 12, 1))
    with pytest.raises(DomainError, match="Người ký"):
        decide(a1, officer, signer_name=" ")
    assert not Ranking.objects.get(commune=a1, year=YEAR).is_decided


def test_teams_of_another_commune_cannot_be_proposed(a1, b1, officer, full_team):
    with pytest.raises(DomainError, match="không thuộc danh sách"):
        propose_ranking(b1, YEAR, by=officer, teams={full_team.pk: TeamProposal("good")}, members={})


# --- Pages ---------------------------------------------------------------------------------------


def url(name, a1, **kw):
    return reverse(f"forces:{name}", kwargs={"key": a1.key, "year": YEAR, **kw})


def test_page_posts_proposals_and_records_the_decision(a1, officer, full_team, client_for):
    client = client_for(officer)
    page = client.get(url("ranking", a1))
    assert page.status_code == 200 and "vi phạm" in page.content.decode()
    roles = members(full_team)
    data = {
        "teams": [full_team.pk],
        f"team-{full_team.pk}-level": "good",
        "members": [m.pk for m in roles.values()],
    }
    data |= {f"member-{m.pk}-level": "good" for m in roles.values()}
    assert client.post(url("ranking", a1), data).status_code == 302
    body = client.get(url("ranking", a1)).content.decode()
    assert "Không có vi phạm." in body
    response = client.post(
        url("ranking_decide", a1),
        {"number": "12", "symbol": "QĐ-UBND", "decided_on": "20/11/2026", "signer_name": "Lê Văn Chủ"},
    )
    assert response.status_code == 302
    assert Ranking.objects.get(commune=a1, year=YEAR).display_number == "12/QĐ-UBND"
    pdf = client.get(url("ranking_pdf", a1))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(url("ranking_xlsx", a1))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(min_row=4, values_only=True))
    assert values[0][1] == full_team.name and values[0][3] == "Hoàn thành tốt nhiệm vụ"
    assert len(values) == 4
    assert [v[2] for v in values[1:]] == ["Tổ trưởng", "Tổ phó", "Tổ viên"]


def test_page_refuses_the_decision_with_violations(a1, officer, full_team, client_for):
    client = client_for(officer)
    response = client.post(
        url("ranking_decide", a1),
        {"number": "12", "symbol": "QĐ-UBND", "decided_on": "20/11/2026", "signer_name": "Lê Văn Chủ"},
        follow=True,
    )
    assert "Chưa thể ghi nhận quyết định" in response.content.decode()
    assert not Ranking.objects.filter(commune=a1, year=YEAR, status="decided").exists()
    assert client.get(url("ranking_pdf", a1)).status_code == 404


def test_steering_members_see_levels_not_names(a1, officer, full_team, personas, client_for):
    propose_all(a1, officer, full_team)
    body = client_for(personas["steering_a1_member"]).get(url("ranking", a1)).content.decode()
    assert full_team.name in body and "Nguyễn Văn Đức" not in body and "Ghi nhận quyết định" not in body


def test_ranking_page_query_count_is_constant(
    a1, officer, full_team, sample_participants, client_for, django_assert_max_num_queries
):
    client = client_for(officer)
    client.get(url("ranking", a1))
    with django_assert_max_num_queries(20) as small:
        assert client.get(url("ranking", a1)).status_code == 200
    for n in range(2, 6):
        team = actions.establish_team(
            a1,
            by=officer,
            residential_area=sample_participants["a1_areas"][0],
            name=f"Tổ số {n}",
            decision_number=f"{n}/QĐ",
            established_on=date(2024, 7, 1),
        )
        for k in range(3):
            actions.add_member(
                team,
                by=officer,
                person=person_data(100 * n + k),
                role="member",
                joined_on=date(2024, 8, 1),
                decision_ref="1",
            )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url("ranking", a1)).status_code == 200


def test_a_province_officer_decides_and_reopens_and_the_commune_is_told(a1, officer, full_team, personas):
    from antq.core.models import Notification

    province = personas["province_a_officer"]
    propose_all(a1, officer, full_team)
    decide(a1, province)
    reopen_ranking(a1, YEAR, by=province, reason="Thiếu chữ ký")
    messages = list(
        Notification.objects.filter(recipient=officer).order_by("pk").values_list("message", "link")
    )
    assert [m for m, _ in messages] == [
        "Đã ghi nhận Quyết định số 07/QĐ-UBND xếp loại tổ bảo vệ ANTT năm 2026 của Phường Ba Đình.",
        "Kết quả xếp loại tổ bảo vệ ANTT năm 2026 của Phường Ba Đình được mở lại: Thiếu chữ ký",
    ]
    assert all(link == f"/luc-luong/{a1.key}/xep-loai/2026/" for _, link in messages)


def test_steering_members_cannot_reopen(a1, officer, full_team, personas):
    propose_all(a1, officer, full_team)
    decide(a1, officer)
    with pytest.raises(DomainError, match="Chỉ Công an xã hoặc cấp trên"):
        reopen_ranking(a1, YEAR, by=personas["steering_a1_member"], reason="x")
    assert Ranking.objects.get(commune=a1, year=YEAR).is_decided


def test_only_the_police_may_post_proposals(a1, officer, full_team, personas, client_for):
    data = {"teams": [full_team.pk], f"team-{full_team.pk}-level": "good"}
    response = client_for(personas["steering_a1_member"]).post(url("ranking", a1), data)
    assert response.status_code == 404
    assert not Ranking.objects.filter(commune=a1, year=YEAR).exists()
    outside = client_for(personas["commune_b1_officer"]).post(url("ranking", a1), data)
    assert outside.status_code == 404


def test_the_overview_shows_the_decided_ranking_only(a1, officer, full_team, personas):
    from antq.forces.overview import ranking_distribution

    propose_all(a1, officer, full_team)
    assert ranking_distribution(None, personas["national_admin"]) is None  # a proposal is not a result
    decide(a1, officer)
    shown = ranking_distribution(a1.parent, personas["province_a_officer"])
    by_label = {row["label"]: (row["teams"], row["members"]) for row in shown["rows"]}
    assert shown["year"] == YEAR
    assert by_label["Hoàn thành tốt nhiệm vụ"] == (1, 3)
    assert sum(t for t, _ in by_label.values()) == 1
    # Out of scope: a commune officer of another province sees no ranking at all.
    assert ranking_distribution(None, personas["commune_b1_officer"]) is None
