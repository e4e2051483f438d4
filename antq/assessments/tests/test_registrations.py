"""Q1 registrations and disqualifying events: actions, the board query, pages and scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from antq.assessments import actions
from antq.assessments.models import Cycle, DisqualifyingEvent, Registration, Subject, SubjectType
from antq.assessments.queries import commune_registration_board
from antq.assessments.subjects import sync_subjects
from antq.assessments.tests.cycles import cycle_2026
from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.testing.factories import OrganisationFactory, ResidentialAreaFactory
from antq.units.models import Unit
from conftest import COMMUNE_A1

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    # Dates in the future are refused; pin "today" so the tests do not depend on the wall clock.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def cycle(db):
    return cycle_2026()


@pytest.fixture
def a1(sample_participants):
    commune = Unit.objects.get(key=COMMUNE_A1)
    sync_subjects([commune])
    return commune


@pytest.fixture
def area(a1, sample_participants):
    return Subject.objects.get(residential_area=sample_participants["a1_areas"][0])


@pytest.fixture
def school(a1, sample_participants):
    return Subject.objects.get(organisation=sample_participants["a1_school"])


@pytest.fixture
def officer(personas):
    return personas["commune_a1_officer"]


def register(subject, cycle, by, **kwargs):
    kwargs.setdefault("registered_on", date(2026, 3, 15))
    return actions.register_subject(subject, cycle, by=by, **kwargs)


# --- actions ---------------------------------------------------------------------------------------


def test_register_residential_area_with_households_is_audited(area, cycle, officer):
    reg = register(
        area,
        cycle,
        officer,
        registered_on=date(2026, 3, 31),  # on the deadline day: in time
        party_resolution_on=date(2026, 2, 10),
        plan_ref=" 12/KH-CB ",
        households_total=120,
        households_signed=120,
    )
    assert reg.is_late is False
    assert reg.plan_ref == "12/KH-CB"
    assert reg.created_by == officer
    entry = AuditEntry.objects.get(action="assessments.registration.created")
    assert entry.actor == officer
    assert entry.target_id == str(reg.pk)
    assert entry.data["households_signed"] == 120
    assert entry.data["deadline"] == "2026-03-31"


def test_registration_after_the_deadline_is_accepted_and_flagged_late(area, cycle, officer):
    reg = register(area, cycle, officer, registered_on=date(2026, 4, 1))
    assert reg.is_late is True
    assert Registration.objects.filter(pk=reg.pk, is_late=True).exists()


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Cycle.Status.DRAFT, "Kỳ đánh giá năm 2026 chưa mở."),
        (Cycle.Status.CLOSED, "Kỳ đánh giá năm 2026 đã kết thúc."),
    ],
)
def test_register_refuses_a_cycle_that_is_not_open(area, cycle, officer, status, message):
    Cycle.objects.filter(pk=cycle.pk).update(status=status)
    with pytest.raises(DomainError) as exc:
        register(area, cycle, officer)
    assert exc.value.message == message
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"registered_on": date(2025, 12, 31)}, "Ngày đăng ký phải trong năm 2026"),
        ({"registered_on": date(2026, 11, 24)}, "không được sau ngày hôm nay"),
        ({"party_resolution_on": date(2025, 12, 1)}, "Ngày nghị quyết phải trong năm 2026"),
        ({"households_total": 100, "households_signed": 101}, "không được lớn hơn số hộ đang cư trú"),
        ({"households_signed": 5}, "Nhập số hộ đang cư trú trước"),
        ({"plan_ref": "12\x00KH"}, "ký tự không hợp lệ"),
        ({"note": "ghi\x00chú"}, "ký tự không hợp lệ"),
    ],
)
def test_register_refusals(area, cycle, officer, kwargs, fragment):
    with pytest.raises(DomainError) as exc:
        register(area, cycle, officer, **kwargs)
    assert fragment in exc.value.message
    assert not Registration.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="assessments.registration").exists()


def test_households_only_for_residential_areas(school, cycle, officer):
    with pytest.raises(DomainError, match="Chỉ khu dân cư"):
        register(school, cycle, officer, households_total=10, households_signed=10)
    assert register(school, cycle, officer).households_total is None


def test_duplicate_registration_is_refused_with_a_clear_message(area, cycle, officer):
    register(area, cycle, officer)
    with pytest.raises(DomainError) as exc:
        register(area, cycle, officer, registered_on=date(2026, 3, 20))
    assert exc.value.message == (
        "“Tổ dân phố số 1” đã đăng ký trong kỳ đánh giá năm 2026; hãy sửa bản đăng ký đã có."
    )
    assert Registration.objects.count() == 1


def test_update_registration_rejudges_lateness_only_when_the_date_changes(area, cycle, officer):
    reg = register(area, cycle, officer, households_total=100, households_signed=90)
    reg = actions.update_registration(
        reg, by=officer, registered_on=date(2026, 4, 2), households_total=100, households_signed=100
    )
    assert reg.is_late is True
    assert reg.households_signed == 100
    entry = AuditEntry.objects.get(action="assessments.registration.updated")
    assert entry.data["changed"]["households_signed"] == [90, 100]
    assert entry.data["changed"]["is_late"] == [False, True]
    # A later edit of the deadline does not change a fact recorded at entry time.
    cycle.rules.update(registration_deadline=date(2026, 6, 30))
    reg = actions.update_registration(
        reg, by=officer, registered_on=date(2026, 4, 2), households_total=100, households_signed=100, note="x"
    )
    assert reg.is_late is True


def test_update_refuses_signed_above_total_and_closed_cycle(area, cycle, officer):
    reg = register(area, cycle, officer)
    with pytest.raises(DomainError, match="không được lớn hơn"):
        actions.update_registration(
            reg, by=officer, registered_on=date(2026, 3, 15), households_total=3, households_signed=4
        )
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.CLOSED)
    with pytest.raises(DomainError, match="đã kết thúc"):
        actions.update_registration(reg, by=officer, registered_on=date(2026, 3, 16))


def test_withdraw_while_open_is_audited_and_refused_after_close(area, school, cycle, officer):
    reg = register(area, cycle, officer, plan_ref="7/KH")
    actions.withdraw_registration(reg, by=officer, reason="nhập nhầm")
    assert not Registration.objects.filter(pk=reg.pk).exists()
    entry = AuditEntry.objects.get(action="assessments.registration.withdrawn")
    assert entry.actor == officer
    assert entry.data["plan_ref"] == "7/KH"
    assert entry.data["reason"] == "nhập nhầm"

    other = register(school, cycle, officer)
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.CLOSED)
    with pytest.raises(DomainError, match="Kỳ đánh giá năm 2026 đã kết thúc"):
        actions.withdraw_registration(other, by=officer)
    assert Registration.objects.filter(pk=other.pk).exists()


def test_record_and_delete_event_are_audited_with_who(area, officer, personas):
    event = actions.record_event(
        area,
        by=officer,
        occurred_on=date(2026, 5, 4),
        category=DisqualifyingEvent.Category.PROLONGED_DISPUTE,
        description="  Tranh chấp đất kéo dài  ",
    )
    assert event.description == "Tranh chấp đất kéo dài"
    assert event.recorded_by == officer
    recorded = AuditEntry.objects.get(action="assessments.event.recorded")
    assert recorded.actor == officer
    assert recorded.data["category"] == "prolonged_dispute"

    admin = personas["national_admin"]
    actions.delete_event(event, by=admin, reason="trùng")
    assert not DisqualifyingEvent.objects.exists()
    deleted = AuditEntry.objects.get(action="assessments.event.deleted")
    assert deleted.actor == admin
    assert deleted.data["recorded_by"] == officer.get_username()
    assert deleted.data["description"] == "Tranh chấp đất kéo dài"


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"category": "khong_co"}, "Loại vụ việc không hợp lệ"),
        ({"description": "   "}, "Hãy mô tả vụ việc"),
        ({"description": "a\x00b"}, "ký tự không hợp lệ"),
        ({"description": "x" * 2001}, "không quá 2.000 ký tự"),
        ({"occurred_on": date(2026, 11, 24)}, "không được sau ngày hôm nay"),
    ],
)
def test_record_event_refusals(area, officer, kwargs, fragment):
    values = {"occurred_on": date(2026, 5, 4), "category": "other", "description": "Vụ việc"} | kwargs
    with pytest.raises(DomainError) as exc:
        actions.record_event(area, by=officer, **values)
    assert fragment in exc.value.message
    assert not DisqualifyingEvent.objects.exists()


# --- board query -----------------------------------------------------------------------------------


def test_board_rows_and_shares(a1, area, school, cycle, officer):
    register(area, cycle, officer, registered_on=date(2026, 4, 1), households_total=10, households_signed=9)
    register(school, cycle, officer)
    actions.record_event(area, by=officer, occurred_on=date(2026, 1, 5), category="other", description="a")
    # Outside the residential area's window (01/11/2025 – 31/10/2026): not counted for 2026.
    actions.record_event(area, by=officer, occurred_on=date(2026, 11, 2), category="other", description="b")
    # Inside the school's window (16/11/2025 – 15/11/2026).
    actions.record_event(
        school, by=officer, occurred_on=date(2026, 11, 10), category="other", description="c"
    )
    board = commune_registration_board(a1, cycle, officer)
    rows = {r.subject.pk: r for r in board.rows}
    assert (board.registered, board.total, board.late) == (2, 4, 1)
    assert rows[area.pk].is_late and rows[area.pk].households_met is False
    assert rows[area.pk].households_percent == 90
    assert rows[area.pk].events == 1
    assert rows[school.pk].events == 1 and rows[school.pk].households_met is None
    assert {t.subject_type: (t.registered, t.total) for t in board.by_type} == {
        "residential_area": (1, 2),
        "commune": (0, 1),
        "school": (1, 1),
    }


def test_board_query_count_does_not_grow_with_subjects(a1, area, cycle, officer):
    register(area, cycle, officer)
    with CaptureQueriesContext(connection) as small:
        commune_registration_board(a1, cycle, officer)
    for i in range(5):
        ResidentialAreaFactory(commune=a1, name=f"Tổ dân phố mới {i}")
        OrganisationFactory(commune=a1, name=f"Trường mới {i}")
    sync_subjects([a1])
    for subject in Subject.objects.filter(commune=a1).exclude(pk=area.pk)[:6]:
        register(subject, cycle, officer)
        actions.record_event(
            subject, by=officer, occurred_on=date(2026, 2, 1), category="other", description="x"
        )
    with CaptureQueriesContext(connection) as large:
        board = commune_registration_board(a1, cycle, officer)
        for row in board.rows:  # what the template reads
            _ = (row.subject.name, row.registration and row.registration.subject.name, row.households_met)
    assert board.total == 14
    assert len(large) == len(small) <= 4


# --- pages -----------------------------------------------------------------------------------------


def url(name, *args):
    return reverse(f"assessments:{name}", args=[COMMUNE_A1, 2026, *args])


def test_board_page_counts_and_filter(client_for, officer, area, cycle):
    register(area, cycle, officer, registered_on=date(2026, 4, 1), households_total=10, households_signed=10)
    page = client_for(officer).get(url("registrations")).content.decode()
    assert "Đã đăng ký 1/4" in page
    assert "đăng ký muộn" in page
    assert "10/10 hộ ký cam kết" in page
    assert "list-group-item-warning" in page  # unregistered subjects stand out
    assert reverse("assessments:register", args=[COMMUNE_A1, 2026, area.pk]) not in page
    filtered = client_for(officer).get(url("registrations") + "?loai=school").content.decode()
    assert "Trường THCS Phan Chu Trinh" in filtered
    assert "Tổ dân phố số 1" not in filtered


def test_register_page_shows_deadline_and_late_warning_and_accepts_day_first_dates(
    client_for, officer, area, cycle
):
    client = client_for(officer)
    form = client.get(url("register", area.pk)).content.decode()
    assert "31/03/2026" in form
    assert "Đã quá hạn đăng ký" in form
    assert 'value="23/11/2026"' in form  # today by default
    response = client.post(
        url("register", area.pk),
        {
            "registered_on": "15/03/2026",
            "party_resolution_on": "01/03/2026",
            "plan_ref": "3/KH",
            "households_total": "50",
            "households_signed": "50",
        },
        follow=True,
    )
    reg = Registration.objects.get(subject=area)
    assert reg.registered_on == date(2026, 3, 15)
    assert reg.party_resolution_on == date(2026, 3, 1)
    assert reg.is_late is False
    assert "Đã ghi nhận đăng ký" in response.content.decode()


def test_late_registration_through_the_page_says_it_is_accepted(client_for, officer, school, cycle):
    response = client_for(officer).post(
        url("register", school.pk), {"registered_on": "02/04/2026"}, follow=True
    )
    page = response.content.decode()
    assert "đăng ký muộn" in page and "đăng ký vẫn có giá trị" in page
    assert Registration.objects.get(subject=school).is_late


def test_form_refusals_are_vietnamese(client_for, officer, area, cycle):
    client = client_for(officer)
    page = client.post(url("register", area.pk), {"registered_on": "2026/13/45"}).content.decode()
    assert "Nhập ngày theo dạng ngày/tháng/năm" in page
    page = client.post(
        url("register", area.pk), {"registered_on": "15/03/2026", "plan_ref": "1\x00"}
    ).content.decode()
    assert "ký tự không hợp lệ" in page
    page = client.post(
        url("register", area.pk),
        {"registered_on": "15/03/2026", "households_total": "5", "households_signed": "6"},
    ).content.decode()
    assert "không được lớn hơn số hộ đang cư trú" in page
    assert not Registration.objects.exists()


def test_edit_and_withdraw_pages(client_for, officer, area, cycle):
    reg = register(area, cycle, officer)
    client = client_for(officer)
    assert 'value="15/03/2026"' in client.get(url("registration_edit", reg.pk)).content.decode()
    client.post(url("registration_edit", reg.pk), {"registered_on": "16/03/2026", "plan_ref": "9/KH"})
    reg.refresh_from_db()
    assert (reg.registered_on, reg.plan_ref) == (date(2026, 3, 16), "9/KH")
    assert client.get(url("registration_withdraw", reg.pk)).status_code == 405
    client.post(url("registration_withdraw", reg.pk))
    assert not Registration.objects.exists()


def test_withdraw_page_after_close_shows_the_refusal(client_for, officer, area, cycle):
    reg = register(area, cycle, officer)
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.CLOSED)
    response = client_for(officer).post(url("registration_withdraw", reg.pk), follow=True)
    assert "Kỳ đánh giá năm 2026 đã kết thúc" in response.content.decode()
    assert Registration.objects.exists()


def test_event_pages(client_for, officer, area, cycle):
    client = client_for(officer)
    assert client.get(url("event_add") + f"?doi-tuong={area.pk}").status_code == 200
    response = client.post(
        url("event_add"),
        {
            "subject": area.pk,
            "occurred_on": "04/05/2026",
            "category": "incitement",
            "description": "Kích động",
        },
        follow=True,
    )
    event = DisqualifyingEvent.objects.get()
    assert event.occurred_on == date(2026, 5, 4)
    page = response.content.decode()
    assert "Kích động" in page and "Tổ dân phố số 1" in page
    # Outside the residential area's 2026 window: still recorded (it counts for the 2027 cycle).
    page = client.post(
        url("event_add"),
        {"subject": area.pk, "occurred_on": "05/11/2026", "category": "other", "description": "x"},
        follow=True,
    ).content.decode()
    assert "nằm ngoài kỳ đánh giá năm 2026" in page
    assert DisqualifyingEvent.objects.filter(occurred_on=date(2026, 11, 5)).exists()
    page = client.post(
        url("event_add"),
        {"subject": area.pk, "occurred_on": "05/05/2026", "category": "other", "description": "a\x00b"},
    ).content.decode()
    assert "ký tự không hợp lệ" in page
    assert DisqualifyingEvent.objects.count() == 2
    assert client.get(url("event_delete", event.pk)).status_code == 405
    client.post(url("event_delete", event.pk))
    assert not DisqualifyingEvent.objects.filter(pk=event.pk).exists()


def test_scope_other_commune_gets_404(client_for, personas, officer, area, cycle):
    reg = register(area, cycle, officer)
    event = actions.record_event(
        area, by=officer, occurred_on=date(2026, 5, 4), category="other", description="x"
    )
    client = client_for(personas["commune_b1_officer"])
    for name, args in [
        ("registrations", ()),
        ("register", (area.pk,)),
        ("registration_edit", (reg.pk,)),
        ("events", ()),
        ("event_add", ()),
    ]:
        assert client.get(url(name, *args)).status_code == 404, name
    assert client.post(url("registration_withdraw", reg.pk)).status_code == 404
    assert client.post(url("event_delete", event.pk)).status_code == 404
    assert Registration.objects.exists() and DisqualifyingEvent.objects.exists()


def test_steering_member_reads_but_cannot_write(client_for, personas, officer, area, cycle):
    reg = register(area, cycle, officer)
    event = actions.record_event(
        area, by=officer, occurred_on=date(2026, 5, 4), category="other", description="x"
    )
    client = client_for(personas["steering_a1_member"])
    board = client.get(url("registrations"))
    assert board.status_code == 200
    page = board.content.decode()
    assert "Đã đăng ký 1/4" in page
    assert "/sua/" not in page and "/them/" not in page and "doi-tuong" not in page
    events = client.get(url("events")).content.decode()
    assert "/xoa/" not in events and "Ghi vụ việc" not in events
    school = Subject.objects.get(commune__key=COMMUNE_A1, subject_type=SubjectType.SCHOOL)
    assert client.post(url("register", school.pk), {"registered_on": "15/03/2026"}).status_code == 404
    assert client.post(url("registration_edit", reg.pk), {"registered_on": "16/03/2026"}).status_code == 404
    assert client.post(url("registration_withdraw", reg.pk)).status_code == 404
    assert client.post(url("event_delete", event.pk)).status_code == 404
    assert Registration.objects.count() == 1 and DisqualifyingEvent.objects.count() == 1


def test_closed_cycle_hides_registration_buttons(client_for, officer, a1, cycle):
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.CLOSED)
    page = client_for(officer).get(url("registrations")).content.decode()
    assert "/doi-tuong/" not in page
    assert "Không thể thay đổi đăng ký" in page
