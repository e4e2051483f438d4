"""Background jobs of the dashboards, run by the db_worker (enqueue from the operator's scheduler:
the current year every 30 minutes, the whole trend window nightly; docs/dashboards.md)."""

from django.tasks import task


@task()
def refresh_indicators(years: list[int] | None = None) -> dict[str, int]:
    """Recompute the indicator snapshot of `years` (default: the trend window); {year: rows}."""
    from antq.dashboards import snapshots

    return {str(y): rows for y, rows in snapshots.refresh(years).items()}
