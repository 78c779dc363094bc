"""The page of a large export (core.export_jobs): its progress while the worker writes it,
then the download. Only the user who asked sees it."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from . import export_jobs


def _job(request, pk):
    return get_object_or_404(export_jobs.export_job_list(user=request.user), pk=pk)


@login_required
def export_job(request, pk):
    job = _job(request, pk)
    template = "core/_export_status.html" if request.htmx else "core/export_job.html"
    return render(request, template, {"job": job})


@login_required
def export_job_download(request, pk):
    job = _job(request, pk)
    try:
        handle = export_jobs.export_job_file(user=request.user, job=job)
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=job.file_name)
