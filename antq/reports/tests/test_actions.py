"""The report workflow through the actions: pre-filled figures, narrative, refresh, submit, review,
aggregate; bad input answers a Vietnamese message and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.reports import actions
from antq.reports.models import Report
from antq.reports.tests.helpers import (
    MONTH,
    TODAY,
    activities,
    definition,
    monthly,
    narratives,
    submitted,
    unit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def test_generate_prefills_the_communes_own_figures(commune_a1_officer, commune_b1_officer):
    # Two sessions inside the window (15/10 – 14/11), one after it; B1's session is not A1's.
    activities(commune_a1_officer, days=(dt.date(2026, 10, 20), dt.date(2026, 11, 14), dt.date(2026, 11, 20)))
    activities(commune_b1_officer, key="26740", days=(dt.date(2026, 11, 1),))
    report = monthly(commune_a1_officer)
    assert (report.data_from, report.data_to, report.due_on) == (
        dt.date(2026, 10, 15),
        dt.date(2026, 11, 14),
        dt.date(2026, 12, 20),
    )
    assert report.status == Report.Status.DRAFT
    assert report.figures["totals"]["practices.activities"] == 2
    assert report.figures["totals"]["practices.participants"] == 80
    assert report.figures["indicators"]["practices.activities"]["label"] == "Hoạt động trong kỳ"
    assert report.figures["units"] == []  # a commune's report has no appendix of units below
    assert AuditEntry.objects.filter(action="reports.report.generated", target_id=str(report.pk)).exists()


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2026-Q4", "không hợp lệ"),
        ("2026-13", "không hợp lệ"),
        ("2027-01", "chưa bắt đầu"),
    ],
)
def test_generate_refuses_a_bad_period(commune_a1_officer, period, message):
    with pytest.raises(DomainError, match=message):
        monthly(commune_a1_officer, period=period)
    assert not Report.objects.exists()


def test_generate_twice_is_refused(commune_a1_officer):
    monthly(commune_a1_officer)
    with pytest.raises(DomainError, match="đã có"):
        monthly(commune_a1_officer)
    assert Report.objects.count() == 1


@pytest.mark.parametrize("persona", ["commune_b1_officer", "steering_a1_member", "province_a_officer"])
def test_generate_needs_the_reporting_unit(persona, request):
    # B1 is elsewhere, a steering member reads only; the province does not report at commune level
    # in its own name (it may act for its communes: covered by the next test).
    user = request.getfixturevalue(persona)
    if persona == "province_a_officer":
        with pytest.raises(DomainError):
            actions.generate_report(definition(), unit("01"), period_key=MONTH, by=user, today=TODAY)
    else:
        with pytest.raises(DomainError):
            monthly(user)
    assert not Report.objects.exists()


def test_the_province_may_report_for_its_commune(province_a_officer):
    assert monthly(province_a_officer).unit.key == "00004"


def test_submit_numbers_the_report_and_marks_it_on_time(commune_a1_officer):
    report = submitted(commune_a1_officer)
    assert report.status == Report.Status.SUBMITTED
    assert report.display_number == "01/BC-CAP"  # Phường Ba Đình: ward police
    assert report.on_time is True
    assert report.issued_on == TODAY
    second = submitted(commune_a1_officer, period="2026-10", day=dt.date(2026, 11, 25))
    assert second.display_number == "02/BC-CAP"
    assert second.on_time is False  # due 20/11


def test_submit_without_narrative_is_refused(commune_a1_officer):
    report = monthly(commune_a1_officer)
    with pytest.raises(DomainError, match="Chưa nhập nội dung"):
        actions.submit_report(report, by=commune_a1_officer)
    report.refresh_from_db()
    assert (report.status, report.number) == (Report.Status.DRAFT, None)


def test_submit_twice_edit_and_refresh_after_submit_are_refused(commune_a1_officer):
    report = submitted(commune_a1_officer)
    before = (report.narratives, report.figures, report.number, report.updated_at)
    entries = AuditEntry.objects.count()
    cases = [
        (lambda: actions.submit_report(report, by=commune_a1_officer), "đã được gửi"),
        (
            lambda: actions.save_narrative(report, by=commune_a1_officer, texts=narratives(report, "Sửa")),
            "không sửa được",
        ),
        (lambda: actions.refresh_figures(report, by=commune_a1_officer), "không cập nhật lại"),
    ]
    for call, message in cases:
        with pytest.raises(DomainError, match=message):
            call()
    report.refresh_from_db()
    assert (report.narratives, report.figures, report.number, report.updated_at) == before
    assert AuditEntry.objects.count() == entries


def test_narrative_refuses_unknown_sections_and_nul(commune_a1_officer):
    report = monthly(commune_a1_officer)
    with pytest.raises(DomainError, match="không tồn tại"):
        actions.save_narrative(report, by=commune_a1_officer, texts={"999999": "x"})
    with pytest.raises(DomainError, match="NUL"):
        actions.save_narrative(report, by=commune_a1_officer, texts=narratives(report, "a\x00b"))
    report.refresh_from_db()
    assert report.narratives == {}


def test_refresh_takes_new_figures_in_draft(commune_a1_officer):
    report = monthly(commune_a1_officer)
    assert report.figures["totals"]["practices.activities"] == 0
    activities(commune_a1_officer, days=(dt.date(2026, 11, 3),))
    report = actions.refresh_figures(report, by=commune_a1_officer)
    assert report.figures["totals"]["practices.activities"] == 1


def test_the_province_accepts_or_returns_and_the_commune_submits_again(
    commune_a1_officer, province_a_officer, commune_b1_officer
):
    report = submitted(commune_a1_officer)
    for user in (commune_a1_officer, commune_b1_officer):
        with pytest.raises(DomainError, match="không phải cấp nhận"):
            actions.accept_report(report, by=user)
    with pytest.raises(DomainError, match="lý do"):
        actions.return_report(report, by=province_a_officer, note="  ")
    report = actions.return_report(report, by=province_a_officer, note="Bổ sung số liệu tuyên truyền")
    assert report.status == Report.Status.RETURNED
    report = actions.save_narrative(report, by=commune_a1_officer, texts=narratives(report, "Đã bổ sung."))
    report = actions.submit_report(report, by=commune_a1_officer, today=TODAY)
    assert report.display_number == "01/BC-CAP"  # keeps its number
    report = actions.accept_report(report, by=province_a_officer)
    assert report.status == Report.Status.ACCEPTED
    with pytest.raises(DomainError, match="Chỉ tiếp nhận"):
        actions.accept_report(report, by=province_a_officer)


def test_the_province_aggregates_its_communes_submitted_reports(commune_a1_officer, province_a_officer):
    activities(commune_a1_officer, days=(dt.date(2026, 11, 2), dt.date(2026, 11, 3)))
    activities(province_a_officer, key="00008", days=(dt.date(2026, 11, 4),))
    submitted(commune_a1_officer)
    submitted(province_a_officer, key="00008")
    monthly(province_a_officer, key="00025")  # a draft is not counted
    own = actions.generate_report(
        definition("cat-thang"), unit("01"), period_key=MONTH, by=province_a_officer
    )
    own = actions.aggregate_report(own, by=province_a_officer)
    assert own.figures["mode"] == "aggregate"
    assert own.figures["totals"]["practices.activities"] == 3
    assert own.figures["totals"]["practices.participants"] == 120
    assert len(own.figures["sources"]) == 2
    rows = {row["key"]: row for row in own.figures["units"]}
    assert rows["00004"]["values"]["practices.activities"] == 2
    assert rows["00025"]["values"]["practices.activities"] is None


def test_a_rate_in_the_aggregate_is_the_provinces_own_not_the_mean_of_its_communes(
    commune_a1_officer, province_a_officer
):
    """Rates cannot be added up, and their mean weighs a small commune like a large one."""
    from antq.dashboards.indicators import REGISTRY, values
    from antq.reports import rules

    first = submitted(commune_a1_officer)
    second = submitted(province_a_officer, key="00008")
    own = actions.generate_report(
        definition("cat-thang"), unit("01"), period_key=MONTH, by=province_a_officer
    )
    rates = [c for c in own.definition.indicator_codes() if c in REGISTRY and REGISTRY[c].kind == "percent"]
    assert rates, "the province's monthly report has a rate to check"
    for report, rate in ((first, 10.0), (second, 30.0)):
        report.figures["totals"] = {**report.figures["totals"], **dict.fromkeys(rates, rate)}
        report.save(update_fields=["figures"])
    own = actions.aggregate_report(own, by=province_a_officer)
    start, end = own.definition.window(own.period)
    live = values(rates, [own.unit], rules.as_indicator_period(own.period, start, end))
    for code in rates:
        assert own.figures["totals"][code] != 20.0
        expected = live[code].get(own.unit.pk)
        assert own.figures["totals"][code] == (None if expected is None else float(expected))


def test_aggregate_without_any_submitted_report_is_refused(province_a_officer):
    own = actions.generate_report(
        definition("cat-thang"), unit("01"), period_key=MONTH, by=province_a_officer
    )
    before = own.figures
    with pytest.raises(DomainError, match="Chưa có đơn vị cấp dưới"):
        actions.aggregate_report(own, by=province_a_officer)
    own.refresh_from_db()
    assert own.figures == before
