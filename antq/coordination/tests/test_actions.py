"""Every action of the coordination app and each of its refusals (nothing half-saved)."""

from __future__ import annotations

import datetime as dt

import pytest

from antq.coordination import actions
from antq.coordination.models import (
    FollowUp,
    InspectedUnit,
    Inspection,
    InspectionRequest,
    Programme,
    ProgrammeParty,
    ProgrammeReport,
)
from antq.coordination.tests.helpers import deploy, inspection, national_programme, unit, with_findings
from antq.core.audit import ACTION_LABELS
from antq.core.errors import DomainError
from antq.core.models import AuditEntry, Notification

pytestmark = pytest.mark.django_db


def _programme(by, owner_key="01", **overrides):
    owner = unit(owner_key)
    data = {
        "kind": "programme",
        "number": "12/CTr-CAT-MTTQ",
        "title": "Phối hợp",
        "signed_on": dt.date(2026, 1, 1),
        "period_from": dt.date(2026, 1, 1),
        "period_to": dt.date(2026, 12, 31),
        "content_items": ["Tuyên truyền"],
        "parties": [actions.Party(owner, "Công an tỉnh"), actions.Party(owner, "Tỉnh đoàn")],
    }
    data.update(overrides)
    return actions.create_programme(owner, by=by, **data)


def test_every_event_has_a_label():
    for code in (
        "programme.created",
        "report.submitted",
        "inspection.planned",
        "findings.recorded",
        "followup.reported",
        "exported",
    ):
        assert f"coordination.{code}" in ACTION_LABELS


def test_create_programme_normalises_number_and_audits(province_a_officer):
    p = _programme(province_a_officer, number=" số: 12/ctr-cat-mttq ")
    assert p.number == "12/CTr-CAT-MTTQ"
    assert p.level == "province"
    assert list(p.parties.values_list("name", flat=True)) == ["Công an tỉnh", "Tỉnh đoàn"]
    entry = AuditEntry.objects.get(action="coordination.programme.created")
    assert entry.data["number"] == "12/CTr-CAT-MTTQ"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"number": "12 CTr CAT"}, "dấu “/”"),
        ({"number": "12/CTr"}, "thiếu tên viết tắt"),
        ({"period_to": dt.date(2025, 12, 31)}, "không được trước"),
        ({"period_from": dt.date(2025, 12, 1)}, "trước ngày ký"),
        ({"content_items": ["  "]}, "ít nhất một nội dung"),
        ({"parties": []}, "ít nhất hai bên"),
        ({"kind": "memo"}, "Loại văn bản"),
    ],
)
def test_create_programme_refusals(province_a_officer, overrides, message):
    with pytest.raises(DomainError, match=message):
        _programme(province_a_officer, **overrides)
    assert not Programme.objects.exists() and not ProgrammeParty.objects.exists()
    assert not AuditEntry.objects.filter(action="coordination.programme.created").exists()


def test_party_outside_the_owner_is_refused(province_a_officer):
    owner = unit("01")
    with pytest.raises(DomainError, match="ngoài phạm vi"):
        _programme(province_a_officer, parties=[actions.Party(owner, "A"), actions.Party(unit("79"), "B")])
    assert not Programme.objects.exists()


def test_duplicate_party_and_number_are_refused(province_a_officer):
    owner = unit("01")
    with pytest.raises(DomainError, match="hai lần"):
        _programme(
            province_a_officer, parties=[actions.Party(owner, "Tỉnh đoàn"), actions.Party(owner, "tỉnh đoàn")]
        )
    _programme(province_a_officer)
    with pytest.raises(DomainError, match="đã có văn bản số"):
        _programme(province_a_officer)


def test_only_editors_of_the_owner_may_create(commune_a1_officer, steering_a1_member):
    with pytest.raises(DomainError, match="không có quyền"):
        _programme(commune_a1_officer)
    with pytest.raises(DomainError, match="không có quyền"):
        _programme(steering_a1_member, owner_key="00004")
    assert _programme(commune_a1_officer, owner_key="00004").level == "commune"


def test_deployment_links_and_is_refused_twice_or_sideways(national_admin, province_a_officer):
    national = national_programme(national_admin)
    hanoi = deploy(national, "01", province_a_officer)
    assert hanoi.deploys == national
    with pytest.raises(DomainError, match="đã ghi văn bản triển khai"):
        deploy(national, "01", province_a_officer, number="126/KH-UBND")
    # A province cannot "deploy" another province's programme.
    with pytest.raises(DomainError, match="cấp trên"):
        deploy(hanoi, "79", national_admin, number="5/KH-UBND")


def test_submit_report(national_admin, province_a_officer):
    p = _programme(province_a_officer)
    party = p.parties.first()
    report = actions.submit_report(
        p,
        by=province_a_officer,
        party=party,
        period_from=dt.date(2026, 1, 1),
        period_to=dt.date(2026, 6, 30),
        text="Đã tuyên truyền",
        figures={"Số buổi": 12},
    )
    assert report.figures == {"Số buổi": 12}
    assert AuditEntry.objects.filter(action="coordination.report.submitted").count() == 1
    with pytest.raises(DomainError, match="đã báo cáo kỳ này"):
        actions.submit_report(
            p,
            by=province_a_officer,
            party=party,
            period_from=dt.date(2026, 1, 1),
            period_to=dt.date(2026, 6, 30),
            text="Lần hai",
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"period_from": dt.date(2026, 7, 1), "period_to": dt.date(2026, 6, 1)}, "không được trước"),
        ({"period_to": dt.date(2027, 3, 1)}, "trong thời gian thực hiện"),
        ({"figures": {"Số buổi": -1}}, "không âm"),
        ({"text": " "}, "Chưa nhập"),
    ],
)
def test_submit_report_refusals(province_a_officer, kwargs, message):
    p = _programme(province_a_officer)
    data = {"period_from": dt.date(2026, 1, 1), "period_to": dt.date(2026, 6, 30), "text": "Kết quả"}
    data.update(kwargs)
    with pytest.raises(DomainError, match=message):
        actions.submit_report(p, by=province_a_officer, party=p.parties.first(), **data)
    assert not ProgrammeReport.objects.exists()


def test_report_by_a_party_of_another_programme_is_refused(province_a_officer):
    p = _programme(province_a_officer)
    other = _programme(province_a_officer, number="13/CTr-CAT-MTTQ")
    with pytest.raises(DomainError, match="không tham gia"):
        actions.submit_report(
            p,
            by=province_a_officer,
            party=other.parties.first(),
            period_from=dt.date(2026, 1, 1),
            period_to=dt.date(2026, 2, 1),
            text="x",
        )


def test_plan_inspection(province_a_officer):
    made = inspection(province_a_officer)
    assert made.plan_number == "87/KH-BCĐ"
    assert sorted(made.inspected.values_list("unit__key", flat=True)) == ["00004", "00008"]
    assert AuditEntry.objects.get(action="coordination.inspection.planned").data["units"]


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (("26740",), "không thuộc phạm vi"),  # a commune of Hồ Chí Minh City
        (("01",), "không thuộc phạm vi"),  # the inspector itself
        ((), "Chưa chọn"),
    ],
)
def test_plan_inspection_refuses_units_outside_the_inspector(province_a_officer, keys, message):
    with pytest.raises(DomainError, match=message):
        inspection(province_a_officer, keys)
    assert not Inspection.objects.exists() and not InspectedUnit.objects.exists()


def test_plan_inspection_refuses_malformed_number_and_reversed_dates(province_a_officer):
    with pytest.raises(DomainError, match="bắt đầu bằng số văn bản"):
        actions.plan_inspection(
            unit("01"),
            by=province_a_officer,
            plan_number="KH 87",
            title="x",
            planned_from=dt.date(2026, 9, 1),
            planned_to=dt.date(2026, 9, 30),
            units=[unit("00004")],
        )
    with pytest.raises(DomainError, match="không được trước"):
        actions.plan_inspection(
            unit("01"),
            by=province_a_officer,
            plan_number="87/KH-BCĐ",
            title="x",
            planned_from=dt.date(2026, 9, 30),
            planned_to=dt.date(2026, 9, 1),
            units=[unit("00004")],
        )
    assert not Inspection.objects.exists()


def test_commune_officer_cannot_plan_for_the_province(commune_a1_officer):
    with pytest.raises(DomainError, match="không có quyền"):
        inspection(commune_a1_officer)


def test_record_findings_notifies_the_inspected_units_officers(
    province_a_officer, commune_a1_officer, steering_a1_member, commune_b1_officer
):
    _made, row = with_findings(province_a_officer)
    row.refresh_from_db()
    assert row.conclusion and row.findings_on == dt.date(2026, 9, 10)
    assert row.requests.count() == 2
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"commune_a1_officer"}
    assert AuditEntry.objects.filter(action="coordination.findings.recorded").count() == 1


def test_record_findings_refusals(province_a_officer, commune_a1_officer):
    made = inspection(province_a_officer)
    row = InspectedUnit.objects.get(inspection=made, unit__key="00004")
    with pytest.raises(DomainError, match="không được trước ngày kết luận"):
        actions.record_findings(
            row,
            by=province_a_officer,
            conclusion="x",
            findings_on=dt.date(2026, 9, 10),
            requests=[actions.RequestInput("y", dt.date(2026, 9, 1))],
        )
    with pytest.raises(DomainError, match="trước ngày bắt đầu kiểm tra"):
        actions.record_findings(row, by=province_a_officer, conclusion="x", findings_on=dt.date(2026, 8, 1))
    with pytest.raises(DomainError, match="không có quyền"):
        actions.record_findings(row, by=commune_a1_officer, conclusion="x", findings_on=dt.date(2026, 9, 10))
    row.refresh_from_db()
    assert (
        row.conclusion == "" and not InspectionRequest.objects.exists() and not Notification.objects.exists()
    )


def test_follow_up_closes_a_request_and_refuses_after(province_a_officer, commune_a1_officer):
    _made, row = with_findings(province_a_officer)
    request = row.requests.order_by("deadline").first()
    actions.report_follow_up(
        request,
        by=commune_a1_officer,
        text="Đang làm",
        status="in_progress",
        reported_on=dt.date(2026, 10, 1),
    )
    request.refresh_from_db()
    assert request.status == "in_progress" and request.completed_on is None
    actions.report_follow_up(
        request, by=commune_a1_officer, text="Xong", status="done", reported_on=dt.date(2026, 10, 10)
    )
    request.refresh_from_db()
    assert request.status == "done" and request.completed_on == dt.date(2026, 10, 10)
    assert FollowUp.objects.count() == 2
    with pytest.raises(DomainError, match="đã hoàn thành"):
        actions.report_follow_up(
            request, by=commune_a1_officer, text="x", status="done", reported_on=dt.date(2026, 10, 11)
        )


def test_follow_up_refusals(province_a_officer, commune_b1_officer, commune_a1_officer):
    _made, row = with_findings(province_a_officer)
    request = row.requests.first()
    with pytest.raises(DomainError, match="không có quyền"):
        actions.report_follow_up(
            request, by=commune_b1_officer, text="x", status="done", reported_on=dt.date(2026, 10, 1)
        )
    with pytest.raises(DomainError, match="trước ngày kết luận"):
        actions.report_follow_up(
            request, by=commune_a1_officer, text="x", status="done", reported_on=dt.date(2026, 9, 1)
        )
    with pytest.raises(DomainError, match="Tình trạng"):
        actions.report_follow_up(
            request, by=commune_a1_officer, text="x", status="open", reported_on=dt.date(2026, 10, 1)
        )
    assert not FollowUp.objects.exists()


def test_overdue_flag(province_a_officer):
    _made, row = with_findings(province_a_officer)
    overdue = InspectionRequest.objects.overdue(dt.date(2026, 11, 1))
    assert list(overdue.values_list("text", flat=True)) == ["Bổ sung quyết định"]
    first = row.requests.get(text="Bổ sung quyết định")
    assert first.is_overdue(dt.date(2026, 11, 1)) and not first.is_overdue(dt.date(2026, 10, 15))
    assert not InspectionRequest.objects.overdue(dt.date(2026, 10, 15)).exists()
