import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from antq.core.errors import DomainError
from antq.core.models import AuditEntry, Notification
from antq.movement import actions, queries
from antq.movement.models import Attachment, Document, ProgressReport, SteeringCommittee, Task
from antq.movement.tests.conftest import PDF_BYTES
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_B1, PROVINCE_B

pytestmark = pytest.mark.django_db


def test_document_number_is_parsed_normalised_and_typed(plan, province_a_officer, hanoi):
    assert (plan.number_text, plan.doc_type, plan.series, plan.year) == ("656/KH-UBND", "plan", "UBND", 2026)
    letter = actions.register_document(
        hanoi,
        by=province_a_officer,
        number_text=" Số: 7/ca-pv05 ",
        issued_on=dt.date(2026, 3, 1),
        subject="Về việc kiện toàn Ban Chỉ đạo",
        issuing_body="Công an Thành phố",
    )
    assert (letter.number_text, letter.doc_type) == ("07/CA-PV05", "official_letter")
    assert AuditEntry.objects.filter(action="movement.document.registered").count() == 2


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("87 KH-BCĐ", "Thiếu dấu “/”"),
        ("KH-BCĐ", "phải bắt đầu bằng số"),
        ("87/KH", "thiếu tên viết tắt"),
        ("", "Chưa nhập số"),
    ],
)
def test_malformed_number_is_refused_with_the_parsers_message(province_a_officer, hanoi, raw, message):
    with pytest.raises(DomainError, match=message):
        actions.register_document(
            hanoi,
            by=province_a_officer,
            number_text=raw,
            issued_on=dt.date(2026, 1, 2),
            subject="X",
            issuing_body="Y",
        )
    assert not Document.objects.exists()
    assert not AuditEntry.objects.filter(action="movement.document.registered").exists()


def test_number_unique_per_issuer_series_and_year(plan, province_a_officer, hanoi, national_admin):
    with pytest.raises(DomainError, match="đã dùng"):
        actions.register_document(
            hanoi,
            by=province_a_officer,
            number_text="656/TB-UBND",  # another type, same series and number: NĐ 30 forbids it
            issued_on=dt.date(2026, 4, 1),
            subject="Khác",
            issuing_body="UBND",
        )
    # The BCĐ keeps its own series; next year starts again; another issuer has its own numbers.
    actions.register_document(
        hanoi,
        by=province_a_officer,
        number_text="656/KH-BCĐ",
        issued_on=dt.date(2026, 4, 1),
        subject="A",
        issuing_body="BCĐ",
    )
    actions.register_document(
        hanoi,
        by=province_a_officer,
        number_text="656/KH-UBND",
        issued_on=dt.date(2025, 4, 1),
        subject="B",
        issuing_body="U",
    )
    actions.register_document(
        Unit.objects.get(key=PROVINCE_B),
        by=national_admin,
        number_text="656/KH-UBND",
        issued_on=dt.date(2026, 4, 1),
        subject="C",
        issuing_body="U",
    )
    assert Document.objects.count() == 4


def test_a_normative_number_must_match_the_date(province_a_officer, hanoi):
    with pytest.raises(DomainError, match="năm 2021"):
        actions.register_document(
            hanoi,
            by=province_a_officer,
            number_text="124/2021/TT-BCA",
            issued_on=dt.date(2022, 1, 1),
            subject="x",
            issuing_body="y",
        )


def test_commune_officer_cannot_register_for_the_province(commune_a1_officer, hanoi):
    with pytest.raises(DomainError):
        actions.register_document(
            hanoi,
            by=commune_a1_officer,
            number_text="1/KH-UBND",
            issued_on=dt.date(2026, 1, 2),
            subject="x",
            issuing_body="y",
        )


def test_one_action_gives_the_task_to_every_commune(hanoi_tasks, hanoi):
    communes = Unit.objects.current().filter(parent=hanoi, level=Unit.Level.COMMUNE).count()
    assert communes > 100
    assert len(hanoi_tasks) == communes == Task.objects.count()
    assert AuditEntry.objects.filter(action="movement.tasks.assigned").count() == 1


def test_deadline_before_the_plan_date_is_refused_and_nothing_saved(plan, province_a_officer, hanoi):
    with pytest.raises(DomainError, match="trước ngày ban hành"):
        actions.assign_to_all_communes(
            plan, hanoi, by=province_a_officer, assignment=actions.Assignment("X", dt.date(2026, 2, 9))
        )
    assert not Task.objects.exists()
    assert not Notification.objects.exists()


def test_task_for_a_unit_outside_the_scope_is_refused_for_all(plan, province_a_officer):
    units = [Unit.objects.get(key=COMMUNE_A1), Unit.objects.get(key=COMMUNE_B1)]
    with pytest.raises(DomainError, match="ngoài phạm vi"):
        actions.assign_tasks(
            plan, units, by=province_a_officer, assignment=actions.Assignment("X", dt.date(2026, 5, 1))
        )
    assert not Task.objects.exists()


def test_a_task_cannot_go_to_the_issuer_itself_or_from_a_report(plan, province_a_officer, hanoi):
    with pytest.raises(DomainError, match="ngoài phạm vi"):
        actions.assign_tasks(
            plan, [hanoi], by=province_a_officer, assignment=actions.Assignment("X", dt.date(2026, 5, 1))
        )
    report = actions.register_document(
        hanoi,
        by=province_a_officer,
        number_text="3/BC-UBND",
        issued_on=dt.date(2026, 3, 1),
        subject="x",
        issuing_body="y",
    )
    with pytest.raises(DomainError, match="Chỉ chỉ thị"):
        actions.assign_to_all_communes(
            report, hanoi, by=province_a_officer, assignment=actions.Assignment("X", dt.date(2026, 5, 1))
        )


def test_progress_over_100_is_refused_and_nothing_saved(hanoi_tasks, commune_a1_officer):
    task = next(t for t in hanoi_tasks if t.unit.key == COMMUNE_A1)
    with pytest.raises(DomainError, match="0 đến 100"):
        actions.report_progress(task, by=commune_a1_officer, percent=101)
    task.refresh_from_db()
    assert task.progress == 0
    assert not ProgressReport.objects.exists()


def test_progress_report_with_a_file_and_the_weighted_roll_up(
    hanoi_tasks, commune_a1_officer, province_a_officer, plan, hanoi, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    task = next(t for t in hanoi_tasks if t.unit.key == COMMUNE_A1)
    heavy = actions.assign_tasks(
        plan,
        [task.unit],
        by=province_a_officer,
        assignment=actions.Assignment("Ngày hội", dt.date(2026, 8, 31), weight=3),
    )[0]
    actions.report_progress(
        task, by=commune_a1_officer, percent=100, upload=SimpleUploadedFile("qd.pdf", PDF_BYTES)
    )
    actions.report_progress(heavy, by=commune_a1_officer, percent=40)
    n = len(hanoi_tasks)
    rollup = queries.plan_rollup(plan, Task.objects.all(), dt.date(2026, 4, 1))
    # (1×100 + 3×40) / (n + 3)
    expected = (Decimal(220) / Decimal(n + 3)).quantize(Decimal("0.1"))
    assert rollup.percent == expected
    assert (rollup.tasks, rollup.done, rollup.overdue) == (n + 1, 1, n - 1)
    row = next(r for r in rollup.rows if r.key == COMMUNE_A1)
    assert row.percent == Decimal("55.0")
    assert Attachment.objects.get().report.task == task


def test_commune_officer_cannot_report_for_another_commune(hanoi_tasks, commune_b1_officer):
    with pytest.raises(DomainError):
        actions.report_progress(hanoi_tasks[0], by=commune_b1_officer, percent=10)


def test_attachment_type_is_checked_from_the_content(plan, province_a_officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(DomainError, match="không phải PDF"):
        actions.attach_to_document(
            plan, SimpleUploadedFile("ke-hoach.pdf", b"MZ not a pdf"), by=province_a_officer
        )
    settings.ANTQ_MOVEMENT_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(DomainError, match="quá lớn"):
        actions.attach_to_document(plan, SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES), by=province_a_officer)
    assert not Attachment.objects.exists()
    assert not list(tmp_path.rglob("*.*")) and not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_overdue_tasks_are_notified_once(hanoi_tasks, commune_a1_officer):
    task = next(t for t in hanoi_tasks if t.unit.key == COMMUNE_A1)
    assert actions.notify_overdue_tasks(dt.date(2026, 3, 31)) == 0  # the deadline day is not overdue
    assert actions.notify_overdue_tasks(dt.date(2026, 4, 1)) == len(hanoi_tasks)
    assert Notification.objects.filter(recipient=commune_a1_officer, message__contains="quá hạn").count() == 1
    assert actions.notify_overdue_tasks(dt.date(2026, 4, 2)) == 0
    call_command("notify_overdue_tasks", stdout=io.StringIO())
    assert Notification.objects.filter(recipient=commune_a1_officer, message__contains="quá hạn").count() == 1
    task.refresh_from_db()
    assert task.overdue_notified_at is not None


def test_committee_saved_with_history_and_counted_in_the_overview(province_a_officer, hanoi, national_admin):
    with pytest.raises(DomainError, match="quyết định"):
        actions.save_committee(
            hanoi,
            by=province_a_officer,
            name="BCĐ",
            decision_number="15/KH-UBND",
            decision_date=dt.date(2026, 2, 3),
        )
    with pytest.raises(DomainError, match="Thiếu dấu"):
        actions.save_committee(
            hanoi,
            by=province_a_officer,
            name="BCĐ",
            decision_number="15 QĐ",
            decision_date=dt.date(2026, 2, 3),
        )
    assert not SteeringCommittee.objects.exists()
    committee = actions.save_committee(
        hanoi,
        by=province_a_officer,
        name="BCĐ",
        decision_number="15/qđ-ubnd",
        decision_date=dt.date(2025, 2, 3),
    )
    actions.save_committee(
        hanoi,
        by=province_a_officer,
        name="BCĐ",
        decision_number="20/QĐ-UBND",
        decision_date=dt.date(2026, 2, 3),
        is_consolidation=True,
    )
    committee.refresh_from_db()
    assert committee.decision_number == "20/QĐ-UBND"
    assert committee.history.count() == 2
    actions.add_member(
        committee, by=province_a_officer, full_name="A", position="PCT", agency="UBND", role="head"
    )
    with pytest.raises(DomainError, match="Trưởng ban"):
        actions.add_member(
            committee, by=province_a_officer, full_name="B", position="PCT", agency="UBND", role="head"
        )
    nation = Unit.objects.get(key="VN")
    counts, missing = queries.committee_overview(nation, 2026)
    by_level = {c.level: c for c in counts}
    assert by_level["province"].consolidated == 1
    assert by_level["province"].total == 34
    assert by_level["commune"].consolidated == 0
    assert missing.count() == 33
    assert not missing.filter(pk=hanoi.pk).exists()
    counts_2025, _missing = queries.committee_overview(nation, 2025)
    assert {c.level: c.consolidated for c in counts_2025}["province"] == 0
