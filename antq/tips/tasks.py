"""Background jobs of tips (django.tasks): the daily check (intakes the relay missed, deadlines, retention).

New tips are finished by the intake relay (`manage.py finish_tip_intake --follow`), not by one job
each: queueing a job cost the public submission a second INSERT (benchmarks/tips.py)."""

import datetime as dt

from django.conf import settings
from django.tasks import task

from antq.tips import actions


@task()
def daily_tip_check() -> dict[str, dict[str, int]]:
    grace = dt.timedelta(minutes=settings.ANTQ_TIPS_INTAKE_GRACE_MINUTES)
    return {
        "intake": {"finished": actions.finish_pending_intakes(grace=grace)},
        "deadlines": actions.check_deadlines(),
        "retention": actions.apply_retention(),
    }
