"""The indicator dashboard, its Excel and the tile-grid map: scope, drill-down, query counts."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from antq.assessments.models import CommuneTally, SubjectType
from antq.assessments.tests.cycles import cycle_2026
from antq.dashboards import tilemap
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A, PROVINCE_B, login


@pytest.fixture
def tallies(db):
    cycle = cycle_2026()
    area = SubjectType.RESIDENTIAL_AREA
    # Distinct numbers per commune, so a figure on a page says where it came from.
    for key, subjects in ((COMMUNE_A1, 1111), (COMMUNE_A2, 2222), (COMMUNE_B1, 7777)):
        commune = Unit.objects.get(key=key)
        CommuneTally.objects.create(
            cycle=cycle, commune=commune, subject_type=area, subjects=subjects, registered=10, recognised=5
        )


def _board(client, user, key, **params):
    return login(client, user).get(reverse("dashboards:board", args=[key]), {"ky": "2026", **params})


@pytest.mark.parametrize(
    ("persona", "key", "status"),
    [
        ("national_admin", "VN", 200),
        ("national_admin", PROVINCE_B, 200),
        ("province_a_officer", "VN", 404),
        ("province_a_officer", PROVINCE_A, 200),
        ("province_a_officer", COMMUNE_A2, 200),
        ("province_a_officer", PROVINCE_B, 404),
        ("commune_a1_officer", COMMUNE_A1, 200),
        ("commune_a1_officer", COMMUNE_A2, 404),
        ("commune_a1_officer", PROVINCE_A, 404),
        ("commune_b1_officer", COMMUNE_A1, 404),
    ],
)
def test_scope(client, personas, persona, key, status):
    assert _board(client, personas[persona], key).status_code == status


def test_commune_dashboard_never_shows_another_communes_figures(client, commune_a1_officer, tallies):
    page = _board(client, commune_a1_officer, COMMUNE_A1, **{"chi-so": "assessments.subjects"})
    html = page.content.decode()
    assert "1.111" in html or "1,111" in html or "1111" in html
    # The province above appears only as its aggregate (1111 + 2222), never A2's own number.
    assert "3.333" in html or "3,333" in html or "3333" in html
    for other in ("2.222", "2,222", "2222", "7.777", "7,777", "7777", "8.888"):
        assert other not in html
    assert COMMUNE_A2 not in html


def test_province_dashboard_lists_its_communes_sorted_in_the_heat_table(client, province_a_officer, tallies):
    page = _board(client, province_a_officer, PROVINCE_A, **{"chi-so": "assessments.subjects"})
    html = page.content.decode()
    assert html.index(f'data-testid="child-{COMMUNE_A2}"') < html.index(f'data-testid="child-{COMMUNE_A1}"')
    assert "7777" not in html and "7.777" not in html  # the other province's commune


def test_excel_has_indicators_and_units_below(client, national_admin, tallies):
    login(client, national_admin)
    response = client.get(reverse("dashboards:board_export", args=[PROVINCE_A]), {"ky": "2026"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert rows["assessments.subjects"][3] == 3333
    assert rows["assessments.subjects"][4] == 11110  # the nation
    children = list(book.worksheets[1].iter_rows(values_only=True))
    assert len(children) == 1 + Unit.objects.current().filter(parent__key=PROVINCE_A).count()


def test_map_colours_only_provinces_in_scope(client, province_a_officer, national_admin, tallies):
    login(client, province_a_officer)
    html = client.get(
        reverse("dashboards:map"), {"chi-so": "assessments.subjects", "ky": "2026"}
    ).content.decode()
    assert reverse("dashboards:board", args=[PROVINCE_A]) in html
    assert reverse("dashboards:board", args=[PROVINCE_B]) not in html
    assert "7777" not in html and "7.777" not in html
    login(client, national_admin)
    html = client.get(reverse("dashboards:map"), {"chi-so": "assessments.subjects"}).content.decode()
    assert html.count('class="tile heat-') == 34


def test_grid_places_every_current_province_once(db):
    places = tilemap.grid()
    codes = set(Unit.objects.current().filter(level=Unit.Level.PROVINCE).values_list("code", flat=True))
    assert set(places) == codes and len(codes) == 34
    assert len(set(places.values())) == 34


def test_query_counts_do_not_grow_with_children(
    client, national_admin, tallies, django_assert_max_num_queries
):
    login(client, national_admin)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as commune:
        client.get(reverse("dashboards:board", args=[COMMUNE_A1]))
    with CaptureQueriesContext(connection) as province:
        client.get(reverse("dashboards:board", args=[PROVINCE_A]))
    with django_assert_max_num_queries(len(province) + 5):
        client.get(reverse("dashboards:board", args=["VN"]))
    assert len(province) <= len(commune) + 16  # one grouped query more per source for the communes
    with django_assert_max_num_queries(20):
        client.get(reverse("dashboards:map"))


def test_commendations_by_form_with_the_level_above_on_page_and_in_excel(client, commune_a1_officer):
    import datetime as dt

    from antq.awards.models import AwardForm, Decision, Nominee, Proposal

    province = Unit.objects.get(key=PROVINCE_A)
    a1, a2 = Unit.objects.get(key=COMMUNE_A1), Unit.objects.get(key=COMMUNE_A2)
    merit = AwardForm.objects.get(code="certificate_of_merit")
    provincial = AwardForm.objects.get(code="provincial_certificate_of_merit")

    def decided(proposer: Unit, form: AwardForm, kinds: list[str], issued_on: dt.date) -> None:
        decision = Decision.objects.create(
            issuer=province, form=form, number="1/QĐ-UBND", issued_on=issued_on, signer_name="A",
            signer_title="CHỦ TỊCH", place="Hà Nội", created_by=commune_a1_officer,
        )  # fmt: skip
        proposal = Proposal.objects.create(
            proposer=proposer, reviewer=province, form=form, year=issued_on.year, achievement="x",
            source_type="ad_hoc", status="decided", decision=decision, created_by=commune_a1_officer,
        )  # fmt: skip
        for i, kind in enumerate(kinds):
            Nominee.objects.create(proposal=proposal, kind=kind, name=f"Người {i}")

    decided(a1, provincial, ["collective", "collective", "individual"], dt.date(2026, 5, 2))
    decided(a1, merit, ["individual"], dt.date(2026, 6, 2))
    decided(a2, provincial, ["individual"], dt.date(2026, 7, 2))
    decided(a1, merit, ["individual"] * 5, dt.date(2025, 6, 2))  # another year: not counted
    page = _board(client, commune_a1_officer, COMMUNE_A1)
    assert page.context["board"].by_form == [(provincial.name, 3, 4), (merit.name, 1, 1)]
    card = page.content.decode().split('data-testid="awards-by-form"')[1].split("</table>")[0]
    assert provincial.name in card and merit.name in card
    workbook = client.get(reverse("dashboards:board_export", args=[COMMUNE_A1]), {"ky": "2026"})
    sheet = load_workbook(io.BytesIO(workbook.content))["Chỉ số"]
    rows = [r for r in sheet.iter_rows(values_only=True) if r[1] in (provincial.name, merit.name)]
    assert [(r[1], r[3], r[4]) for r in rows] == [(provincial.name, 3, 4), (merit.name, 1, 1)]


def test_map_svg_holds_only_svg_and_text_even_without_figures(client, national_admin):
    """An HTML element inside SVG <text> (e.g. the "—" of a missing value in a <span>) makes the HTML
    parser leave the SVG: every tile after the first was drawn as loose text under the map."""
    import re

    html = login(client, national_admin).get(reverse("dashboards:map"), {"ky": "2026"}).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    tags = set(re.findall(r"<([a-zA-Z]+)", svg))
    assert tags <= {"svg", "a", "g", "title", "rect", "text"}, tags
    assert svg.count("<rect") == 34
