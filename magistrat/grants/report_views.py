"""Downloads of the settlement report (PDF, XLSX) and the public A3 poster."""

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.text import slugify

from . import selectors


@login_required
def settlement_report(request, pk: int, fmt: str):
    from .documents import settlement_pdf, settlement_xlsx

    project = selectors.project_list(user=request.user).filter(pk=pk).first()
    if project is None or fmt not in ("pdf", "xlsx"):
        raise Http404
    handle = io.BytesIO()
    (settlement_pdf if fmt == "pdf" else settlement_xlsx)(project, handle)
    handle.seek(0)
    content_type = "application/pdf" if fmt == "pdf" else \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return FileResponse(handle, content_type=content_type, as_attachment=True,
                        filename=f"rozliczenie-{slugify(project.title)[:40]}.{fmt}")


def poster(request, pk: int):
    """The A3 poster of a published project, for anyone."""
    project = selectors.published_projects().filter(pk=pk).first()
    if project is None:
        raise Http404
    return _poster(request, project)


@login_required
def project_poster(request, pk: int):
    """The poster for the people who run the project, also before its page is published (the
    address it prints is the public page's, which answers once published)."""
    project = selectors.project_list(user=request.user).filter(pk=pk).first()
    if project is None:
        raise Http404
    return _poster(request, project)


def _poster(request, project):
    from .documents import poster_pdf

    pk = project.pk
    handle = io.BytesIO()
    poster_pdf(project, handle, url=request.build_absolute_uri(reverse("grants:public_project", args=[pk])))
    handle.seek(0)
    return FileResponse(handle, content_type="application/pdf", filename=f"plakat-{project.pk}.pdf")
