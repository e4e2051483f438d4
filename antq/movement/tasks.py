"""Background jobs of the movement, run by the db_worker (enqueue daily from the operator's scheduler)."""

from django.tasks import task


@task()
def notify_overdue_tasks() -> int:
    """Notify each overdue task once; returns how many were notified in this run."""
    from antq.movement.actions import notify_overdue_tasks as run

    return run()
