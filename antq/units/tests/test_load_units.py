import pytest
from django.core.management import call_command

from antq.core.models import AuditEntry
from antq.units.actions import load_national_units
from antq.units.models import Unit, UnitSuccession

pytestmark = pytest.mark.django_db


def test_current_map_has_34_provinces_and_3321_communes():
    current = Unit.objects.current().filter(is_legacy=False)
    assert current.filter(level="province").count() == 34
    communes = current.filter(level="commune")
    assert communes.count() == 3321
    assert communes.filter(kind="xa").count() == 2621
    assert communes.filter(kind="phuong").count() == 687
    assert communes.filter(kind="dac_khu").count() == 13


def test_legacy_map_is_retired_on_30_06_2025():
    legacy = Unit.objects.legacy()
    assert legacy.filter(level="province").count() == 63
    assert legacy.filter(level="district").count() == 696
    assert legacy.filter(level="commune").count() == 10051
    assert not legacy.filter(valid_to__isnull=True).exists()
    assert set(legacy.values_list("valid_to", flat=True)) == {Unit.objects.legacy().first().valid_to}
    assert Unit.objects.legacy().first().valid_to.isoformat() == "2025-06-30"


def test_official_codes_and_paths():
    hanoi = Unit.objects.get(key="01")
    ba_dinh = Unit.objects.get(key="00004")
    assert (hanoi.name, hanoi.kind) == ("Thành phố Hà Nội", "thanh_pho_tw")
    assert ba_dinh.parent == hanoi
    assert ba_dinh.path == "/VN/01/00004/"
    assert Unit.objects.filter(path__startswith=hanoi.path, level="commune", is_legacy=False).count() == 126


def test_load_units_is_idempotent(capsys):
    before = (Unit.objects.count(), UnitSuccession.objects.count())
    stats = load_national_units()
    assert (stats.created, stats.updated, stats.links_created) == (0, 0, 0)
    assert (Unit.objects.count(), UnitSuccession.objects.count()) == before
    call_command("load_units")
    assert "tạo mới 0" in capsys.readouterr().out


def test_load_units_repairs_a_renamed_unit():
    Unit.objects.filter(key="00004").update(name="Sai tên")
    stats = load_national_units()
    assert stats.updated == 1
    assert Unit.objects.get(key="00004").name == "Phường Ba Đình"
    assert AuditEntry.objects.filter(action="units.national_map.loaded").exists()


def test_lineage_of_a_new_commune_and_of_an_old_ward():
    ba_dinh = Unit.objects.get(key="00004")
    sources = set(ba_dinh.predecessor_links.values_list("predecessor__name", flat=True))
    assert {"Phường Trúc Bạch", "Phường Quán Thánh", "Phường Điện Biên"} <= sources
    # Old ward 00016 (Phường Ngọc Hà) was split between the new Ba Đình and Ngọc Hà.
    split = Unit.objects.get(key="cu-x00016")
    successors = set(split.successor_links.values_list("successor__key", flat=True))
    assert successors == {"00004", "00008"}
    assert split.successor_links.filter(partial=True).count() == 2


def test_old_provinces_link_to_new_ones():
    hanoi_successors = Unit.objects.get(key="cu-t01").successor_links.values_list("successor__key", flat=True)
    assert list(hanoi_successors) == ["01"]
    # Tỉnh Hải Dương merged into Thành phố Hải Phòng.
    assert (
        Unit.objects.get(key="cu-t30").successor_links.filter(successor__name="Thành phố Hải Phòng").exists()
    )
    # A retired district hands over to the new province of its wards.
    assert Unit.objects.get(key="cu-h001").successor_links.filter(successor__key="01").exists()
