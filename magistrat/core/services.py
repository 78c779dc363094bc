"""Writes of the core app's own records. Export jobs are technical records (who asked for which
file, and its progress), not domain records, so they are not in the change log; every write of
them is here all the same, so there is one write path (core.export_jobs orchestrates the work)."""

import datetime

from django.utils import timezone

from .models import ExportJob

KEPT_FOR = datetime.timedelta(days=1)


def export_job_create(*, user, target: type, channel: str, params: list, organization, fmt: str,
                      title: str, total: int, back_url: str = "") -> ExportJob:
    """Record the export and queue it for the worker (`back_url`: the list it came from)."""
    from .export_jobs import run_export_job

    export_jobs_forget_old(user=user)
    job = ExportJob.objects.create(
        user=user, target=f"{target.__module__}.{target.__qualname__}", channel=channel,
        params=[[key, value] for key, value in params], organization=organization, format=fmt,
        title=title[:200], rows_total=total, back_url=back_url[:2000])
    run_export_job.enqueue(job.pk)
    return job


def export_jobs_forget_old(*, user) -> None:
    """A user's finished exports are kept a day; their files are then removed."""
    old = ExportJob.objects.filter(user=user, created_at__lt=timezone.now() - KEPT_FOR)
    for job in old.exclude(status__in=ExportJob.RUNNING):
        job.file.delete(save=False)
        job.delete()


def export_job_claim(*, job: ExportJob) -> bool:
    """Take a queued job for this worker; False when another worker (or a retry) has it."""
    claimed = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, updated_at=timezone.now())
    if claimed:
        job.status = ExportJob.Status.RUNNING
    return bool(claimed)


def export_job_progress(*, job: ExportJob, done: int) -> None:
    ExportJob.objects.filter(pk=job.pk).update(rows_done=min(done, job.rows_total))


def export_job_finish(*, job: ExportJob, file_name: str = "", failure: str = "") -> ExportJob:
    """Done with its file (already written to `job.file`), or failed with a reason the user reads."""
    if failure:
        job.status, job.failure = ExportJob.Status.FAILED, failure
    else:
        job.status, job.file_name, job.rows_done = ExportJob.Status.DONE, file_name, job.rows_total
    job.finished_at = timezone.now()
    job.save()
    return job
