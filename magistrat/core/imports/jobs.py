"""Import jobs: an uploaded file, checked and then written by the domain's import service —
at once for a small file, or by a background task (django-tasks, database backend) for a large
one, so no web request waits. The state lives in `core.ImportJob`; the page polls it."""

import datetime
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from magistrat.core.exceptions import AccessDenied
from magistrat.core.models import ImportJob

from .reading import ImportFileError, count_rows, sniff_kind
from .report import ImportReport, RowError

logger = logging.getLogger(__name__)
VALIDATE, WRITE = "validate", "write"


@dataclass(frozen=True)
class ImportKind:
    """What a domain declares to take part in web/API imports (settings.IMPORT_KINDS)."""

    name: str
    label: object                                   # "equipment", lazily translated
    permission: str                                 # e.g. "asset.change"
    # run(*, user, job, source, dry_run, progress) -> ImportReport: calls the domain's service.
    run: Callable
    # The list of imported records (a URL), and the page the import was started from.
    done_url: Callable = lambda job: ""
    back_url: Callable = lambda job: ""
    back_label: Callable = lambda job: ""

    def require(self, user, organization) -> None:
        from magistrat.organizations import access

        access.require(user, self.permission, organization)


def import_kind(name: str) -> ImportKind:
    try:
        return import_string(settings.IMPORT_KINDS[name])
    except KeyError:
        raise ValidationError(_("Unknown import “%(kind)s”.") % {"kind": name}) from None


# --- Uploads ---------------------------------------------------------------------------------

def check_upload(upload) -> None:
    """Size and type by content (CSV text or an XLSX workbook), with a clear error otherwise."""
    if upload is None:
        raise ValidationError({"file": [_("Choose a file.")]})
    limit = settings.IMPORT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError({"file": [_("The file is larger than %(size)s MB; split it into "
                                          "smaller files.") % {"size": limit // (1024 * 1024)}]})
    if upload.size == 0:
        raise ImportFileError(_("The file is empty."))
    data = upload.read()          # at most IMPORT_MAX_BYTES: told by content, not by name
    upload.seek(0)
    sniff_kind(data)


# --- Jobs ------------------------------------------------------------------------------------

def job_create(*, user, kind: str, organization, upload: UploadedFile, options: dict | None = None,
               target_id: int | None = None) -> ImportJob:
    """Keep the uploaded file in the data directory and record the job (nothing imported yet)."""
    import_kind(kind).require(user, organization)
    check_upload(upload)
    _forget_stale(user)
    name = Path(getattr(upload, "name", "") or "import").name
    job = ImportJob(organization=organization, kind=kind, target_id=target_id,
                    user=user if getattr(user, "pk", None) else None,
                    user_name=getattr(user, "username", "") or "", file_name=name[:255],
                    options=options or {}, status=ImportJob.Status.QUEUED)
    job.file.save(get_valid_filename(name)[-80:] or "import", upload, save=False)
    job.save()
    return job


STALE_AFTER = datetime.timedelta(days=1)


def _forget_stale(user) -> None:
    """Files of imports left unconfirmed (or with errors) for a day are deleted from the data
    directory; their reports stay readable."""
    stale = ImportJob.objects.filter(user_id=getattr(user, "pk", None), file__gt="",
                                     status__in=[ImportJob.Status.READY, ImportJob.Status.INVALID],
                                     created_at__lt=timezone.now() - STALE_AFTER)
    for job in stale:
        job.file.delete(save=False)
        if job.status == ImportJob.Status.READY:
            job.status = ImportJob.Status.FAILED
            job.failure = _("Not confirmed within a day; the file was removed. Upload it again.")
        job.save()


def job_start(job: ImportJob, phase: str = VALIDATE, *, background: bool | None = None) -> ImportJob:
    """Run a phase now, or — for a large file — queue it for the worker."""
    if background is None:
        background = job.in_background or _is_large(job)
    if not background:
        return job_run(job.pk, phase)
    from .tasks import run_import_job

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED, in_background=True,
                                               rows_done=0)
    run_import_job.enqueue(job.pk, phase)
    job.refresh_from_db()
    return job


def _is_large(job: ImportJob) -> bool:
    """Whether to send the file to the worker. The count is an estimate (it includes the header
    and title rows), so it is not shown: the progress line waits for the checked rows' count."""
    with job.file.open("rb") as handle:
        rows = count_rows(handle.read())
    return rows is None or rows > settings.IMPORT_BACKGROUND_ROWS


def job_run(job_id: int, phase: str) -> ImportJob:
    """Check (VALIDATE) or import (WRITE) a job's file; what the task and small uploads run."""
    job = ImportJob.objects.select_related("organization", "user").get(pk=job_id)
    expected = {VALIDATE: (ImportJob.Status.QUEUED,),
                WRITE: (ImportJob.Status.READY, ImportJob.Status.QUEUED)}[phase]
    if job.status not in expected:
        return job
    job.status = ImportJob.Status.VALIDATING if phase == VALIDATE else ImportJob.Status.WRITING
    job.rows_done = 0
    job.save(update_fields=["status", "rows_done", "updated_at"])
    progress = JobProgress(job)
    try:
        if job.user is None or not job.user.is_active:
            raise AccessDenied("the account that started the import is gone")
        with job.file.open("rb") as handle:
            source = handle.read()
        report = import_kind(job.kind).run(user=job.user, job=job, source=source,
                                           dry_run=phase == VALIDATE, progress=progress)
    except ImportFileError as exc:
        report = ImportReport(kind=job.kind, errors=[RowError(None, "", exc.text)])
    except ValidationError as exc:
        report = ImportReport(kind=job.kind, errors=[RowError(None, "", m) for m in exc.messages])
    except AccessDenied:
        return _finish(job, ImportJob.Status.FAILED, failure=_(
            "You may no longer import into this organization."))
    except Exception as exc:  # noqa: BLE001 - a job must end in a state the user can read
        logger.exception("import job %s failed", job.pk)
        return _finish(job, ImportJob.Status.FAILED, failure=_(
            "The import stopped unexpectedly (%(error)s); nothing was saved.")
            % {"error": exc.__class__.__name__})
    if report.errors:
        status = ImportJob.Status.INVALID
    elif phase == WRITE:
        status = ImportJob.Status.DONE
    else:
        status = ImportJob.Status.READY
    job = _finish(job, status, report=report)
    if status == ImportJob.Status.READY and job.options.get("then_write"):
        return job_run(job.pk, WRITE)
    return job


def _finish(job: ImportJob, status: str, *, report: ImportReport | None = None,
            failure: str = "") -> ImportJob:
    job.status = status
    job.failure = failure
    if report is not None:
        job.report = report.as_dict()
        job.rows_total = report.total_rows
        job.rows_done = report.total_rows
    if status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
        job.finished_at = timezone.now()
        if job.file:
            job.file.delete(save=False)
    job.save()
    JobProgress(job).clear()
    return job


def job_report(job: ImportJob) -> ImportReport:
    return ImportReport.from_dict(job.report)


def job_list(*, user):
    """The jobs a user started (installation administrators see every job)."""
    from magistrat.organizations import access

    jobs = ImportJob.objects.select_related("organization")
    return jobs if access.is_superuser(user) else jobs.filter(user_id=getattr(user, "pk", None))


# --- Progress --------------------------------------------------------------------------------

class JobProgress:
    """Rows done/total of a running job. Checking updates the job row; writing happens in one
    transaction other requests cannot see into, so its progress goes to a small file beside
    the upload instead."""

    def __init__(self, job: ImportJob):
        self.job = job
        self.path = Path(settings.MEDIA_ROOT) / "imports" / "progress" / f"{job.pk}.json"

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase == "validating":
            ImportJob.objects.filter(pk=self.job.pk).update(rows_done=done, rows_total=total)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"phase": phase, "done": done, "total": total}))
        os.replace(temporary, self.path)

    def read(self) -> tuple[int, int | None]:
        try:
            data = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return self.job.rows_done, self.job.rows_total
        return data["done"], data["total"]

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def job_progress(job: ImportJob) -> tuple[int, int | None, int]:
    """(rows done, rows in total, percent) as the progress element shows them."""
    done, total = JobProgress(job).read() if job.running else (job.rows_done, job.rows_total)
    percent = min(100, int(done * 100 / total)) if total else 0
    return done, total, percent


def job_confirm(*, user, job: ImportJob) -> ImportJob:
    """The user saw the preview and wants the rows written: now, or by the worker."""
    if job.user_id != getattr(user, "pk", None):
        raise AccessDenied("only the user who started the import confirms it")
    import_kind(job.kind).require(user, job.organization)
    # Claim the job in one statement, so a second click cannot start a second write.
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.READY).update(
        status=ImportJob.Status.QUEUED)
    if not claimed:
        raise ValidationError(_("This import is not waiting for confirmation."))
    job.status = ImportJob.Status.QUEUED
    return job_start(job, WRITE)
