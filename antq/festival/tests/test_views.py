import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from antq.core.models import AuditEntry
from antq.festival import actions, queries
from antq.festival.models import Event, EventResult
from antq.festival.tests.helpers import area_event, campaign, unit
from antq.units.models import ResidentialArea
from conftest import COMMUNE_A1, COMMUNE_A2, PROVINCE_A

pytestmark = pytest.mark.django_db


def _grow(made, by, n: int, tag: str) -> None:
    """`n` more reported area points in Ba Đình and one in Ngọc Hà."""
    for i in range(n):
        area = ResidentialArea.objects.create(
            commune=unit(COMMUNE_A1), name=f"Tổ dân phố thêm {tag}{i}", kind="to_dan_pho"
        )
        event = area_event(made, area, by)
        actions.report_result(event, by=by, reported_on=dt.date(2026, 8, 10), counts={"participants": 100})
    area = ResidentialArea.objects.create(
        commune=unit(COMMUNE_A2), name=f"Tổ Ngọc Hà thêm {tag}", kind="to_dan_pho"
    )
    area_event(made, area, by)


def test_rollup_sums_coverage_and_unreported(province_a_officer, sample_participants):
    made = campaign(province_a_officer)
    a1_areas = sample_participants["a1_areas"]
    first = area_event(made, a1_areas[0], province_a_officer)
    actions.report_result(
        first,
        by=province_a_officer,
        reported_on=dt.date(2026, 8, 10),
        counts={"participants": 250, "gifts_value_vnd": 3_000_000},
    )
    actions.plan_event(
        made,
        unit(COMMUNE_A1),
        by=province_a_officer,
        data=actions.EventInput(
            host_type="commune", date=dt.date(2026, 8, 19), venue="Sân UBND", ceremony_items=["flag_salute"]
        ),
    )
    found = queries.rollup(made, unit(COMMUNE_A1))
    assert found.points_by_host == {"area": 1, "commune": 1}
    assert (found.areas_held, found.areas_total, found.coverage) == (1, 2, 50.0)
    assert found.sums["participants"] == 250 and found.sums["gifts_value_vnd"] == 3_000_000
    assert [e.host_type for e in found.not_reported] == ["commune"]
    province = queries.rollup(made, unit(PROVINCE_A))
    assert province.areas_total == 3  # two in Ba Đình, one in Ngọc Hà
    # Every commune of the province is listed, those without a point too (they have not organised yet).
    rows = {
        r["commune__key"]: (r["n"], r["done"], r["areas_held"], r["areas_total"]) for r in province.by_commune
    }
    assert rows[COMMUNE_A1] == (2, 1, 1, 2) and rows[COMMUNE_A2] == (0, 0, 0, 1)


def test_pages_have_a_constant_query_count(client_for, province_a_officer, sample_participants):
    made = campaign(province_a_officer)
    client = client_for(province_a_officer)
    urls = [
        reverse("festival:campaign", args=[made.pk]),
        reverse("festival:commune", args=[made.pk, COMMUNE_A1]),
        reverse("festival:calendar", args=[PROVINCE_A]) + "?nam=2026",
    ]
    counts = []
    for grow in (1, 6):
        _grow(made, province_a_officer, grow, tag=str(grow))
        row = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            row.append(len(ctx.captured_queries))
        counts.append(row)
    assert counts[0] == counts[1]
    assert max(counts[1]) <= 13


def test_plan_form_shows_the_window_when_the_date_is_outside(
    client_for, commune_a1_officer, province_a_officer, sample_participants
):
    made = campaign(province_a_officer)
    client = client_for(commune_a1_officer)
    url = reverse("festival:event_add", args=[made.pk, COMMUNE_A1])
    page = client.get(url)
    assert "is_pilot_point" not in page.content.decode()  # only the province chooses pilot points
    data = {
        "host_type": "area",
        "area": sample_participants["a1_areas"][0].pk,
        "date": "2026-09-01",
        "venue": "Nhà văn hóa",
        "ceremony_items": ["flag_salute"],
        "budget_vnd": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "01/07/2026 – 19/08/2026" in response.content.decode()
    assert not Event.objects.exists()
    response = client.post(url, {**data, "date": "2026-08-15", "is_anniversary_ceremony": "on"})
    event = Event.objects.get()
    assert response.status_code == 302 and response.url == reverse("festival:event", args=[event.pk])
    followed = client.get(response.url).content.decode()
    assert "không phải năm tròn" in followed


def test_result_form_refuses_negative_counts_and_saves(
    client_for, commune_a1_officer, province_a_officer, sample_participants
):
    event = area_event(campaign(province_a_officer), sample_participants["a1_areas"][0], commune_a1_officer)
    client = client_for(commune_a1_officer)
    url = reverse("festival:result", args=[event.pk])
    response = client.post(url, {"reported_on": "2026-08-12", "participants": "-5"})
    assert "không được âm" in response.content.decode()
    assert not EventResult.objects.exists()
    response = client.post(
        url, {"reported_on": "2026-08-12", "participants": "180", "weapons_handed_in": "3"}
    )
    assert response.status_code == 302
    result = EventResult.objects.get()
    assert (result.participants, result.weapons_handed_in, result.gifts_count) == (180, 3, 0)


def test_campaign_form_defaults_the_window(client_for, province_a_officer):
    client = client_for(province_a_officer)
    response = client.post(
        reverse("festival:campaign_add", args=[PROVINCE_A]),
        {"year": "2026", "theme": "Hướng về cơ sở", "plan_number": "số 87/kh-ubnd"},
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "01/07/2026 – 19/08/2026" in page and "87/KH-UBND" in page


def test_excel_export_is_audited(client_for, province_a_officer, sample_participants):
    made = campaign(province_a_officer)
    area_event(made, sample_participants["a1_areas"][0], province_a_officer)
    response = client_for(province_a_officer).get(reverse("festival:rollup_xlsx", args=[made.pk, PROVINCE_A]))
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Tổng hợp", "Theo xã", "Chưa báo cáo"]
    assert book["Chưa báo cáo"]["B2"].value == "Tổ dân phố số 1"
    assert AuditEntry.objects.filter(action="festival.exported", data__unit=PROVINCE_A).exists()


def test_calendar_and_ical_feed_list_the_points_in_view(
    client_for, province_a_officer, commune_b1_officer, sample_participants
):
    from icalendar import Calendar

    made = campaign(province_a_officer)
    event = area_event(made, sample_participants["a1_areas"][0], province_a_officer, day=dt.date(2026, 8, 12))
    client = client_for(province_a_officer)
    page = client.get(reverse("festival:calendar", args=[PROVINCE_A]) + "?nam=2026").content.decode()
    assert "12/08/2026" in page and "Tổ dân phố số 1" in page
    assert (
        "Tổ dân phố số 1"
        not in client.get(reverse("festival:calendar", args=[PROVINCE_A]) + "?nam=2025").content.decode()
    )
    response = client.get(reverse("festival:calendar_ics", args=[COMMUNE_A1]) + "?nam=2026")
    assert response["Content-Type"].startswith("text/calendar")
    parsed = Calendar.from_ical(response.content)
    items = list(parsed.walk("VEVENT"))
    assert [str(i["uid"]) for i in items] == [f"festival-event-{event.pk}@antq"]
    assert items[0].decoded("dtstart") == dt.date(2026, 8, 12)
    assert str(items[0]["url"]).endswith(reverse("festival:event", args=[event.pk]))
    assert (
        client_for(commune_b1_officer).get(reverse("festival:calendar_ics", args=[COMMUNE_A1])).status_code
        == 404
    )


def test_year_rollup_breaks_the_nation_down_by_province(
    client_for, national_admin, province_a_officer, commune_b1_officer, sample_participants
):
    hanoi = campaign(province_a_officer)
    area_event(hanoi, sample_participants["a1_areas"][0], province_a_officer)
    hcm = actions.create_campaign(
        unit("79"), by=national_admin, year=2026, theme="Hướng về cơ sở", plan_number="9/KH-UBND"
    )
    area_event(hcm, sample_participants["b1_area"], commune_b1_officer)
    nation = queries.year_rollup(2026, unit("VN"))
    assert nation.points == 2 and nation.areas_held == 2
    assert [(r["commune__key"], r["n"]) for r in nation.by_commune if r["n"]] == [("01", 1), ("79", 1)]
    assert (
        len(nation.by_commune) == unit("VN").children.filter(valid_to__isnull=True, is_legacy=False).count()
    )
    page = client_for(national_admin).get(reverse("festival:year", args=[2026, "VN"])).content.decode()
    assert "Thành phố Hồ Chí Minh" in page or "Hồ Chí Minh" in page
    assert queries.year_rollup(2025, unit("VN")).points == 0
