"""Excel import of Q1 registrations: template round trip, row errors, hostile files, all-or-nothing, scope."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from antq.assessments import actions, registration_imports
from antq.assessments.models import Registration, Subject
from antq.assessments.subjects import sync_subjects
from antq.assessments.tests.cycles import cycle_2026
from antq.core.models import AuditEntry
from antq.units.models import Unit
from conftest import COMMUNE_A1

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
IMPORT_URL = reverse("assessments:registration_import", args=[COMMUNE_A1, 2026])
TEMPLATE_URL = reverse("assessments:registration_import_template", args=[COMMUNE_A1, 2026])
AREA_1, AREA_2 = "Tổ dân phố số 1", "Tổ dân phố số 2"


@pytest.fixture(autouse=True)
def _today(monkeypatch, settings, tmp_path: Path):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    settings.ANTQ_IMPORT_STAGING_DIR = tmp_path / "staging"


@pytest.fixture
def cycle(db):
    return cycle_2026()


@pytest.fixture
def a1(sample_participants) -> Unit:
    commune = Unit.objects.get(key=COMMUNE_A1)
    sync_subjects([commune])
    return commune


@pytest.fixture
def officer(client_for, commune_a1_officer):
    return client_for(commune_a1_officer)


def fill(template: bytes, rows: list[list]) -> bytes:
    """Replace the data rows of the template's sheet with `rows`."""
    wb = load_workbook(io.BytesIO(template))
    ws = wb[registration_imports.SHEET]
    ws.delete_rows(2, ws.max_row)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(client, content: bytes, name: str = "dang-ky.xlsx"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})


def staged_files(settings) -> list[Path]:
    directory = Path(settings.ANTQ_IMPORT_STAGING_DIR)
    return sorted(directory.glob("*.json")) if directory.exists() else []


def test_template_round_trip(officer, a1, cycle, commune_a1_officer, settings):
    response = officer.get(TEMPLATE_URL)
    assert response.status_code == 200
    template = b"".join(response.streaming_content) if response.streaming else response.content
    ws = load_workbook(io.BytesIO(template))[registration_imports.SHEET]
    assert [c.value for c in ws[1]] == list(registration_imports.HEADERS)
    assert sorted(ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)) == [AREA_1, AREA_2]
    assert (
        AuditEntry.objects.filter(action="assessments.registration_import_template.downloaded").count() == 1
    )

    content = fill(
        template,
        [
            # Accent-insensitive name, an Excel date, in time (on the deadline day).
            ["to dan pho so 1", datetime(2026, 3, 31), "10/02/2026", "12/KH-CB", 120, 120, "Đủ hộ"],
            [AREA_2, "15/04/2026", None, None, "80", 75, None],  # after 31/03: late
        ],
    )
    preview = upload(officer, content)
    assert preview.status_code == 200
    result = preview.context["result"]
    assert result.errors() == [] and result.late_count == 1
    assert "đăng ký muộn" in preview.content.decode()
    token = preview.context["token"]
    assert token and Registration.objects.count() == 0

    done = officer.post(IMPORT_URL, {"token": token})
    assert done.status_code == 302
    assert done["Location"] == reverse("assessments:registrations", args=[COMMUNE_A1, 2026])
    regs = {r.subject.name: r for r in Registration.objects.select_related("subject")}
    assert set(regs) == {AREA_1, AREA_2}
    first, second = regs[AREA_1], regs[AREA_2]
    assert (first.is_late, first.registered_on, first.party_resolution_on) == (
        False,
        date(2026, 3, 31),
        date(2026, 2, 10),
    )
    assert (first.plan_ref, first.households_total, first.households_signed, first.note) == (
        "12/KH-CB",
        120,
        120,
        "Đủ hộ",
    )
    assert (second.is_late, second.households_total, second.households_signed) == (True, 80, 75)
    assert second.created_by == commune_a1_officer
    assert AuditEntry.objects.filter(action="assessments.registration.created").count() == 2
    summary = AuditEntry.objects.get(action="assessments.registrations.imported")
    assert summary.data["count"] == 2
    assert staged_files(settings) == []
    # The preview token is single use.
    assert officer.post(IMPORT_URL, {"token": token}).status_code == 404
    # The board links to the import for editors.
    board = officer.get(reverse("assessments:registrations", args=[COMMUNE_A1, 2026])).content.decode()
    assert IMPORT_URL in board


def test_row_errors_are_listed_and_nothing_is_staged(officer, a1, cycle, commune_a1_officer, settings):
    already = Subject.objects.get(name=AREA_2, commune=a1)
    actions.register_subject(already, cycle, by=commune_a1_officer, registered_on=date(2026, 3, 1))
    template = registration_imports.build_template(a1, cycle)
    content = fill(
        template,
        [
            ["Tổ không có", "01/03/2026"],
            [AREA_1, "31/02/2026"],
            [AREA_1, "01/03/2026", None, None, 10, 11],
            [AREA_2, "01/03/2026"],
            [AREA_1, "01/12/2026"],
            [AREA_1, "01/03/2025"],
        ],
    )
    response = upload(officer, content)
    result = response.context["result"]
    errors = [(row, column, reason) for row, column, reason in result.errors()]
    assert errors == [
        (2, "Tên khu dân cư", f"{a1.name} không có khu dân cư tên này."),
        (3, "Ngày đăng ký", "Ngày không hợp lệ: ghi theo dạng ngày/tháng/năm, ví dụ 15/03/2026."),
        (4, "Số hộ ký cam kết", "Số hộ ký cam kết (11) không được lớn hơn số hộ đang cư trú (10)."),
        (4, "Tên khu dân cư", "Trùng tên với dòng 3 trong tệp."),
        (5, "Tên khu dân cư", "Khu dân cư này đã đăng ký trong kỳ đánh giá năm 2026."),
        (6, "Ngày đăng ký", "Ngày đăng ký không được sau ngày hôm nay."),
        (6, "Tên khu dân cư", "Trùng tên với dòng 3 trong tệp."),
        (7, "Ngày đăng ký", "Ngày đăng ký phải trong năm 2026."),
        (7, "Tên khu dân cư", "Trùng tên với dòng 3 trong tệp."),
    ]
    assert response.context["token"] == "" and staged_files(settings) == []
    assert "Trùng tên với dòng 3 trong tệp." in response.content.decode()
    assert Registration.objects.count() == 1


def test_hostile_file_refused_with_one_message(officer, a1, cycle, settings):
    template = registration_imports.build_template(a1, cycle)
    content = fill(template, [[AREA_1, "01/03/2026", None, None, "=1+1"]])
    response = upload(officer, content)
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and "Tệp chứa công thức (ô E2" in errors[0]
    assert Registration.objects.count() == 0 and staged_files(settings) == []
    wrong = upload(officer, b"Ten,Ngay\nTo 1,01/03/2026\n", "a.xlsx").context["form"].errors["file"]
    assert len(wrong) == 1 and "không phải là bảng tính" in wrong[0]


def test_all_or_nothing_when_a_row_fails_at_commit(officer, a1, cycle, commune_a1_officer, monkeypatch):
    template = registration_imports.build_template(a1, cycle)
    content = fill(template, [[AREA_1, "01/03/2026"], [AREA_2, "02/03/2026"]])
    token = upload(officer, content).context["token"]
    assert token
    # Between preview and confirmation someone registers the second area by hand.
    actions.register_subject(
        Subject.objects.get(name=AREA_2, commune=a1), cycle, by=commune_a1_officer, registered_on=TODAY
    )
    response = officer.post(IMPORT_URL, {"token": token}, follow=True)
    text = response.content.decode()
    assert "Không dòng nào được ghi." in text and "Dòng 3:" in text and "đã đăng ký" in text
    assert list(Registration.objects.values_list("subject__name", flat=True)) == [AREA_2]
    assert not AuditEntry.objects.filter(action="assessments.registrations.imported").exists()


def test_confirm_refused_when_cycle_closed(officer, a1, cycle):
    template = registration_imports.build_template(a1, cycle)
    token = upload(officer, fill(template, [[AREA_1, "01/03/2026"]])).context["token"]
    cycle.status = cycle.Status.CLOSED
    cycle.save()
    text = officer.post(IMPORT_URL, {"token": token}, follow=True).content.decode()
    assert "Kỳ đánh giá năm 2026 đã kết thúc." in text
    assert Registration.objects.count() == 0


@pytest.mark.parametrize("persona", ["commune_b1_officer", "steering_a1_member"])
def test_other_users_get_404(persona, request, client_for, a1, cycle, officer):
    template = registration_imports.build_template(a1, cycle)
    token = upload(officer, fill(template, [[AREA_1, "01/03/2026"]])).context["token"]
    client = client_for(request.getfixturevalue(persona))
    assert client.get(IMPORT_URL).status_code == 404
    assert client.get(TEMPLATE_URL).status_code == 404
    assert client.post(IMPORT_URL, {"file": SimpleUploadedFile("a.xlsx", template)}).status_code == 404
    assert client.post(IMPORT_URL, {"token": token}).status_code == 404
    assert Registration.objects.count() == 0
