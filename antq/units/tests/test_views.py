import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.core.models import AuditEntry
from antq.testing.factories import OrganisationFactory, ResidentialAreaFactory
from antq.units.models import ResidentialArea, Unit

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("url", ["/don-vi/", "/don-vi/01/", "/don-vi/00004/", "/don-vi/tim-kiem/?q=ha noi"])
def test_query_count_does_not_grow_with_data(url, national_admin, client_for, sample_participants):
    client = client_for(national_admin)
    client.get(url)  # warm caches (content types, session)
    before, _ = queries_for(client, url)
    for commune in Unit.objects.current().filter(parent__key="01", is_legacy=False)[:20]:
        ResidentialAreaFactory.create_batch(3, commune=commune)
        OrganisationFactory.create_batch(2, commune=commune)
    after, _ = queries_for(client, url)
    assert after == before


def test_national_page_shows_provinces_with_counts(national_admin, client_for, sample_participants):
    _, response = queries_for(client_for(national_admin), "/don-vi/")
    html = response.content.decode()
    assert html.count('href="/don-vi/') >= 34
    assert "Thành phố Hà Nội" in html and "Tỉnh Thanh Hóa" in html
    rows = {r.unit.key: r for r in response.context["rows"]}
    assert len(rows) == 34
    assert rows["01"].communes == 126
    assert rows["01"].residential_areas == 3
    assert rows["79"].residential_areas == 1


def test_commune_officer_sees_their_commune_as_the_top_level(commune_a1_officer, client_for):
    _, response = queries_for(client_for(commune_a1_officer), "/don-vi/")
    assert [r.unit.key for r in response.context["rows"]] == ["00004"]


def test_commune_page_lists_participants_and_lineage(commune_a1_officer, client_for, sample_participants):
    _, response = queries_for(client_for(commune_a1_officer), "/don-vi/00004/")
    html = response.content.decode()
    assert "Tổ dân phố số 1" in html and "Trường THCS Phan Chu Trinh" in html
    assert "Hình thành từ" in html and "Phường Trúc Bạch" in html
    assert "Khu phố Bến Thành 1" not in html


def test_steering_member_reads_but_cannot_edit(steering_a1_member, client_for, sample_participants):
    client = client_for(steering_a1_member)
    html = client.get("/don-vi/00004/").content.decode()
    assert "/khu-dan-cu/them/" not in html
    assert client.post("/don-vi/00004/khu-dan-cu/them/", {"name": "X", "kind": "thon"}).status_code == 404


def test_officer_adds_and_edits_a_residential_area_with_history(commune_a1_officer, client_for):
    client = client_for(commune_a1_officer)
    response = client.post(
        "/don-vi/00004/khu-dan-cu/them/",
        {"name": "Tổ dân phố số 30", "kind": "to_dan_pho", "household_count": "140"},
    )
    assert response.status_code == 302
    area = ResidentialArea.objects.get(name="Tổ dân phố số 30")
    client.post(
        f"/don-vi/00004/khu-dan-cu/{area.pk}/sua/",
        {"name": "Tổ dân phố số 31", "kind": "to_dan_pho", "household_count": "141"},
    )
    area.refresh_from_db()
    assert area.name == "Tổ dân phố số 31"
    assert area.history.count() == 2
    assert area.history.first().history_user == commune_a1_officer
    actions = list(AuditEntry.objects.filter(target_id=str(area.pk)).values_list("action", "actor_unit"))
    assert ("units.residential_area.created", "Phường Ba Đình (Cán bộ Công an xã)") in actions


def test_duplicate_name_is_refused_in_vietnamese(commune_a1_officer, client_for, sample_participants):
    response = client_for(commune_a1_officer).post(
        "/don-vi/00004/khu-dan-cu/them/", {"name": "to dan pho so 1", "kind": "to_dan_pho"}
    )
    assert response.status_code == 200
    assert "Xã đã có khu dân cư tên" in response.content.decode()
    assert ResidentialArea.objects.filter(commune__key="00004").count() == 2


def test_invalid_tax_code_and_nul_bytes_are_refused(commune_a1_officer, client_for):
    client = client_for(commune_a1_officer)
    response = client.post(
        "/don-vi/00004/to-chuc/them/",
        {"name": "Công ty A", "kind": "enterprise", "managing_level": "commune", "tax_code": "12ab"},
    )
    assert "Mã số thuế gồm 10 chữ số" in response.content.decode()
    response = client.post(
        "/don-vi/00004/to-chuc/them/",
        {"name": "Công ty\x00A", "kind": "enterprise", "managing_level": "commune"},
    )
    assert response.status_code == 200
    assert not Unit.objects.get(key="00004").organisations.exists()


def test_search_finds_units_areas_and_legacy_on_request(national_admin, client_for, sample_participants):
    client = client_for(national_admin)
    html = client.get("/don-vi/tim-kiem/?q=ha noi").content.decode()
    assert "Thành phố Hà Nội" in html
    assert (
        "Tỉnh Hải Dương" not in client.get("/don-vi/tim-kiem/?q=hai duong").content.decode()
    )  # legacy on request
    assert "Tỉnh Hải Dương" in client.get("/don-vi/tim-kiem/?q=hai duong&cu=1").content.decode()
    assert "Khu phố Bến Thành 1" in client.get("/don-vi/tim-kiem/?q=ben thanh").content.decode()
    assert client.get("/don-vi/tim-kiem/?q=" + "a" * 500).status_code == 200


def test_search_as_you_type_returns_only_the_results_fragment(national_admin, client_for):
    response = client_for(national_admin).get("/don-vi/tim-kiem/?q=thanh hoa", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Tỉnh Thanh Hóa" in html
    assert "<html" not in html and "<nav" not in html


def test_export_is_a_real_workbook_and_is_audited(steering_a1_member, client_for, sample_participants):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for(steering_a1_member).get("/don-vi/00004/xuat-excel.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="danh-sach-00004.xlsx"'
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["Thông tin", "Khu dân cư", "Tổ chức"]
    areas = list(workbook["Khu dân cư"].iter_rows(min_row=2, values_only=True))
    assert areas == [(1, "Tổ dân phố số 1", "Tổ dân phố", 120), (2, "Tổ dân phố số 2", "Tổ dân phố", 120)]
    assert workbook["Tổ chức"]["B2"].value == "Trường THCS Phan Chu Trinh"
    entry = AuditEntry.objects.get(action="units.participants.exported")
    assert entry.actor == steering_a1_member


def test_long_lists_page_with_their_own_parameter(commune_a1_officer, client_for, monkeypatch):
    from antq.units import views

    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    commune = Unit.objects.get(key="00004")
    ResidentialAreaFactory.create_batch(7, commune=commune)
    OrganisationFactory.create_batch(6, commune=commune)
    client = client_for(commune_a1_officer)
    html = client.get("/don-vi/00004/").content.decode()
    assert "?kdc=2" in html and "?tc=2" in html
    second = client.get("/don-vi/00004/?kdc=2").context["areas"]
    assert second.number == 2 and len(second.object_list) == 2
