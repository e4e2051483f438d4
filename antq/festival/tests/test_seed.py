import pytest
from django.core.management import call_command

from antq.accounts.demo import ensure_demo_accounts
from antq.festival.models import Campaign, Event, EventResult
from antq.units.models import ResidentialArea, Unit

pytestmark = pytest.mark.django_db


def test_demo_seed_builds_hanoi_2026_with_points_in_ba_dinh_and_is_idempotent(capsys):
    ensure_demo_accounts()
    badinh = Unit.objects.get(key="00004")
    for name in ("Tổ dân phố số 1", "Tổ dân phố số 2"):
        ResidentialArea.objects.create(commune=badinh, name=name, kind="to_dan_pho")
    call_command("seed_festival")
    campaign = Campaign.objects.get(province__key="01", year=2026)
    assert campaign.plan_number == "152/KH-UBND"
    assert Event.objects.filter(campaign=campaign, commune=badinh).count() == 3
    assert EventResult.objects.count() == 2
    assert Event.objects.get(host_type="commune").is_pilot_point
    call_command("seed_festival")
    assert Event.objects.count() == 3
    assert "thêm 0 mục" in capsys.readouterr().out.splitlines()[-1]
