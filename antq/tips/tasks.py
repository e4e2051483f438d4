"""Background jobs of tips (django.tasks): the daily deadline check and the retention sweep."""

from django.tasks import task

from antq.tips import actions


@task()
def daily_tip_check() -> dict[str, dict[str, int]]:
    return {"deadlines": actions.check_deadlines(), "retention": actions.apply_retention()}
