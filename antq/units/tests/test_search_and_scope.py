import pytest

from antq.core.text import fold
from antq.units.models import ResidentialArea, Unit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thành phố Hà Nội", "thanh pho ha noi"),
        ("Thanh Hóa", "thanh hoa"),
        ("ĐẮK LẮK", "dak lak"),
        ("  Phường   Ba Đình ", "phuong ba dinh"),
        ("", ""),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("ha noi", "Thành phố Hà Nội"),
        ("thanh hoa", "Tỉnh Thanh Hóa"),
        ("HÀ NỘI", "Thành phố Hà Nội"),
        ("dak lak", "Tỉnh Đắk Lắk"),
    ],
)
def test_search_ignores_accents(query, name):
    assert name in set(
        Unit.objects.current().filter(level="province").search(query).values_list("name", flat=True)
    )


def test_visible_to_scopes_by_subtree(personas):
    units = Unit.objects.current().filter(is_legacy=False)
    assert units.visible_to(personas["national_admin"]).filter(level="commune").count() == 3321
    assert units.visible_to(personas["province_a_officer"]).filter(level="commune").count() == 126
    assert list(units.visible_to(personas["commune_a1_officer"]).values_list("key", flat=True)) == ["00004"]
    assert units.visible_to(None).count() == 0


def test_retired_units_are_visible_through_their_successor(personas):
    legacy_seen = Unit.objects.legacy().visible_to(personas["commune_a1_officer"])
    assert legacy_seen.filter(key="cu-x00004").exists()  # Trúc Bạch -> Ba Đình
    assert not legacy_seen.filter(key="cu-t79").exists()
    assert (
        not Unit.objects.legacy().visible_to(personas["commune_b1_officer"]).filter(key="cu-x00004").exists()
    )


def test_participants_are_scoped_through_their_commune(personas, sample_participants):
    names = set(
        ResidentialArea.objects.visible_to(personas["province_a_officer"]).values_list("name", flat=True)
    )
    assert "Khu phố Bến Thành 1" not in names
    assert {"Tổ dân phố số 1", "Tổ dân phố Ngọc Hà 1"} <= names
    assert ResidentialArea.objects.visible_to(personas["commune_b1_officer"]).count() == 1
