"""Roster import and export: every rejection, all-or-nothing commit, background job, progress, scope."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.forces import actions, roster_imports
from antq.forces.models import ForceTally, Membership, Person, RosterImport
from antq.forces.tests.helpers import person_data
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A

pytestmark = pytest.mark.django_db

TEAM = "Tổ bảo vệ ANTT số 1"


@pytest.fixture(autouse=True)
def _staging(settings, tmp_path: Path):
    settings.ANTQ_IMPORT_STAGING_DIR = tmp_path / "staging"


def row(n: int, **changes: Any) -> list[Any]:
    values: dict[str, Any] = {
        "Mã xã": "",
        "Tổ": TEAM,
        "Họ và tên": f"Trần Thị Hoa {n}",
        "Ngày sinh": "01/05/1985",
        "Giới tính": "Nữ",
        "Số định danh cá nhân": f"{500 + n:012d}",
        "Số điện thoại": "0912345678",
        "Hình thức cư trú": "Thường trú",
        "Cư trú từ ngày": "01/01/2000",
        "Trình độ học vấn": "Tốt nghiệp trung học phổ thông",
        "Ngày giấy chứng nhận sức khỏe": "10/01/2026",
        "Thẩm tra lý lịch": "Đạt",
        "Đã từng phục vụ": "",
        "Chức danh": "Tổ viên",
        "Ngày công nhận": "01/08/2024",
        "Số quyết định công nhận": "20/QĐ-UBND",
        "Số quyết định cho phép trên 70 tuổi": "",
    }
    values.update({k.replace("_", " "): v for k, v in changes.items()})
    assert list(values) == list(roster_imports.COLUMNS)
    return list(values.values())


def xlsx(rows: list[list[Any]], headers: tuple[str, ...] = roster_imports.HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = roster_imports.SHEET
    ws.append(list(headers))
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def check(unit: Unit, user, content: bytes) -> RosterImport:
    job = roster_imports.save_upload(content, unit=unit, user=user, filename="ds.xlsx")
    roster_imports.run_job(job.pk)
    job.refresh_from_db()
    return job


def commit(job: RosterImport, user) -> RosterImport:
    roster_imports.confirm(job, by=user)
    roster_imports.run_job(job.pk)
    job.refresh_from_db()
    return job


def errors(job: RosterImport) -> list[tuple[int, str, str]]:
    return [(e["row"], e["column"], e["reason"]) for e in job.errors_sample]


@pytest.fixture
def a2_team(officer, personas, sample_participants):
    return actions.establish_team(
        Unit.objects.get(key=COMMUNE_A2),
        by=personas["province_a_officer"],
        residential_area=sample_participants["a2_area"],
        name="Tổ Ngọc Hà",
        decision_number="3/QĐ-UBND",
        established_on=date(2024, 7, 1),
    )


@pytest.fixture
def b1_member(personas, sample_participants):
    officer = personas["commune_b1_officer"]
    team = actions.establish_team(
        Unit.objects.get(key=COMMUNE_B1),
        by=officer,
        residential_area=sample_participants["b1_area"],
        name="Tổ Bến Thành",
        decision_number="9/QĐ-UBND",
        established_on=date(2024, 7, 1),
    )
    return actions.add_member(
        team, by=officer, person=person_data(7), role="leader", joined_on=date(2024, 8, 1), decision_ref="1"
    ).membership


# --- Happy path ----------------------------------------------------------------------------------


def test_dry_run_then_commit_writes_every_row_with_history_and_audit(a1, team, officer):
    content = xlsx(
        [
            row(1, Chức_danh="Tổ trưởng"),
            row(2, Chức_danh="to pho", Giới_tính="nam"),
            row(3, Ngày_giấy_chứng_nhận_sức_khỏe="", Thẩm_tra_lý_lịch=""),
        ]
    )
    job = check(a1, officer, content)
    assert job.status == RosterImport.Status.READY, job.message
    assert (job.total_rows, job.error_rows, job.warning_rows) == (3, 0, 1)
    assert job.warnings_summary == {
        "Chưa xác minh lý lịch.": 1,
        "Chưa có giấy chứng nhận đủ sức khỏe.": 1,
    }
    assert not Membership.objects.filter(team=team).exists()  # the dry run writes nothing

    job = commit(job, officer)
    assert job.status == RosterImport.Status.DONE, job.message
    assert (job.memberships_created, job.people_created, job.people_updated) == (3, 3, 0)
    members = Membership.objects.filter(team=team).select_related("person").order_by("person__citizen_id")
    assert [(m.person.full_name, m.role) for m in members] == [
        ("Trần Thị Hoa 1", "leader"),
        ("Trần Thị Hoa 2", "deputy"),
        ("Trần Thị Hoa 3", "member"),
    ]
    first = members[0].person
    assert first.name_folded == "tran thi hoa 1" and first.commune_id == a1.pk
    assert first.date_of_birth == date(1985, 5, 1) and first.background_check == "clear"
    assert members[2].person.background_check == "pending"
    assert Person.history.filter(citizen_id=first.citizen_id, history_type="+").count() == 1
    assert Membership.history.filter(team_id=team.pk).count() == 3
    entry = AuditEntry.objects.get(action="forces.roster.imported")
    assert entry.data["memberships"] == 3 and entry.data["job"] == job.pk
    assert not roster_imports.upload_path(job).exists()  # personal data is not kept after the import
    # The overview counts what the bulk write added, as if the members had been added one by one.
    tally = ForceTally.objects.get(commune=a1)
    assert (tally.members, tally.leaders, tally.deputies, tally.plain_members) == (3, 1, 1, 1)


def test_a_person_who_left_is_recognised_again_with_the_same_record(a1, team, officer):
    old = actions.add_member(
        team, by=officer, person=person_data(9), role="member", joined_on=date(2024, 8, 1), decision_ref="1"
    ).membership
    actions.end_membership(old, by=officer, left_on=date(2025, 1, 1), ground="voluntary", decision_ref="2")
    cid = old.person.citizen_id
    job = commit(
        check(a1, officer, xlsx([row(1, Số_định_danh_cá_nhân=cid, Ngày_công_nhận="01/02/2025")])), officer
    )
    assert job.status == RosterImport.Status.DONE, job.message
    assert (job.people_created, job.people_updated) == (0, 1)
    assert Person.objects.filter(citizen_id=cid).count() == 1
    assert Membership.objects.filter(person__citizen_id=cid, left_on__isnull=True).count() == 1


# --- Every kind of rejection ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"Số_định_danh_cá_nhân": "12345"}, "Số định danh cá nhân", "phải gồm đúng 12 chữ số"),
        ({"Số_định_danh_cá_nhân": "0012345678AB"}, "Số định danh cá nhân", "phải gồm đúng 12 chữ số"),
        ({"Ngày_sinh": "01/05/2030"}, "Ngày sinh", "không được sau ngày hôm nay"),
        ({"Ngày_công_nhận": "01/12/2026"}, "Ngày công nhận", "không được sau ngày hôm nay"),
        ({"Ngày_công_nhận": "01/01/2020"}, "Ngày công nhận", "trước ngày thành lập tổ"),
        ({"Ngày_sinh": "31/02/1985"}, "Ngày sinh", "Ngày không hợp lệ"),
        ({"Ngày_sinh": "01/05/2010", "Cư_trú_từ_ngày": ""}, "", "Chưa đủ 18 tuổi"),
        ({"Thẩm_tra_lý_lịch": "Không đạt"}, "", "Xác minh lý lịch không đạt"),
        ({"Ngày_sinh": "01/01/1950"}, "", "Trên 70 tuổi"),
        ({"Tổ": "Tổ không có"}, "Tổ", "không có tổ đang hoạt động tên"),
        ({"Mã xã": "99999"}, "Mã xã", "Không có xã, phường, đặc khu mã 99999"),
        ({"Mã xã": COMMUNE_B1}, "Mã xã", "ngoài phạm vi của bạn"),
        ({"Mã xã": COMMUNE_A2}, "Mã xã", "ngoài phạm vi của bạn"),
        ({"Giới_tính": "Khác"}, "Giới tính", "không có trong danh sách"),
        ({"Họ_và_tên": ""}, "Họ và tên", "Bắt buộc nhập"),
        ({"Số_quyết_định_công_nhận": ""}, "Số quyết định công nhận", "Bắt buộc nhập"),
        ({"Số_điện_thoại": "09x"}, "Số điện thoại", "chỉ gồm chữ số"),
        ({"Cư_trú_từ_ngày": "01/01/1980"}, "Cư trú từ ngày", "không được trước ngày sinh"),
    ],
)
def test_each_bad_cell_is_reported_with_its_row_and_column_and_nothing_is_written(
    a1, team, officer, changes, column, reason
):
    job = check(a1, officer, xlsx([row(1), row(2, **changes)]))
    assert job.status == RosterImport.Status.REJECTED
    assert "không dòng nào được ghi" in job.message
    assert [(r, c) for r, c, _ in errors(job)] == [(3, column)]
    assert reason in errors(job)[0][2]
    assert job.error_rows == 1
    with pytest.raises(DomainError, match="không có lỗi"):  # a rejected job cannot be confirmed
        roster_imports.confirm(job, by=officer)
    assert not Membership.objects.exists()


def test_citizen_id_twice_in_the_file_names_the_first_row(a1, team, officer):
    job = check(a1, officer, xlsx([row(1), row(2), row(3, Số_định_danh_cá_nhân=f"{501:012d}")]))
    assert errors(job) == [(4, "Số định danh cá nhân", "Số định danh cá nhân trùng với dòng 2 trong tệp.")]


def test_citizen_active_in_another_communes_team_is_refused_without_naming_it(a1, team, officer, b1_member):
    cid = b1_member.person.citizen_id
    job = check(a1, officer, xlsx([row(1, Số_định_danh_cá_nhân=cid)]))
    ((line, column, reason),) = errors(job)
    assert (line, column) == (2, "Số định danh cá nhân")
    assert "ở xã khác" in reason and "Bến Thành" not in reason


def test_wrong_headers_reject_the_whole_file(a1, team, officer):
    headers = ("Tổ*", "Mã xã", *roster_imports.HEADERS[2:])
    job = check(a1, officer, xlsx([row(1)], headers=headers))
    assert job.status == RosterImport.Status.REJECTED
    assert "tiêu đề cột không đúng mẫu" in job.message
    assert job.error_rows == 0


def test_empty_file_is_rejected(a1, team, officer):
    job = check(a1, officer, xlsx([]))
    assert job.status == RosterImport.Status.REJECTED
    assert "không có dòng dữ liệu" in job.message


def test_commit_rechecks_and_writes_nothing_when_the_roster_changed_meanwhile(a1, team, officer):
    job = check(a1, officer, xlsx([row(1), row(2), row(3)]))
    assert job.status == RosterImport.Status.READY
    # Between the preview and the confirmation the third citizen is recorded through the form.
    actions.add_member(
        team,
        by=officer,
        person=person_data(1, citizen_id=f"{503:012d}"),
        role="leader",
        joined_on=date(2024, 8, 1),
        decision_ref="1",
    )
    job = commit(job, officer)
    assert job.status == RosterImport.Status.REJECTED
    assert [(r, c) for r, c, _ in errors(job)] == [(4, "Số định danh cá nhân")]
    assert Membership.objects.filter(team=team).count() == 1  # rows 2 and 3 were rolled back
    assert not AuditEntry.objects.filter(action="forces.roster.imported").exists()
    report = load_workbook(roster_imports.errors_path(job))
    assert [c.value for c in next(report.active.iter_rows(min_row=2))][:2] == [4, "Số định danh cá nhân"]


# --- The background job ----------------------------------------------------------------------------


def test_progress_is_reported_per_batch(a1, team, officer, monkeypatch):
    monkeypatch.setattr(roster_imports, "BATCH", 2)
    seen: list[tuple[int, int]] = []
    real = roster_imports._write_progress

    def spy(job, processed, total):
        seen.append((processed, total))
        real(job, processed, total)

    monkeypatch.setattr(roster_imports, "_write_progress", spy)
    job = check(a1, officer, xlsx([row(n) for n in range(1, 6)]))
    assert job.status == RosterImport.Status.READY
    assert seen == [(2, 5), (4, 5), (5, 5)]  # the total is the sheet's declared size
    assert not roster_imports.progress_path(job).exists()  # removed once finished


def test_a_crash_midway_leaves_nothing_written_and_the_job_failed(a1, team, officer, monkeypatch):
    monkeypatch.setattr(roster_imports, "BATCH", 2)
    job = check(a1, officer, xlsx([row(n) for n in range(1, 6)]))
    real = roster_imports.RosterProcessor._write
    calls = []

    def crash_on_second_batch(self, accepted, existing):
        calls.append(len(accepted))
        if len(calls) == 2:
            raise OSError("disk full")
        real(self, accepted, existing)

    monkeypatch.setattr(roster_imports.RosterProcessor, "_write", crash_on_second_batch)
    job = commit(job, officer)
    assert calls == [2, 2]  # the first batch had been written when the crash came
    assert job.status == RosterImport.Status.FAILED
    assert job.message.startswith("Lỗi hệ thống khi xử lý tệp; không dòng nào được ghi.")
    assert not Membership.objects.exists() and not Person.objects.exists()
    assert not Person.history.exists()
    assert not AuditEntry.objects.filter(action="forces.roster.imported").exists()
    assert not roster_imports.upload_path(job).exists()  # the personal data of the file is not kept


def test_upload_page_queues_the_job_and_the_db_worker_runs_it(
    a1, team, officer, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    client = client_for(officer)
    url = reverse("forces:roster_import", args=[COMMUNE_A1])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("ds.xlsx", xlsx([row(1), row(2)]))})
    job = RosterImport.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "forces:roster_import_job", args=[COMMUNE_A1, job.pk]
    )
    assert job.status == RosterImport.Status.QUEUED
    status_url = reverse("forces:roster_import_status", args=[COMMUNE_A1, job.pk])
    waiting = client.get(response.url).content.decode()
    assert f'data-status-url="{status_url}"' in waiting and "forces/roster-import.js" in waiting
    assert "<progress" in waiting and 'data-testid="confirm"' not in waiting
    data = client.get(status_url).json()
    assert (data["status"], data["finished"], data["percent"]) == ("queued", False, 0)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    data = client.get(status_url).json()
    assert (data["status"], data["finished"], data["percent"]) == ("ready", True, 100)
    page = client.get(response.url)
    assert b'data-testid="confirm"' in page.content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == RosterImport.Status.DONE
    assert Membership.objects.filter(team=team).count() == 2


def test_upload_refuses_an_unsafe_file_before_queueing(a1, officer, client_for):
    client = client_for(officer)
    url = reverse("forces:roster_import", args=[COMMUNE_A1])
    response = client.post(url, {"file": SimpleUploadedFile("ds.xlsx", b"not a zip")})
    assert response.status_code == 200
    assert "không phải là bảng tính Excel" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_a_job_is_404_for_everyone_but_its_uploader(a1, team, officer, personas, client_for):
    job = check(a1, officer, xlsx([row(1, Tổ="không có")]))
    urls = [
        reverse(name, args=[COMMUNE_A1, job.pk])
        for name in ("forces:roster_import_job", "forces:roster_import_status", "forces:roster_import_errors")
    ]
    for url in urls:
        response = client_for(officer).get(url)
        assert response.status_code == 200
        if response.streaming:  # the test client closes the file at the end of the content
            b"".join(response.streaming_content)
        for persona in ("commune_b1_officer", "province_a_officer", "steering_a1_member"):
            assert client_for(personas[persona]).get(url).status_code == 404, (persona, url)
    # Another commune's key with this job's number: 404 even for the uploader.
    assert (
        client_for(officer).get(reverse("forces:roster_import_status", args=[COMMUNE_A2, job.pk])).status_code
        == 404
    )
    report = client_for(officer).get(urls[2])
    content = b"".join(report.streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert rows[0] == roster_imports.ERROR_HEADERS and rows[1][:2] == (2, "Tổ")


def test_job_page_shows_errors_and_warnings(a1, team, officer, client_for):
    job = check(a1, officer, xlsx([row(1, Giới_tính="?"), row(2, Ngày_giấy_chứng_nhận_sức_khỏe="")]))
    page = client_for(officer).get(reverse("forces:roster_import_job", args=[COMMUNE_A1, job.pk]))
    text = page.content.decode()
    assert "Có 1 dòng lỗi" in text and "“?” không có trong danh sách" in text
    assert 'data-testid="confirm"' not in text
    assert "Chưa có giấy chứng nhận đủ sức khỏe." in text


# --- Province and national imports span communes, each row checked against the scope --------------


def test_province_officer_imports_rows_of_several_communes(team, a2_team, personas):
    province = Unit.objects.get(key=PROVINCE_A)
    user = personas["province_a_officer"]
    rows = [row(1, Mã_xã=COMMUNE_A1), row(2, Mã_xã=COMMUNE_A2, Tổ="to ngoc ha")]
    job = commit(check(province, user, xlsx(rows)), user)
    assert job.status == RosterImport.Status.DONE, job.message
    assert sorted(Membership.objects.values_list("team__name", flat=True)) == ["Tổ Ngọc Hà", TEAM]
    assert Person.objects.get(citizen_id=f"{502:012d}").commune.key == COMMUNE_A2

    job = check(province, user, xlsx([row(3, Mã_xã=COMMUNE_B1), row(4)]))
    assert [(r, c) for r, c, _ in errors(job)] == [(2, "Mã xã"), (3, "Mã xã")]
    assert "ngoài phạm vi" in errors(job)[0][2] and "Bắt buộc nhập" in errors(job)[1][2]


def test_the_residential_area_name_identifies_its_team(a1, team, officer, sample_participants):
    area = sample_participants["a1_areas"][0].name
    job = check(a1, officer, xlsx([row(1, Tổ=area)]))
    assert job.status == RosterImport.Status.READY, job.errors_sample


def test_row_limit_has_its_own_setting(a1, team, officer, settings):
    settings.ANTQ_ROSTER_IMPORT_MAX_ROWS = 2
    job = check(a1, officer, xlsx([row(1), row(2), row(3)]))
    assert job.status == RosterImport.Status.REJECTED and "tối đa 2 dòng" in job.message
    assert settings.ANTQ_IMPORT_MAX_ROWS == 5000  # the generic limit is untouched


# --- Template and export -------------------------------------------------------------------------


def test_template_lists_the_teams_and_round_trips(a1, team, officer, client_for):
    response = client_for(officer).get(reverse("forces:roster_import_template", args=[COMMUNE_A1]))
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb[roster_imports.SHEET][1]] == list(roster_imports.HEADERS)
    notes = [r[0] for r in wb[roster_imports.SHEET_HELP].values]
    assert any(TEAM in (n or "") for n in notes)
    assert AuditEntry.objects.filter(action="forces.roster_template.downloaded").exists()


def test_export_has_personal_columns_for_the_police_only(a1, full_team, personas, client_for):
    url = reverse("forces:roster_export", args=[COMMUNE_A1])
    police = client_for(personas["commune_a1_officer"]).get(url)
    rows = list(load_workbook(io.BytesIO(police.content)).active.values)
    assert rows[0][:8] == roster_imports.EXPORT_HEADERS and "Số định danh cá nhân" in rows[0]
    assert len(rows) == 4 and rows[1][5] == "Tổ trưởng" and rows[1][11] == f"{1:012d}"
    steering = client_for(personas["steering_a1_member"]).get(url)
    rows = list(load_workbook(io.BytesIO(steering.content)).active.values)
    assert rows[0] == roster_imports.EXPORT_HEADERS and len(rows) == 4
    assert not any("Nguyễn" in str(v) for r in rows for v in r)
    entries = AuditEntry.objects.filter(action="forces.roster.exported").order_by("pk")
    assert [e.data["personal"] for e in entries] == [True, False]


def test_province_export_spans_its_communes(full_team, a2_team, personas, client_for):
    user = personas["province_a_officer"]
    actions.add_member(
        a2_team, by=user, person=person_data(5), role="leader", joined_on=date(2024, 8, 1), decision_ref="1"
    )
    response = client_for(user).get(reverse("forces:roster_export", args=[PROVINCE_A]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert sorted({r[2] for r in rows[1:]}) == [COMMUNE_A1, COMMUNE_A2]
    assert (
        client_for(personas["commune_b1_officer"])
        .get(reverse("forces:roster_export", args=[PROVINCE_A]))
        .status_code
        == 404
    )


def test_status_json_is_small_and_counts(a1, team, officer, client_for):
    job = check(a1, officer, xlsx([row(1)]))
    data = client_for(officer).get(reverse("forces:roster_import_status", args=[COMMUNE_A1, job.pk])).json()
    assert data == {
        "status": "ready",
        "status_label": "Đã kiểm tra, chờ xác nhận",
        "phase": "check",
        "processed": 1,
        "total": 1,
        "percent": 100,
        "finished": True,
        "message": "",
    }
    assert json.dumps(data)


def test_upload_page_lists_recent_jobs_in_constant_queries(
    a1, team, officer, client_for, django_assert_max_num_queries
):
    client = client_for(officer)
    url = reverse("forces:roster_import", args=[COMMUNE_A1])
    client.get(url)  # warm the session
    check(a1, officer, xlsx([row(1)]))
    with django_assert_max_num_queries(12) as one:
        client.get(url)
    for n in range(2, 6):
        check(a1, officer, xlsx([row(n)]))
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count("ds.xlsx") == 5
