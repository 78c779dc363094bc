"""HTTP responses for the register's PDFs (documents.py draws them)."""

import io

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext as _

from .tables import ASSET_COLUMNS

MAX_LABELS = 5000


def _base_url(request) -> str:
    configured = getattr(settings, "MAGISTRAT_BASE_URL", "")
    return configured or request.build_absolute_uri("/").rstrip("/")


def asset_list_pdf_response(view, queryset, filename: str) -> FileResponse:
    request = view.request
    return asset_list_pdf_file(queryset, filename, request=request,
                               columns=view.visible_columns(request) or ASSET_COLUMNS,
                               organization=request.organization)


def asset_list_pdf_file(queryset, filename: str, *, request, columns=None,
                        organization=None) -> FileResponse:
    """The "wykaz sprzętu" PDF of a filtered list, naming the filters it was made with."""
    from .documents import asset_list_pdf

    filters = "; ".join(f"{k}: {v}" for k, v in request.GET.items()
                        if k not in {"export", "page", "per_page", "page_size", "col"} and v)
    handle = io.BytesIO()
    asset_list_pdf(queryset, columns or [c for c in ASSET_COLUMNS if not c.optional], handle,
                   title=_("Hardware list"), organization=organization, filters_text=filters)
    handle.seek(0)
    return FileResponse(handle, content_type="application/pdf", filename=f"{filename}.pdf",
                        as_attachment=True)


def labels_response(view, queryset, filename: str, request=None) -> FileResponse:
    from .documents import labels_pdf

    request = request or view.request
    handle = io.BytesIO()
    labels_pdf(queryset[:MAX_LABELS], handle, base_url=_base_url(request))
    handle.seek(0)
    return FileResponse(handle, content_type="application/pdf", filename=f"{filename}.pdf",
                        as_attachment=False)
