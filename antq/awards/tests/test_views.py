"""Pages of commendation: scope (404 outside), review and decision through the page, the PDF."""

from __future__ import annotations

import pytest
from django.urls import reverse

from antq.awards.tests.helpers import decided, proposal
from conftest import COMMUNE_A1, COMMUNE_B1, PROVINCE_A, login

pytestmark = pytest.mark.django_db


def test_unit_page_lists_own_proposals_and_queue(client, personas, django_assert_max_num_queries):
    for _ in range(3):
        proposal(personas["commune_a1_officer"])
    login(client, personas["province_a_officer"])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("awards:unit", args=[PROVINCE_A]))
    assert page.status_code == 200
    assert page.content.decode().count("Bằng khen của Chủ tịch UBND cấp tỉnh") == 3
    login(client, personas["commune_b1_officer"])
    assert client.get(reverse("awards:unit", args=[COMMUNE_A1])).status_code == 404
    assert client.get(reverse("awards:unit", args=[COMMUNE_B1])).status_code == 200


def test_review_and_decide_through_the_page(client, personas):
    item = proposal(personas["commune_a1_officer"])
    url = reverse("awards:proposal", args=[item.pk])
    login(client, personas["commune_a1_officer"])
    assert client.post(url, {"verb": "review"}).status_code == 404  # the proposer does not review
    login(client, personas["province_a_officer"])
    client.post(url, {"verb": "review", "note": "Đủ điều kiện"})
    item.refresh_from_db()
    assert item.status == "reviewed"
    page = client.post(
        url,
        {
            "verb": "decide",
            "number": "x",
            "issued_on": "20/11/2026",
            "signer_name": "A",
            "signer_title": "B",
            "place": "Hà Nội",
        },
        follow=True,
    )
    assert "bắt đầu bằng số" in page.content.decode()
    client.post(
        url,
        {
            "verb": "decide",
            "number": "25/QĐ-UBND",
            "issued_on": "20/11/2026",
            "signer_name": "Trần Sỹ Thanh",
            "signer_title": "CHỦ TỊCH",
            "place": "Hà Nội",
        },
    )
    item.refresh_from_db()
    assert item.status == "decided" and item.decision.number == "25/QĐ-UBND"


def test_decision_pdf_in_scope_only(client, personas):
    decision = decided(personas["commune_a1_officer"], personas["province_a_officer"])
    url = reverse("awards:decision_pdf", args=[decision.pk])
    login(client, personas["commune_a1_officer"])
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    login(client, personas["commune_b1_officer"])
    assert client.get(url).status_code == 404


def test_history_of_a_collective(client, personas):
    from antq.awards import actions
    from antq.awards.tests.helpers import unit

    item = proposal(
        personas["commune_a1_officer"],
        nominees=[actions.NomineeInput("collective", "Phường Ba Đình", unit=unit(COMMUNE_A1))],
    )
    login(client, personas["commune_a1_officer"])
    page = client.get(reverse("awards:unit", args=[COMMUNE_A1])).content.decode()
    assert "Chưa có khen thưởng nào." in page  # proposed, not decided yet
    actions.review(item, by=personas["province_a_officer"])
    import datetime as dt

    actions.decide(
        [item],
        by=personas["province_a_officer"],
        issuer=unit(PROVINCE_A),
        number_text="7/QĐ-UBND",
        issued_on=dt.date(2026, 11, 20),
        signer_name="A",
        signer_title="CHỦ TỊCH",
        place="Hà Nội",
    )
    page = client.get(reverse("awards:unit", args=[COMMUNE_A1])).content.decode()
    assert "07/QĐ-UBND" in page and "Chưa có khen thưởng nào." not in page


def test_propose_through_the_page(client, personas):
    from antq.awards.models import AwardForm, Proposal

    url = reverse("awards:propose", args=[COMMUNE_A1])
    login(client, personas["commune_a1_officer"])
    data = {
        "form": AwardForm.objects.get(code="certificate_of_merit").pk,
        "year": 2026,
        "source_type": "festival.event",
        "achievement": "Tích cực tham gia Ngày hội",
        "collectives": "Tổ dân phố số 3\n\n",
        "individuals": "Lê Thị Lan; Tổ viên tổ bảo vệ ANTT",
    }
    page = client.post(url, {**data, "collectives": "", "individuals": ""})
    assert "ít nhất một" in page.content.decode() and not Proposal.objects.exists()
    response = client.post(url, data)
    created = Proposal.objects.get()
    assert response.url == reverse("awards:proposal", args=[created.pk])
    assert created.reviewer.key == COMMUNE_A1  # the commune chairperson awards the Giấy khen
    assert [(n.kind, n.name, n.position) for n in created.nominees.order_by("pk")] == [
        ("collective", "Tổ dân phố số 3", ""),
        ("individual", "Lê Thị Lan", "Tổ viên tổ bảo vệ ANTT"),
    ]
    login(client, personas["steering_a1_member"])
    assert client.get(url).status_code == 404


def test_commune_page_links_to_commendation(client, personas):
    login(client, personas["commune_a1_officer"])
    page = client.get(reverse("units:detail", args=[COMMUNE_A1])).content.decode()
    assert reverse("awards:unit", args=[COMMUNE_A1]) in page
