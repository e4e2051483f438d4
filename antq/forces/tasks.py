"""Background jobs of the force, run by `manage.py db_worker`: the roster import (dry run, then commit)."""

from django.tasks import task


@task()
def run_roster_import(job_id: int) -> str:
    """Run the queued step of a roster import job; returns the job's status when it ends."""
    from antq.forces.roster_imports import run_job

    return run_job(job_id)
