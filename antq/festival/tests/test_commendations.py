"""Commendations given at a festival point: awards proposals sourced to the event, or linked decisions."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from antq.awards import actions as awards_actions
from antq.awards import queries as awards_queries
from antq.awards.actions import NomineeInput
from antq.awards.models import AwardForm, Proposal, SourceType
from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.festival import actions, queries
from antq.festival.models import Commendation
from antq.festival.tests.helpers import area_event, campaign, unit
from conftest import COMMUNE_A1, COMMUNE_B1

pytestmark = pytest.mark.django_db

GIAY_KHEN = "certificate_of_merit"


def _form(code: str = GIAY_KHEN) -> AwardForm:
    return AwardForm.objects.get(code=code)


@pytest.fixture
def held(province_a_officer, commune_a1_officer, sample_participants):
    """A1's first area held its point on 10/8/2026 and reported it."""
    event = area_event(campaign(province_a_officer), sample_participants["a1_areas"][0], commune_a1_officer)
    actions.report_result(
        event, by=commune_a1_officer, reported_on=dt.date(2026, 8, 11), counts={"participants": 90}
    )
    return event


def _record(event, by, **changes):
    values = {
        "form": _form(),
        "achievement": "Có thành tích xuất sắc trong phong trào toàn dân bảo vệ ANTQ",
        "nominees": [
            NomineeInput("collective", "Tổ dân phố số 1"),
            NomineeInput("individual", "Trần Văn B", "Tổ trưởng"),
        ],
    }
    values.update(changes)
    return actions.record_commendation(event, by=by, **values)


def test_a_commendation_becomes_a_proposal_sourced_to_the_event(held, commune_a1_officer):
    made = _record(held, commune_a1_officer)
    proposal = made.proposal
    assert (proposal.source_type, proposal.source_id) == (SourceType.FESTIVAL, held.pk)
    assert (proposal.proposer.key, proposal.reviewer.key, proposal.year) == (COMMUNE_A1, COMMUNE_A1, 2026)
    assert sorted(proposal.nominees.values_list("name", flat=True)) == ["Trần Văn B", "Tổ dân phố số 1"]
    assert AuditEntry.objects.filter(
        action="festival.commendation.proposed", data__proposal=proposal.pk
    ).exists()
    rows = queries.event_commendations(held, commune_a1_officer)
    assert [(r.form, r.state, r.names) for r in rows] == [
        ("Giấy khen của Chủ tịch UBND cấp xã", "Đã đề nghị", ["Tổ dân phố số 1", "Trần Văn B"])
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"achievement": "  "}, "Chưa nhập “Thành tích”"),
        ({"nominees": []}, "ít nhất một tập thể"),
        ({"nominees": [NomineeInput("individual", "A\x00B")]}, "ký tự không hợp lệ"),
        (
            {"form": "commemorative_medal_antq", "nominees": [NomineeInput("collective", "Tổ 1")]},
            "không tặng cho tập thể",
        ),
    ],
)
def test_refusals_save_nothing(held, commune_a1_officer, changes, message):
    if isinstance(changes.get("form"), str):
        changes = {**changes, "form": _form(changes["form"])}
    with pytest.raises(DomainError, match=message):
        _record(held, commune_a1_officer, **changes)
    assert not Proposal.objects.exists() and not Commendation.objects.exists()


def test_no_commendation_before_the_result_nor_by_another_commune(
    province_a_officer, commune_a1_officer, commune_b1_officer, sample_participants, held
):
    planned = area_event(held.campaign, sample_participants["a1_areas"][1], commune_a1_officer)
    with pytest.raises(DomainError, match="Báo cáo kết quả"):
        _record(planned, commune_a1_officer)
    with pytest.raises(DomainError):
        _record(held, commune_b1_officer)
    assert not Proposal.objects.exists()


def _decision(issuer_key: str, by, day=dt.date(2026, 8, 5), number="12/QĐ-UBND", code=GIAY_KHEN):
    proposal = awards_actions.propose(
        unit(issuer_key),
        by=by,
        form=_form(code),
        year=2026,
        achievement="Thành tích",
        source_type=SourceType.AD_HOC,
        nominees=[NomineeInput("individual", "Lê Thị C", "Công an viên")],
    )
    awards_actions.review(proposal, by=by)
    return awards_actions.decide(
        [proposal],
        by=by,
        issuer=proposal.reviewer,
        number_text=number,
        issued_on=day,
        signer_name="Nguyễn Văn D",
        signer_title="Chủ tịch",
        place="Ba Đình",
    )


def test_a_decision_of_the_commune_or_above_in_the_year_can_be_linked_once(
    held, commune_a1_officer, commune_b1_officer, province_a_officer
):
    mine = _decision(COMMUNE_A1, commune_a1_officer)
    made = actions.link_decision(held, by=commune_a1_officer, decision=mine)
    assert made.decision == mine
    with pytest.raises(DomainError, match="đã được ghi"):
        actions.link_decision(held, by=commune_a1_officer, decision=mine)
    elsewhere = _decision(COMMUNE_B1, commune_b1_officer)
    with pytest.raises(DomainError, match="không do Phường Ba Đình hoặc cấp trên"):
        actions.link_decision(held, by=commune_a1_officer, decision=elsewhere)
    last_year = _decision(COMMUNE_A1, commune_a1_officer, day=dt.date(2025, 12, 1), number="30/QĐ-UBND")
    with pytest.raises(DomainError, match="không ban hành trong năm 2026"):
        actions.link_decision(held, by=commune_a1_officer, decision=last_year)
    assert Commendation.objects.count() == 1
    row = queries.event_commendations(held, commune_a1_officer)[0]
    assert row.names == ["Lê Thị C"] and row.decision_visible and "12/QĐ-UBND" in row.decision_label


def test_event_page_lists_commendations_with_state_and_links(client_for, held, commune_a1_officer):
    made = _record(held, commune_a1_officer)
    awards_actions.review(made.proposal, by=commune_a1_officer)
    decision = awards_actions.decide(
        [made.proposal],
        by=commune_a1_officer,
        issuer=unit(COMMUNE_A1),
        number_text="40/QĐ-UBND",
        issued_on=dt.date(2026, 8, 20),
        signer_name="Nguyễn Văn D",
        signer_title="Chủ tịch",
        place="Ba Đình",
    )
    client = client_for(commune_a1_officer)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("festival:event", args=[held.pk])).content.decode()
    assert "Đã quyết định khen thưởng" in page
    assert reverse("awards:proposal", args=[made.proposal.pk]) in page
    assert reverse("awards:decision_pdf", args=[decision.pk]) in page
    assert len(ctx.captured_queries) <= 20
    # The awards proposal page's source: the festival point, for whoever may see it.
    label, url = awards_queries.source_link(made.proposal, commune_a1_officer)
    assert url == reverse("festival:event", args=[held.pk]) and "Tổ dân phố số 1" in label
    assert "10/08/2026" in label


def test_the_event_page_query_count_does_not_grow_with_commendations(client_for, held, commune_a1_officer):
    client = client_for(commune_a1_officer)
    url = reverse("festival:event", args=[held.pk])
    counts = []
    for n in (1, 5):
        while Commendation.objects.count() < n:
            _record(held, commune_a1_officer)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_pages_record_and_link(client_for, held, commune_a1_officer, province_a_officer):
    client = client_for(commune_a1_officer)
    url = reverse("festival:commendation_add", args=[held.pk])
    refused = client.post(
        url, {"form": _form().pk, "achievement": "Xuất sắc", "collectives": "", "individuals": ""}
    )
    assert "ít nhất một tập thể" in refused.content.decode() and not Proposal.objects.exists()
    response = client.post(
        url,
        {
            "form": _form().pk,
            "achievement": "Xuất sắc",
            "collectives": "Tổ dân phố số 1",
            "individuals": "Trần Văn B; Tổ trưởng",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert list(proposal.nominees.values_list("kind", "name", "position")) == [
        ("collective", "Tổ dân phố số 1", ""),
        ("individual", "Trần Văn B", "Tổ trưởng"),
    ]
    mine = _decision(COMMUNE_A1, commune_a1_officer)
    link = reverse("festival:commendation_link", args=[held.pk])
    assert "12/QĐ-UBND" in client.get(link).content.decode()
    assert client.post(link, {"decision": mine.pk}).status_code == 302
    assert Commendation.objects.filter(decision=mine).exists()


def test_commendation_pages_are_for_the_hosts_editors(
    client_for, held, steering_a1_member, commune_b1_officer
):
    for user in (steering_a1_member, commune_b1_officer):
        assert client_for(user).get(reverse("festival:commendation_add", args=[held.pk])).status_code == 404
    page = client_for(steering_a1_member).get(reverse("festival:event", args=[held.pk])).content.decode()
    assert reverse("festival:commendation_add", args=[held.pk]) not in page


def test_the_awards_proposal_page_links_its_festival_source(client_for, held, commune_a1_officer):
    made = _record(held, commune_a1_officer)
    page = (
        client_for(commune_a1_officer)
        .get(reverse("awards:proposal", args=[made.proposal.pk]))
        .content.decode()
    )
    assert f'href="{reverse("festival:event", args=[held.pk])}"' in page
