"""Proposals from a source (advanced example), the informant-consent hook, and page entry of medal facts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from antq.awards import actions
from antq.awards.models import MedalBar, Nominee, Proposal
from antq.awards.tests.helpers import form, unit
from antq.core.errors import DomainError
from antq.practices import actions as practice_actions
from conftest import COMMUNE_A1, COMMUNE_B1, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def example(commune_a1_officer):
    return practice_actions.record_example(
        unit(COMMUNE_A1),
        by=commune_a1_officer,
        kind="collective",
        name="Tổ dân phố số 3",
        achievement="Ba năm liền không có tội phạm.",
        recognition_ref="12/QĐ-UBND",
        recognised_on=dt.date(2026, 5, 1),
        level="commune",
    )


def test_propose_from_an_advanced_example(client, commune_a1_officer, commune_b1_officer, example):
    login(client, commune_a1_officer)
    page = client.get(reverse("awards:propose", args=[COMMUNE_A1])).content.decode()
    url = reverse("awards:propose_from", args=[COMMUNE_A1, "practices.example", example.pk])
    assert url in page
    page = client.get(url).content.decode()
    assert "Tổ dân phố số 3" in page and "Ba năm liền không có tội phạm." in page
    response = client.post(
        url,
        {
            "form": form("certificate_of_merit").pk,
            "year": "2026",
            "achievement": "Ba năm liền.",
            "nominees": ["0"],
        },
    )
    assert response.status_code == 302
    created = Proposal.objects.get()
    assert (created.source_type, created.source_id) == ("practices.example", example.pk)
    assert list(created.nominees.values_list("name", flat=True)) == ["Tổ dân phố số 3"]
    page = client.get(reverse("awards:proposal", args=[created.pk])).content.decode()
    assert "Điển hình tiên tiến" in page
    # another province's officer cannot propose from Ba Đình's example
    login(client, commune_b1_officer)
    other = reverse("awards:propose_from", args=[COMMUNE_B1, "practices.example", example.pk])
    assert client.get(other).status_code == 404


@pytest.mark.parametrize(
    ("source", "consent", "ok"),
    [
        ("tips.tip", "", False),
        ("tips.tip", "   ", False),
        ("tips.tip", "Biên bản ngày 02/3/2026 của Công an phường", True),
        ("festival.event", "", True),
        ("festival", "", True),  # the code used before sources were named <app>.<record>
        ("nowhere", "", False),
    ],
)
def test_source_kinds_and_informant_consent(commune_a1_officer, source, consent, ok):
    def run() -> Proposal:
        return actions.propose(
            unit(COMMUNE_A1),
            by=commune_a1_officer,
            form=form("certificate_of_merit"),
            year=2026,
            achievement="Cung cấp thông tin giúp bắt giữ đối tượng.",
            source_type=source,
            source_id=7,
            consent_ref=consent,
            nominees=[actions.NomineeInput("individual", "Nguyễn Văn A")],
        )

    if ok:
        assert run().source_type in ("tips.tip", "festival.event")
    else:
        with pytest.raises(DomainError):
            run()
        assert not Proposal.objects.exists()


def test_tip_source_shows_no_content(client, commune_a1_officer):
    created = actions.propose(
        unit(COMMUNE_A1),
        by=commune_a1_officer,
        form=form("certificate_of_merit"),
        year=2026,
        achievement="Tích cực tố giác tội phạm.",
        source_type="tips.tip",
        source_id=7,
        consent_ref="Biên bản đồng ý số 3",
        nominees=[actions.NomineeInput("individual", "Nguyễn Văn A")],
    )
    login(client, commune_a1_officer)
    page = client.get(reverse("awards:proposal", args=[created.pk])).content.decode()
    assert "nội dung không hiển thị" in page and "Biên bản đồng ý số 3" in page


def test_page_entry_of_legacy_service_and_bars(client, commune_a1_officer, steering_a1_member, person_a1):
    url = reverse("awards:person", args=[person_a1.pk])
    login(client, commune_a1_officer)
    response = client.post(
        url,
        {
            "verb": "service",
            "s-force": "civil_defence",
            "s-start": "2005-01-01",
            "s-end": "2010-01-01",
            "s-doubled": "on",
        },
    )
    assert response.status_code == 302
    # an overlapping period is refused with the message, nothing saved
    response = client.post(
        url,
        {"verb": "service", "s-force": "residential_guard", "s-start": "2009-01-01", "s-end": "2011-01-01"},
        follow=True,
    )
    assert "trùng với thời gian đã ghi nhận" in response.content.decode()
    client.post(
        url,
        {
            "verb": "bar",
            "b-kind": "deferral",
            "b-reason": "Đang xem xét kỷ luật",
            "b-recorded_on": "2026-10-01",
        },
    )
    bar = MedalBar.objects.get(person=person_a1)
    client.post(url, {"verb": "lift", "item": bar.pk, "l-lifted_on": "2026-11-01"})
    bar.refresh_from_db()
    assert bar.lifted_on == dt.date(2026, 11, 1)
    page = client.get(url).content.decode()
    assert "Dân phòng" in page and "01/11/2026" in page
    # the steering committee reads the history but neither sees nor records the facts
    login(client, steering_a1_member)
    assert "Dân phòng" not in client.get(url).content.decode()
    assert client.post(url, {"verb": "bar"}).status_code == 404
    assert Nominee.objects.count() == 0


@pytest.fixture
def person_a1(personas, sample_participants):
    from antq.forces import actions as forces_actions
    from antq.forces.seed import seed_team_size_rules
    from antq.forces.tests.helpers import person_data

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
    return forces_actions.add_member(
        team,
        by=officer,
        person=person_data(1),
        role="leader",
        joined_on=dt.date(2015, 1, 1),
        decision_ref="2/QĐ",
    ).membership.person
