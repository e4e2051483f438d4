"""Every action of the awards app and each of its refusals (nothing half-saved)."""

from __future__ import annotations

import datetime as dt

import pytest

from antq.awards import actions
from antq.awards.models import Decision, Nominee, Proposal
from antq.awards.tests.helpers import decided, form, proposal, unit
from antq.core.audit import ACTION_LABELS
from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.forces.models import Person
from conftest import COMMUNE_A1, PROVINCE_A

pytestmark = pytest.mark.django_db


def test_forms_are_data_with_unconfirmed_amounts_flagged():
    assert form("certificate_of_merit").level == "commune"
    assert form("mps_emulation_flag").for_individuals is False
    medal = form("commemorative_medal_antq")
    assert medal.once_per_person and not medal.for_collectives
    assert all(a.needs_verification and a.amount_vnd is None for a in medal.amounts.all())


def test_propose_sends_to_the_awarding_level(personas):
    item = proposal(personas["commune_a1_officer"])
    assert item.reviewer == unit(PROVINCE_A) and item.status == "proposed"
    assert [n.name_folded for n in item.nominees.order_by("pk")] == ["to dan pho so 1", "nguyen van duc"]
    assert AuditEntry.objects.filter(action="awards.proposal.created", target_id=str(item.pk)).exists()
    assert all(key in ACTION_LABELS for key in AuditEntry.objects.values_list("action", flat=True))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"achievement": "  "}, "thành tích"),
        ({"nominees": []}, "ít nhất một"),
        ({"nominees": [actions.NomineeInput("individual", " ")]}, "Chưa nhập tên"),
        (
            {"form": "mps_emulation_flag", "nominees": [actions.NomineeInput("individual", "A")]},
            "không tặng cho cá nhân",
        ),
        ({"source_type": "khác"}, "Nguồn đề nghị"),
    ],
)
def test_propose_refusals_save_nothing(personas, changes, message):
    if "form" in changes:
        changes["form"] = form(changes["form"])
    with pytest.raises(DomainError, match=message):
        proposal(personas["commune_a1_officer"], **changes)
    assert not Proposal.objects.exists() and not Nominee.objects.exists()


def test_province_cannot_propose_a_commune_form(personas):
    with pytest.raises(DomainError, match="cấp dưới"):
        proposal(personas["province_a_officer"], code="certificate_of_merit", key=PROVINCE_A)


def test_review_raise_refuse_follow_the_table(personas):
    officer = personas["province_a_officer"]
    item = proposal(personas["commune_a1_officer"])
    with pytest.raises(DomainError, match="đã thẩm định"):
        actions.decide(
            [item],
            by=officer,
            issuer=unit(PROVINCE_A),
            number_text="1/QĐ-UBND",
            issued_on=dt.date(2026, 1, 1),
            signer_name="A",
            signer_title="CHỦ TỊCH",
            place="Hà Nội",
        )
    raised = actions.raise_form(
        item, by=officer, form=form("mps_certificate_of_merit"), note="Thành tích xuất sắc"
    )
    assert raised.status == "raised" and raised.reviewer == unit("VN")
    with pytest.raises(DomainError, match="cao hơn"):
        actions.raise_form(raised, by=officer, form=form("provincial_certificate_of_merit"))
    with pytest.raises(DomainError, match="lý do"):
        actions.refuse(raised, by=officer, note="")
    assert actions.refuse(raised, by=officer, note="Thiếu hồ sơ").status == "not_qualified"
    with pytest.raises(DomainError):
        actions.review(raised, by=officer)


def test_decision_by_the_awarding_level(personas):
    decision = decided(personas["commune_a1_officer"], personas["province_a_officer"], number="5/qđ-ubnd")
    assert decision.number == "05/QĐ-UBND"
    assert decision.proposals.get().status == "decided"
    assert AuditEntry.objects.filter(action="awards.proposal.decided").count() == 1


def test_a_level_without_authority_is_refused_and_nothing_saved(personas):
    item = proposal(personas["commune_a1_officer"])
    actions.review(item, by=personas["province_a_officer"])
    with pytest.raises(DomainError, match="không có thẩm quyền quyết định tặng"):
        actions.decide(
            [item],
            by=personas["commune_a1_officer"],
            issuer=unit(COMMUNE_A1),
            number_text="3/QĐ-UBND",
            issued_on=dt.date(2026, 11, 1),
            signer_name="Lê Văn A",
            signer_title="CHỦ TỊCH",
            place="Ba Đình",
        )
    assert not Decision.objects.exists()
    item.refresh_from_db()
    assert item.status == "reviewed"


@pytest.mark.parametrize(
    ("number", "message"),
    [("abc", "bắt đầu bằng số"), ("12/KH-UBND", "của một quyết định")],
)
def test_decision_number_is_parsed(personas, number, message):
    item = proposal(personas["commune_a1_officer"])
    actions.review(item, by=personas["province_a_officer"])
    with pytest.raises(DomainError, match=message):
        actions.decide(
            [item],
            by=personas["province_a_officer"],
            issuer=unit(PROVINCE_A),
            number_text=number,
            issued_on=dt.date(2026, 11, 1),
            signer_name="A",
            signer_title="CHỦ TỊCH",
            place="Hà Nội",
        )
    assert not Decision.objects.exists()


def test_decision_number_once_a_year(personas):
    decided(personas["commune_a1_officer"], personas["province_a_officer"])
    with pytest.raises(DomainError, match="đã được dùng"):
        decided(personas["commune_a1_officer"], personas["province_a_officer"])
    assert Decision.objects.count() == 1


def test_medal_once_per_person(personas):
    person = Person.objects.create(
        commune=unit(COMMUNE_A1),
        full_name="Trần Thị Hoa",
        date_of_birth=dt.date(1970, 1, 1),
        sex="female",
        citizen_id="001170000001",
        residence_type="permanent",
    )
    medal = form("commemorative_medal_antq")
    nominees = [actions.NomineeInput("individual", "Trần Thị Hoa", "Tổ viên", person=person)]
    proposal(personas["commune_a1_officer"], code="commemorative_medal_antq", nominees=nominees)
    with pytest.raises(DomainError, match="chỉ tặng một lần"):
        proposal(personas["commune_a1_officer"], form=medal, nominees=nominees)
    assert Proposal.objects.count() == 1
