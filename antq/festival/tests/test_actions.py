import datetime as dt

import pytest

from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.festival import actions
from antq.festival.models import Campaign, Event, EventResult, RuleSet
from antq.festival.tests.helpers import area_event, campaign, unit
from conftest import COMMUNE_A1, COMMUNE_B1

pytestmark = pytest.mark.django_db


def test_campaign_takes_the_default_window_from_the_rules_row(province_a_officer):
    RuleSet.objects.update(window_start_month=8, window_start_day=1, window_end_day=20, report_due_days=5)
    made = campaign(province_a_officer)
    assert (made.start_date, made.end_date, made.report_due) == (
        dt.date(2026, 8, 1),
        dt.date(2026, 8, 20),
        dt.date(2026, 8, 25),
    )
    assert made.plan_number == "87/KH-UBND"
    assert AuditEntry.objects.filter(action="festival.campaign.created", target_id=str(made.pk)).exists()


def test_campaign_refusals(province_a_officer, commune_a1_officer):
    with pytest.raises(DomainError, match="quyền"):
        campaign(commune_a1_officer)
    with pytest.raises(DomainError, match="quyền"):
        campaign(province_a_officer, province_key="79")
    with pytest.raises(DomainError, match="Số, ký hiệu"):
        actions.create_campaign(unit("01"), by=province_a_officer, year=2026, theme="X", plan_number="abc")
    with pytest.raises(DomainError, match="Hạn báo cáo"):
        actions.create_campaign(
            unit("01"),
            by=province_a_officer,
            year=2026,
            theme="X",
            plan_number="1/KH-UBND",
            report_due=dt.date(2026, 8, 1),
        )
    campaign(province_a_officer)
    with pytest.raises(DomainError, match="đã có kế hoạch"):
        campaign(province_a_officer)
    assert Campaign.objects.count() == 1


def test_event_outside_the_window_is_refused_with_the_window(
    province_a_officer, commune_a1_officer, sample_participants
):
    made = campaign(province_a_officer)
    with pytest.raises(DomainError) as error:
        area_event(made, sample_participants["a1_areas"][0], commune_a1_officer, day=dt.date(2026, 8, 20))
    assert "01/07/2026 – 19/08/2026" in error.value.message
    assert "20/08/2026" in error.value.message
    assert not Event.objects.exists()


def test_event_host_must_belong_to_the_commune_and_be_unique(
    national_admin, province_a_officer, commune_a1_officer, sample_participants
):
    made = campaign(province_a_officer)
    with pytest.raises(DomainError, match="khu dân cư"):
        actions.plan_event(
            made,
            unit(COMMUNE_A1),
            by=commune_a1_officer,
            data=actions.EventInput(
                host_type="area",
                area=sample_participants["a2_area"],
                date=dt.date(2026, 8, 1),
                venue="X",
                ceremony_items=["flag_salute"],
            ),
        )
    area_event(made, sample_participants["a1_areas"][0], commune_a1_officer)
    with pytest.raises(DomainError, match="đã đăng ký"):
        area_event(made, sample_participants["a1_areas"][0], commune_a1_officer)
    with pytest.raises(DomainError, match="danh mục"):
        actions.plan_event(
            made,
            unit(COMMUNE_A1),
            by=commune_a1_officer,
            data=actions.EventInput(
                host_type="commune", date=dt.date(2026, 8, 1), venue="X", ceremony_items=["nope"]
            ),
        )
    with pytest.raises(DomainError, match="thuộc"):
        actions.plan_event(
            made,
            unit(COMMUNE_B1),
            by=national_admin,
            data=actions.EventInput(
                host_type="commune", date=dt.date(2026, 8, 1), venue="X", extra_items=["Mít tinh"]
            ),
        )
    assert Event.objects.count() == 1


def test_pilot_point_only_by_the_province(province_a_officer, commune_a1_officer):
    made = campaign(province_a_officer)
    data = actions.EventInput(
        host_type="commune",
        date=dt.date(2026, 8, 19),
        venue="Sân UBND",
        ceremony_items=["flag_salute"],
        is_pilot_point=True,
    )
    with pytest.raises(DomainError, match="cấp tỉnh"):
        actions.plan_event(made, unit(COMMUNE_A1), by=commune_a1_officer, data=data)
    event, _ = actions.plan_event(made, unit(COMMUNE_A1), by=province_a_officer, data=data)
    assert event.is_pilot_point


@pytest.mark.parametrize(("round_every", "warned"), [(5, True), (7, False)])
def test_anniversary_ceremony_outside_a_round_year_is_warned(province_a_officer, round_every, warned):
    RuleSet.objects.update(round_every=round_every)  # 2026 is the 21st year: round only by a step of 7
    made = campaign(province_a_officer)
    _event, warnings = actions.plan_event(
        made,
        unit(COMMUNE_A1),
        by=province_a_officer,
        data=actions.EventInput(
            host_type="commune",
            date=dt.date(2026, 8, 19),
            venue="Sân UBND",
            ceremony_items=["commemorative_speech"],
            is_anniversary_ceremony=True,
        ),
    )
    assert bool(warnings) is warned
    if warned:
        assert "năm thứ 21" in warnings[0]


def test_result_rules_and_correction(
    province_a_officer, commune_a1_officer, commune_b1_officer, sample_participants
):
    event = area_event(campaign(province_a_officer), sample_participants["a1_areas"][0], commune_a1_officer)
    with pytest.raises(DomainError, match="trước ngày tổ chức"):
        actions.report_result(event, by=commune_a1_officer, reported_on=dt.date(2026, 8, 9), counts={})
    with pytest.raises(DomainError, match="không được âm: số người tham dự"):
        actions.report_result(
            event, by=commune_a1_officer, reported_on=dt.date(2026, 8, 10), counts={"participants": -1}
        )
    with pytest.raises(DomainError, match="quyền"):
        actions.report_result(event, by=commune_b1_officer, reported_on=dt.date(2026, 8, 10), counts={})
    assert not EventResult.objects.exists()
    actions.report_result(
        event,
        by=commune_a1_officer,
        reported_on=dt.date(2026, 8, 10),
        counts={"participants": 300, "gifts_value_vnd": 12_000_000},
    )
    result = actions.report_result(
        event, by=commune_a1_officer, reported_on=dt.date(2026, 8, 11), counts={"participants": 320}
    )
    assert (EventResult.objects.count(), result.participants, result.gifts_value_vnd) == (1, 320, 0)
    assert AuditEntry.objects.filter(action="festival.result.reported").count() == 2


def test_update_campaign_refuses_a_window_that_leaves_events_outside(
    province_a_officer, commune_a1_officer, sample_participants
):
    made = campaign(province_a_officer)
    area_event(made, sample_participants["a1_areas"][0], commune_a1_officer, day=dt.date(2026, 7, 5))
    with pytest.raises(DomainError, match="ngoài thời gian mới"):
        actions.update_campaign(
            made,
            by=province_a_officer,
            theme="X",
            plan_number="87/KH-UBND",
            start_date=dt.date(2026, 8, 1),
            end_date=dt.date(2026, 8, 19),
            report_due=dt.date(2026, 8, 29),
        )
    actions.update_campaign(
        made,
        by=province_a_officer,
        theme="Mới",
        plan_number="88/KH-UBND",
        start_date=dt.date(2026, 7, 5),
        end_date=dt.date(2026, 8, 15),
        report_due=dt.date(2026, 8, 25),
    )
    made.refresh_from_db()
    assert (made.theme, made.end_date) == ("Mới", dt.date(2026, 8, 15))
