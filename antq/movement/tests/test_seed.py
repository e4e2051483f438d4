import pytest
from django.core.management import call_command

from antq.accounts.demo import ensure_demo_accounts
from antq.movement.models import Document, ProgressReport, SteeringCommittee, Task
from antq.units.models import Unit

pytestmark = pytest.mark.django_db


def test_demo_seed_builds_the_national_plan_for_hanoi_and_is_idempotent(capsys):
    ensure_demo_accounts()
    call_command("seed_movement")
    communes = Unit.objects.current().filter(parent__key="01", level=Unit.Level.COMMUNE).count()
    plan = Document.objects.get(number_text="87/KH-BCĐ")
    assert plan.tasks.count() == 2 * communes
    assert SteeringCommittee.objects.get(unit__key="01").members.count() == 4
    assert Document.objects.get(number_text="656/KH-UBND").links_out.get().target == plan
    assert ProgressReport.objects.filter(task__unit__key="00004").count() == 2
    call_command("seed_movement")
    assert Task.objects.count() == 2 * communes
    assert "0 văn bản" in capsys.readouterr().out
