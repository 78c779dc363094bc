"""Large exports in the background: a list's file that would hold a web request for more than a
few seconds (design: long work is visible) is written by the worker `magistrat serve` runs,
while the page shows its progress; the user then downloads it.

The list screen (`core.views.ObjectListView`) and the API (`api.exports.ExportMixin`) ask
`in_background(queryset)`; above `settings.EXPORT_BACKGROUND_ROWS` rows they record an
`ExportJob` naming their own class and the query. The task rebuilds that view with the same
user, scope and query and writes its answer to a file — the same FilterSet, columns and writer,
so the file is the one the request would have given.
"""

import contextlib
import contextvars
import logging
import re
from types import SimpleNamespace

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.test import RequestFactory
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from . import services
from .exceptions import AccessDenied
from .models import ExportJob

logger = logging.getLogger(__name__)
WEB, API = "web", "api"

# Set while a job writes its file: the view then answers with the file itself, and the writers
# report rows done through `progress()`.
_RUNNING: contextvars.ContextVar = contextvars.ContextVar("export_job", default=None)


def in_background(queryset) -> int:
    """The number of rows when this export is for the worker, 0 when it is written at once."""
    if _RUNNING.get() is not None:
        return 0
    count = queryset.count()
    return count if count > settings.EXPORT_BACKGROUND_ROWS else 0


def progress(done: int) -> None:
    """Writers call this now and then with the rows written so far (no-op outside a job)."""
    job = _RUNNING.get()
    if job is not None:
        services.export_job_progress(job=job, done=done)


def export_job_list(*, user):
    """The exports a user asked for (nobody sees another's files, superusers included: the file
    holds what its owner's roles let them see)."""
    return ExportJob.objects.filter(user_id=getattr(user, "pk", None))


@task()
def run_export_job(job_id: int) -> str:
    return export_job_run(job_id).status


def export_job_run(job_id: int) -> ExportJob:
    job = ExportJob.objects.select_related("user", "organization").get(pk=job_id)
    if not services.export_job_claim(job=job):
        return job
    try:
        if not job.user.is_active:
            raise AccessDenied("the account that asked for the export is no longer active")
        token = _RUNNING.set(job)
        try:
            response = _answer(job)
        finally:
            _RUNNING.reset(token)
        if response.status_code != 200:
            raise AccessDenied(f"the list answered {response.status_code}")
        name = _file_name(response) or f"export.{job.format}"
        job.file.save(name, ContentFile(b""), save=False)
        with job.file.open("wb") as handle:
            _copy(response, handle)
    except AccessDenied:
        return services.export_job_finish(job=job, failure=_("You may no longer see this list; nothing was written."))
    except Exception as exc:  # noqa: BLE001 - a job must end in a state the user can read
        logger.exception("export job %s failed", job.pk)
        return services.export_job_finish(job=job, failure=_("The export stopped unexpectedly (%(error)s).")
                                          % {"error": exc.__class__.__name__})
    return services.export_job_finish(job=job, file_name=name)


def _request(job: ExportJob):
    """A GET request like the one that asked for the export: its query, user and scope."""
    request = RequestFactory().get("/", data=_query(job.params))
    request.user = job.user
    request.organization = job.organization
    request.session = {}
    request.htmx = False
    request.LANGUAGE_CODE = "pl"
    return request


def _query(params: list) -> dict:
    query = {}
    for key, value in params:
        query.setdefault(key, []).append(value)
    return query


def _answer(job: ExportJob):
    """The list's own answer to the export request, rebuilt from its class."""
    target = import_string(job.target)
    request = _request(job)
    if job.channel == API:
        from rest_framework.request import Request

        api_request = Request(request)
        api_request.user = job.user
        viewset = target(request=api_request, args=(), kwargs={}, format_kwarg=None, action="export")
        viewset.headers = {}
        return viewset.export(api_request)
    view = target()
    view.setup(request)
    return view.get(request)


def _copy(response, handle) -> None:
    if getattr(response, "streaming", False):
        for chunk in response.streaming_content:
            handle.write(chunk if isinstance(chunk, bytes) else chunk.encode())
        # The file behind a FileResponse is closed here, not by response.close(): that would send
        # request_finished, and Django would close the worker's database connection mid-job.
        source = getattr(response, "file_to_stream", None)
        if source is not None:
            with contextlib.suppress(Exception):
                source.close()
    else:
        handle.write(response.content)


def _file_name(response) -> str:
    match = re.search(r'filename="?([^";]+)"?', response.get("Content-Disposition", ""))
    return match.group(1) if match else ""


def export_job_file(*, user, job: ExportJob) -> File:
    if job.user_id != getattr(user, "pk", None):
        raise AccessDenied("only the user who asked for an export downloads it")
    if job.status != ExportJob.Status.DONE or not job.file:
        raise FileNotFoundError(job.pk)
    return job.file.open("rb")


def job_context(job: ExportJob) -> SimpleNamespace:
    """What the progress partial shows."""
    return SimpleNamespace(job=job, done=job.rows_done, total=job.rows_total, percent=job.percent)
