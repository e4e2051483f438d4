"""Monthly allowance: rates entered by the province (history kept), the commune's payment list,
its page (names for the police only), its audited Excel export and the API."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.forces import actions
from antq.forces.allowances import Month, payment_list
from antq.forces.models import AllowanceRate, Membership
from antq.forces.seed import seed_allowance_rates
from antq.forces.tests.helpers import person_data
from antq.units.models import Unit
from conftest import PROVINCE_A, PROVINCE_B

pytestmark = pytest.mark.django_db
NOV = Month(2026, 11)


@pytest.fixture
def hanoi(db):
    return Unit.objects.get(key=PROVINCE_A)


@pytest.fixture
def rates(hanoi, personas):
    admin = personas["national_admin"]
    for role, amount in (("leader", 3_100_000), ("deputy", 3_000_000), ("member", 2_900_000)):
        actions.set_allowance_rate(hanoi, by=admin, role=role, amount=amount, valid_from=date(2025, 1, 1))
    return hanoi


# --- Rates ---------------------------------------------------------------------------------------


def test_a_new_rate_closes_the_previous_one_and_keeps_it(rates, personas):
    officer = personas["province_a_officer"]
    actions.set_allowance_rate(
        rates, by=officer, role="member", amount=3_200_000, valid_from=date(2026, 11, 16), legal_basis="NQ 5"
    )
    history = list(AllowanceRate.objects.filter(province=rates, role="member").order_by("valid_from"))
    assert [(r.amount, r.valid_from, r.valid_to) for r in history] == [
        (2_900_000, date(2025, 1, 1), date(2026, 11, 15)),
        (3_200_000, date(2026, 11, 16), None),
    ]
    entry = AuditEntry.objects.filter(action="forces.allowance_rate.set").first()
    assert entry.data["amount"] == 3_200_000 and entry.data["previous"] == history[0].pk


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"valid_from": date(2025, 1, 1)}, "Đã có mức hỗ trợ áp dụng từ ngày 01/01/2025"),
        ({"valid_from": date(2024, 12, 1)}, "Đã có mức hỗ trợ áp dụng từ ngày 01/01/2025"),
        ({"amount": -1}, "Mức hỗ trợ phải là số đồng"),
        ({"amount": 2_000_000_000}, "Mức hỗ trợ phải là số đồng"),
        ({"role": "chief"}, "Chức danh không hợp lệ"),
        ({"legal_basis": "a\x00b"}, "ký tự không hợp lệ"),
    ],
)
def test_bad_rates_are_refused_and_nothing_changes(rates, personas, changes, message):
    before = list(AllowanceRate.objects.values_list("pk", "valid_to"))
    values = {"role": "member", "amount": 1, "valid_from": date(2026, 1, 1), "legal_basis": "", **changes}
    with pytest.raises(DomainError, match=message):
        actions.set_allowance_rate(rates, by=personas["national_admin"], **values)
    assert list(AllowanceRate.objects.values_list("pk", "valid_to")) == before


def test_rates_are_set_for_provinces_only(personas, a1):
    with pytest.raises(DomainError):
        actions.set_allowance_rate(
            a1, by=personas["national_admin"], role="member", amount=1, valid_from=date(2026, 1, 1)
        )


def test_hcmc_example_is_seeded_once():
    assert seed_allowance_rates() == 3
    assert seed_allowance_rates() == 0
    rows = dict(AllowanceRate.objects.filter(province__key=PROVINCE_B).values_list("role", "amount"))
    assert rows == {"leader": 6_500_000, "deputy": 6_300_000, "member": 6_000_000}


def rates_url(key):
    return reverse("forces:allowance_rates", args=[key])


def test_rates_page_lets_province_officers_enter_a_rate(client_for, personas, rates):
    client = client_for(personas["province_a_officer"])
    response = client.post(
        rates_url(PROVINCE_A),
        {"role": "leader", "amount": "3500000", "valid_from": "01/12/2026", "legal_basis": "NQ 9/2026"},
    )
    assert response.status_code == 302
    body = client.get(rates_url(PROVINCE_A)).content.decode()
    assert "3.500.000" in body or "3,500,000" in body
    assert "30/11/2026" in body  # the previous leader rate ends the day before


def test_rates_page_shows_the_action_refusal(client_for, personas, rates):
    response = client_for(personas["national_admin"]).post(
        rates_url(PROVINCE_A), {"role": "leader", "amount": "1", "valid_from": "01/01/2025"}
    )
    assert response.status_code == 200
    assert "Đã có mức hỗ trợ áp dụng từ ngày 01/01/2025" in response.content.decode()


def test_commune_officers_cannot_open_or_post_rates(client_for, personas, rates):
    client = client_for(personas["commune_a1_officer"])
    assert client.get(rates_url(PROVINCE_A)).status_code == 404
    assert client.post(rates_url(PROVINCE_A), {"role": "leader"}).status_code == 404
    # The province officer of Hà Nội sees no HCMC page.
    assert client_for(personas["province_a_officer"]).get(rates_url(PROVINCE_B)).status_code == 404


# --- Payment list --------------------------------------------------------------------------------


def test_payment_list_prorates_joins_leaves_and_role_changes(rates, full_team, officer, a1):
    team = full_team
    members = {m.role: m for m in Membership.objects.filter(team=team)}
    # The member leaves on 11/11 and comes back the same day as deputy: 10 + 20 days.
    actions.end_membership(
        members["member"], by=officer, left_on=date(2026, 11, 11), ground="voluntary", decision_ref="7/QĐ"
    )
    actions.add_member(
        team,
        by=officer,
        person=person_data(3),
        role="deputy",
        joined_on=date(2026, 11, 11),
        decision_ref="8/QĐ",
    )
    # A newcomer joins on 16/11: 15 days of 30.
    actions.add_member(
        team, by=officer, person=person_data(4), role="member", joined_on=date(2026, 11, 16), decision_ref="9"
    )
    plist = payment_list(a1, NOV)
    amounts = {line.person.citizen_id: (line.allowance.days, line.allowance.amount) for line in plist.lines}
    assert amounts == {
        "000000000001": (30, 3_100_000),
        "000000000002": (30, 3_000_000),
        "000000000003": (30, 2_966_667),  # 2,900,000 × 10/30 + 3,000,000 × 20/30 = 2,966,666.67
        "000000000004": (15, 1_450_000),
    }
    assert plist.total == 3_100_000 + 3_000_000 + 2_966_667 + 1_450_000
    assert [t.people for t in plist.teams] == [4]
    line = next(ln for ln in plist.lines if ln.person.citizen_id == "000000000003")
    assert line.role_label == "Tổ viên → Tổ phó"


def test_payment_list_without_rates_shows_days_and_a_warning(client_for, officer, full_team, a1):
    plist = payment_list(a1, NOV)
    assert plist.total == 0 and len(plist.unrated_lines) == 3
    body = client_for(officer).get(reverse("forces:allowances", args=[a1.key])).content.decode()
    assert 'data-testid="unrated"' in body and "Tỉnh chưa nhập mức hỗ trợ" in body


def test_month_parsing():
    assert Month.parse("2026-11") == NOV and Month.parse("11/2026") == NOV
    for bad in ("2026-13", "abc", "2024-06", "2026-12", "11/2027", "2026-1x"):
        assert Month.parse(bad) is None, bad


def allowances_url(commune, **params):
    return reverse("forces:allowances", args=[commune.key]), params


def test_page_shows_names_to_the_police_in_constant_queries(
    client_for, officer, rates, full_team, a1, django_assert_max_num_queries
):
    client = client_for(officer)
    url, _ = allowances_url(a1)
    client.get(url)
    with django_assert_max_num_queries(12) as captured:
        body = client.get(url, {"thang": "2026-11"}).content.decode()
    few = len(captured)
    assert "Nguyễn Văn Đức 1" in body and "000000000001" in body
    assert "9.000.000" in body or "9,000,000" in body  # 3,100,000 + 3,000,000 + 2,900,000
    for n in range(4, 14):
        actions.add_member(
            full_team,
            by=officer,
            person=person_data(n),
            role="member",
            joined_on=date(2026, 11, n),
            decision_ref="x",
        )
    with django_assert_max_num_queries(few):
        client.get(url, {"thang": "2026-11"})


def test_page_shows_team_totals_without_names_to_steering_members(client_for, personas, rates, full_team, a1):
    client = client_for(personas["steering_a1_member"])
    url, _ = allowances_url(a1)
    body = client.get(url, {"thang": "11/2026"}).content.decode()
    assert "Nguyễn Văn Đức" not in body and "000000000001" not in body
    assert "Tổ bảo vệ ANTT số 1" in body and ("9.000.000" in body or "9,000,000" in body)


def test_bad_month_falls_back_to_this_month_with_a_message(client_for, officer, a1):
    url, _ = allowances_url(a1)
    body = client_for(officer).get(url, {"thang": "2030-01"}).content.decode()
    assert "Tháng không hợp lệ" in body and "tháng 11/2026" in body


def test_export_opens_with_heading_rows_and_totals_and_is_audited(client_for, officer, rates, full_team, a1):
    response = client_for(officer).get(reverse("forces:allowances_xlsx", args=[a1.key]), {"thang": "2026-11"})
    assert response.status_code == 200
    assert "chi-ho-tro-00004-2026-11.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    text = " ".join(str(c) for row in cells for c in row if c is not None)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "CÔNG AN PHƯỜNG BA ĐÌNH" in text
    assert "DANH SÁCH CHI HỖ TRỢ HẰNG THÁNG" in text and "Tháng 11/2026 (30 ngày)" in text
    people = [row for row in cells if row[0] in (1, 2, 3)]
    assert [(row[1], row[2], row[5], row[7]) for row in people] == [
        ("Nguyễn Văn Đức 1", "000000000001", 30, 3_100_000),
        ("Nguyễn Văn Đức 2", "000000000002", 30, 3_000_000),
        ("Nguyễn Văn Đức 3", "000000000003", 30, 2_900_000),
    ]
    total = next(row for row in cells if row[1] == "Tổng cộng")
    assert total[5] == 90 and total[7] == 9_000_000
    entry = AuditEntry.objects.get(action="forces.allowance.exported")
    assert entry.data == {"month": "2026-11", "people": 3, "total": 9_000_000, "personal": True}


def test_export_for_steering_members_has_team_totals_only(client_for, personas, rates, full_team, a1):
    response = client_for(personas["steering_a1_member"]).get(
        reverse("forces:allowances_xlsx", args=[a1.key])
    )
    sheet = load_workbook(BytesIO(response.content)).active
    text = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None)
    assert "Nguyễn Văn Đức" not in text and "000000000001" not in text
    assert "Tổ bảo vệ ANTT số 1" in text
    assert AuditEntry.objects.get(action="forces.allowance.exported").data["personal"] is False


# --- API -----------------------------------------------------------------------------------------


def api_get(client, user, path):
    from antq.accounts.models import ApiToken

    token = ApiToken.issue(user, "t")[1]
    return client.get(f"/api/v1/forces{path}", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_api_payment_list_has_names_for_the_police_only(client, personas, rates, full_team, a1):
    police = api_get(
        client, personas["commune_a1_officer"], f"/communes/{a1.key}/allowances?month=2026-11"
    ).json()
    assert police["total"] == 9_000_000 and police["days_in_month"] == 30
    assert {line["citizen_id"] for line in police["lines"]} == {
        "000000000001",
        "000000000002",
        "000000000003",
    }
    steering = api_get(client, personas["steering_a1_member"], f"/communes/{a1.key}/allowances?month=2026-11")
    assert steering.json()["lines"] is None and steering.json()["teams"][0]["amount"] == 9_000_000
    bad = api_get(client, personas["commune_a1_officer"], f"/communes/{a1.key}/allowances?month=2026-13")
    assert bad.status_code == 400 and "Tháng không hợp lệ" in bad.json()["detail"]


def test_api_rates_history(client, personas, rates):
    rows = api_get(client, personas["province_a_officer"], f"/provinces/{PROVINCE_A}/allowance-rates").json()
    assert {(r["role"], r["amount"]) for r in rows} == {
        ("leader", 3_100_000),
        ("deputy", 3_000_000),
        ("member", 2_900_000),
    }


def test_rates_link_only_for_those_who_may_open_the_rates_page(client_for, personas, a1):
    url = reverse("forces:allowances", args=[a1.key])
    rates_link = rates_url(PROVINCE_A)
    assert rates_link not in client_for(personas["commune_a1_officer"]).get(url).content.decode()
    assert rates_link in client_for(personas["province_a_officer"]).get(url).content.decode()
