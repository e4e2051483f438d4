"""Long renders (a province's or the nation's report over many units) run by the background worker.

`request_render` records a `RenderJob` and hands it to `manage.py db_worker` once the transaction has
committed; `run_job` renders the file with `exports`, writing its progress on the job row (no long
transaction is open while rendering, so the page's poll sees it), and stores the file under
MEDIA_ROOT/reports/ with a random name. Nothing under MEDIA_ROOT is served by URL: the download view
checks the report's scope.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.models import User
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.reports import exports
from antq.reports.models import RenderJob, Report

logger = logging.getLogger(__name__)


def directory() -> Path:
    return Path(settings.MEDIA_ROOT) / "reports"


def path_of(job: RenderJob) -> Path:
    return directory() / job.file_name


@transaction.atomic
def request_render(report: Report, *, fmt: str, by: User) -> RenderJob:
    """Queue the rendering of the report as `fmt` ("pdf" or "xlsx"); the worker writes the file."""
    if fmt not in RenderJob.Format.values:
        raise DomainError(_("Định dạng tệp không hợp lệ."))
    job = RenderJob.objects.create(
        report=report, format=fmt, created_by=by, total=max(1, exports.appendix_rows(report))
    )
    log_action(report, "reports.render.requested", actor=by, data={"format": fmt, "job": job.pk})
    from antq.reports.tasks import render_report

    transaction.on_commit(lambda: render_report.enqueue(job.pk))
    return job


def run_job(job_id: int) -> str:
    """Render the file of a queued job; the job row says how it ended."""
    job = RenderJob.objects.select_related("report__definition", "report__unit__parent").get(pk=job_id)
    if job.status != RenderJob.Status.QUEUED:
        return job.status
    RenderJob.objects.filter(pk=job.pk).update(status=RenderJob.Status.RUNNING)

    def progress(done: int, total: int) -> None:
        RenderJob.objects.filter(pk=job.pk).update(processed=done, total=total)

    target = directory()
    name = f"{uuid.uuid4().hex}.{job.format}"
    try:
        render = exports.report_pdf if job.format == RenderJob.Format.PDF else exports.report_xlsx
        data = render(job.report, progress)
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        (target / name).write_bytes(data)
    except Exception:
        logger.exception("report render %s failed", job.pk)
        (target / name).unlink(missing_ok=True)
        RenderJob.objects.filter(pk=job.pk).update(
            status=RenderJob.Status.FAILED,
            message=_("Không xuất được tệp báo cáo. Hãy thử lại hoặc báo quản trị hệ thống."),
            finished_at=timezone.now(),
        )
        return RenderJob.Status.FAILED
    RenderJob.objects.filter(pk=job.pk).update(
        status=RenderJob.Status.DONE, file_name=name, processed=F("total"), finished_at=timezone.now()
    )
    return RenderJob.Status.DONE
