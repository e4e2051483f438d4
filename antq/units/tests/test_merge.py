import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.testing.factories import ResidentialAreaFactory
from antq.units.actions import merge_units
from antq.units.models import Organisation, ResidentialArea, Unit

pytestmark = pytest.mark.django_db


def test_merge_command_moves_participants_and_records_the_link(sample_participants):
    call_command("merge_units", "00008", "--into", "00004", "--date", "01/01/2027", "--source", "NQ 1/2026")
    ngoc_ha = Unit.objects.get(key="00008")
    ba_dinh = Unit.objects.get(key="00004")
    assert ngoc_ha.valid_to == dt.date(2026, 12, 31)
    assert ResidentialArea.objects.get(pk=sample_participants["a2_area"].pk).commune == ba_dinh
    link = ba_dinh.predecessor_links.get(predecessor=ngoc_ha)
    assert (link.effective_date, link.source) == (dt.date(2027, 1, 1), "NQ 1/2026")
    entry = AuditEntry.objects.get(action="units.unit.merged")
    assert entry.data["residential_areas"] == 1
    assert ngoc_ha.history.count() >= 1  # field history of the retirement


def test_merge_refuses_name_clashes_and_writes_nothing(sample_participants):
    ResidentialAreaFactory(commune=Unit.objects.get(key="00008"), name="Tổ dân phố số 1")
    with pytest.raises(DomainError, match="Trùng tên"):
        merge_units(
            [Unit.objects.get(key="00008")], Unit.objects.get(key="00004"), effective=dt.date(2027, 1, 1)
        )
    assert Unit.objects.get(key="00008").valid_to is None
    assert ResidentialArea.objects.filter(commune__key="00008").count() == 2


def test_merge_of_provinces_rewrites_the_subtree_paths():
    old, into = Unit.objects.get(key="96"), Unit.objects.get(key="01")
    communes = old.children.count()
    merge_units([old], into, effective=dt.date(2027, 1, 1))
    assert (
        Unit.objects.filter(path__startswith="/VN/01/", level="commune", is_legacy=False).count()
        == 126 + communes
    )
    moved = Unit.objects.filter(parent=into).exclude(path__startswith="/VN/01/")
    assert not moved.exists()


@pytest.mark.parametrize(
    ("keys", "into", "message"),
    [
        (["00004"], "00004", "đồng thời"),
        (["01"], "00004", "không cùng cấp"),
        (["cu-x00001"], "00004", "không cùng cấp"),
        ([], "00004", "ít nhất"),
    ],
)
def test_merge_refuses_bad_requests(keys, into, message):
    with pytest.raises(DomainError, match=message):
        merge_units(
            [Unit.objects.get(key=k) for k in keys], Unit.objects.get(key=into), effective=dt.date(2027, 1, 1)
        )


def test_merge_command_reports_unknown_codes_and_bad_dates():
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("merge_units", "99999", "--into", "00004", "--date", "01/01/2027")
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command("merge_units", "00008", "--into", "00004", "--date", "2027-01-01")


def test_merged_organisations_follow(sample_participants):
    org = Organisation.objects.create(
        commune=Unit.objects.get(key="00008"), name="Công ty Ngọc Hà", kind="enterprise"
    )
    merge_units([Unit.objects.get(key="00008")], Unit.objects.get(key="00004"), effective=dt.date(2027, 1, 1))
    org.refresh_from_db()
    assert org.commune.key == "00004"
