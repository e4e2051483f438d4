"""Background jobs of the reports, run by `manage.py db_worker`: long PDF and Excel renders."""

from django.tasks import task


@task()
def render_report(job_id: int) -> str:
    """Render the file of a queued report job; returns the job's status when it ends."""
    from antq.reports.jobs import run_job

    return run_job(job_id)
