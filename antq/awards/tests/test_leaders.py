"""The medal rule for leaders (TT 20/2025): 10 years in qualifying positions and a prior commendation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from antq.awards import actions, rules
from antq.awards.models import QualifyingPosition
from antq.awards.queries import leader_rows
from antq.awards.rules import Period
from antq.awards.tests.helpers import decided, unit
from antq.core.errors import DomainError
from conftest import COMMUNE_A1, login

D = dt.date
UNTIL = D(2026, 1, 1)
TEN_YEARS = 365 * 10 + 2  # 3652 days: the shortest ten calendar years


@pytest.mark.parametrize(
    ("periods", "prior", "eligible", "days"),
    [
        # exactly ten calendar years up to the day of the proposal
        ([Period(D(2016, 1, 1), None)], 1, True, 3653),
        ([Period(D(2016, 1, 2), None)], 1, True, 3652),
        ([Period(D(2016, 1, 3), None)], 1, False, 3651),
        # two positions at the same time count once
        ([Period(D(2016, 1, 1), D(2021, 1, 1)), Period(D(2018, 1, 1), None)], 1, True, 3653),
        ([Period(D(2016, 1, 3), D(2021, 1, 1)), Period(D(2016, 1, 3), D(2021, 1, 1))], 1, False, 1825),
        # adjacent periods join; a gap is not counted
        ([Period(D(2016, 1, 1), D(2021, 1, 1)), Period(D(2021, 1, 1), None)], 1, True, 3653),
        ([Period(D(2016, 1, 1), D(2020, 1, 1)), Period(D(2021, 1, 1), None)], 1, False, 3287),
        # time after the day of the proposal is cut
        ([Period(D(2010, 1, 1), D(2030, 1, 1))], 1, True, 5844),
        # no prior commendation: not eligible whatever the years
        ([Period(D(2000, 1, 1), None)], 0, False, 9497),
        ([], 1, False, 0),
    ],
)
def test_leader_rule(periods, prior, eligible, days):
    check = rules.leader_check(periods=periods, until=UNTIL, prior_commendations=prior)
    assert (check.eligible, check.service_days, check.required_days) == (eligible, days, TEN_YEARS)


def test_leader_reasons_name_every_missing_condition():
    check = rules.leader_check(
        periods=[Period(D(2020, 1, 1), None)],
        until=UNTIL,
        prior_commendations=0,
        already_awarded=True,
        deferrals=["Đang xem xét kỷ luật"],
    )
    text = " ".join(check.reasons)
    assert "chỉ tặng một lần" in text
    assert "Tạm hoãn xét: Đang xem xét kỷ luật" in text
    assert "còn thiếu 1460 ngày" in text
    assert "Chưa có hình thức khen thưởng" in text


@pytest.mark.django_db
def test_positions_are_data():
    codes = set(QualifyingPosition.objects.values_list("code", flat=True))
    assert {"party_committee", "peoples_committee", "department_head"} <= codes
    assert QualifyingPosition.objects.filter(needs_verification=False).count() == 0


@pytest.mark.django_db
def test_leader_rows_and_medal_once(commune_a1_officer, province_a_officer, django_assert_max_num_queries):
    a1 = unit(COMMUNE_A1)
    position = QualifyingPosition.objects.get(code="peoples_committee")
    eligible = actions.record_leader(
        a1,
        by=commune_a1_officer,
        full_name="Lê Văn Tâm",
        sex="male",
        birth_year=1970,
        position="Chủ tịch UBND phường",
        prior_commendation="Giấy khen số 12/QĐ-UBND ngày 01/02/2020",
    )
    actions.add_leader_position(
        eligible, by=commune_a1_officer, position=position, organisation="UBND phường", start=D(2010, 1, 1)
    )
    short = actions.record_leader(
        a1, by=commune_a1_officer, full_name="Trần Thị Mai", sex="female", birth_year=1980, position="Bí thư"
    )
    actions.add_leader_position(
        short, by=commune_a1_officer, position=position, organisation="UBND phường", start=D(2020, 1, 1)
    )
    # A position no longer counted (the administrator switched it off) does not count.
    retired = QualifyingPosition.objects.create(code="old", name="Chức vụ cũ", active=False)
    with pytest.raises(DomainError):
        actions.add_leader_position(
            short, by=commune_a1_officer, position=retired, organisation="X", start=D(2000, 1, 1)
        )
    with django_assert_max_num_queries(6):
        rows = leader_rows(a1, on=UNTIL)
    assert [(r.leader.full_name, r.check.eligible) for r in rows] == [
        ("Lê Văn Tâm", True),
        ("Trần Thị Mai", False),
    ]

    medal = actions.AwardForm.objects.get(code="commemorative_medal_antq")
    actions.propose(
        a1,
        by=commune_a1_officer,
        form=medal,
        year=2026,
        achievement="10 năm lãnh đạo phong trào",
        source_type="ad_hoc",
        nominees=[actions.NomineeInput("individual", eligible.full_name, leader=eligible)],
    )
    with pytest.raises(DomainError, match="chỉ tặng một lần"):
        actions.propose(
            a1,
            by=commune_a1_officer,
            form=medal,
            year=2026,
            achievement="Lần hai",
            source_type="ad_hoc",
            nominees=[actions.NomineeInput("individual", eligible.full_name, leader=eligible)],
        )
    assert not next(r for r in leader_rows(a1, on=UNTIL) if r.leader == eligible).check.eligible


@pytest.mark.django_db
def test_leader_pages(client, commune_a1_officer, commune_b1_officer):
    login(client, commune_a1_officer)
    response = client.post(
        reverse("awards:leaders", args=[COMMUNE_A1]),
        {"full_name": "Lê Văn Tâm", "sex": "male", "birth_year": "1970", "position": "Bí thư"},
    )
    assert response.status_code == 302
    leader = actions.Leader.objects.get()
    position = QualifyingPosition.objects.get(code="party_committee")
    response = client.post(
        reverse("awards:leader", args=[leader.pk]),
        {
            "verb": "position",
            "p-position": position.pk,
            "p-organisation": "Đảng ủy phường",
            "p-start": "2014-01-01",
        },
    )
    assert response.status_code == 302
    assert leader.positions.count() == 1
    # A period ending before it starts: the message, nothing saved.
    response = client.post(
        reverse("awards:leader", args=[leader.pk]),
        {
            "verb": "position",
            "p-position": position.pk,
            "p-organisation": "X",
            "p-start": "2020-01-01",
            "p-end": "2019-01-01",
        },
        follow=True,
    )
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    assert leader.positions.count() == 1
    page = client.get(reverse("awards:medal", args=[COMMUNE_A1])).content.decode()
    assert "Lê Văn Tâm" in page and "Chưa có hình thức khen thưởng" in page
    login(client, commune_b1_officer)
    assert client.get(reverse("awards:leader", args=[leader.pk])).status_code == 404


@pytest.mark.django_db
def test_prior_commendation_in_the_system_counts(commune_a1_officer, province_a_officer):
    """A leader's decided Bằng khen recorded in the system is the prior commendation."""
    a1 = unit(COMMUNE_A1)
    leader = actions.record_leader(
        a1, by=commune_a1_officer, full_name="Lê Văn Tâm", sex="male", birth_year=1970, position="Bí thư"
    )
    actions.add_leader_position(
        leader,
        by=commune_a1_officer,
        position=QualifyingPosition.objects.get(code="party_committee"),
        organisation="Đảng ủy",
        start=D(2010, 1, 1),
    )
    assert not leader_rows(a1, on=UNTIL)[0].check.eligible
    decision = decided(commune_a1_officer, province_a_officer)
    nominee = decision.proposals.get().nominees.get(kind="individual")
    nominee.leader = leader
    nominee.save()
    assert leader_rows(a1, on=UNTIL)[0].check.eligible
