"""HTTP responses for the register's PDFs (documents.py draws them)."""

import datetime
import io

from django import forms
from django.conf import settings
from django.db import models
from django.http import FileResponse, HttpResponseBadRequest
from django.utils import translation
from django.utils.translation import gettext as _

from magistrat.core import exports, formatting
from magistrat.core.ids import parse_id

from .tables import ASSET_COLUMNS, ASSET_PRINT_COLUMNS

MAX_LABELS = 5000
# Request parameters that are not filters: the page, its columns, the export's format.
NOT_FILTERS = {"export", "page", "per_page", "page_size", "col", "ordering"}


def _base_url(request) -> str:
    configured = getattr(settings, "MAGISTRAT_BASE_URL", "")
    return configured or request.build_absolute_uri("/").rstrip("/")


def _shown(field: forms.Field, value) -> str:
    """A filter's value as its form shows it: a choice's label, a record's name, tak/nie."""
    if isinstance(value, models.Model):
        label = getattr(field, "label_from_instance", str)
        return str(label(value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return formatting.date(value)
    if isinstance(value, list | tuple | set | models.QuerySet):
        return ", ".join(_shown(field, item) for item in value)
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        for key, label in field.choices:
            options = label if isinstance(label, list | tuple) else [(key, label)]
            for option, text in options:
                if str(option) == str(value):
                    return str(text)
    return str(value)


def _organization_name(value, *, user) -> str:
    """The name of a unit the user sees; of any other, just the id they gave."""
    from magistrat.organizations.selectors import organization_list

    pk = parse_id(value)
    organization = organization_list(user=user).filter(pk=pk).first() if pk is not None else None
    return organization.name if organization is not None else str(value)


def describe_filters(filterset, *, user) -> str:
    """The filters a list was made with, as people read them, in Polish (the documents' language):
    "Status: w magazynie, w użyciu; Lokalizacja (z pomieszczeniami wewnątrz): Budynek › Pokój 5".

    Built from the FilterSet's form — its labels, choices and the records chosen — so the list
    screen's PDF, the API's and the command line's print the same line. Values the form refused
    are left out: the list was not filtered by them either. A unit is named only when `user`
    (who the list is for) may see it."""
    if not filterset.is_bound:
        return ""
    form = filterset.form
    form.is_valid()   # cleaned_data then holds the valid values only
    cleaned = form.cleaned_data
    with translation.override("pl"):
        parts = []
        for name, field in form.fields.items():
            value = cleaned.get(name)
            if name in NOT_FILTERS or value in (None, "", [], ()) or (
                    isinstance(value, models.QuerySet) and not value.exists()):
                continue
            shown = (_organization_name(value, user=user) if name == "organization"
                     else _shown(field, value))
            label = _("Organization") if name == "organization" else str(field.label or name)
            parts.append(f"{label}: {shown}")
        return "; ".join(parts)


def _filterset(request, queryset):
    from .filters import AssetFilter

    data = request.GET
    return AssetFilter(data or None, queryset=queryset, request=request)


def asset_list_pdf_response(view, queryset, filename: str) -> FileResponse:
    """The list screen's PDF: the columns the user chose, else the printed list's defaults."""
    request = view.request
    columns = view.visible_columns(request)
    if columns == [c for c in ASSET_COLUMNS if not c.optional]:
        columns = ASSET_PRINT_COLUMNS
    return asset_list_pdf_file(queryset, filename, request=request, columns=columns,
                               organization=request.organization)


def asset_list_pdf_file(queryset, filename: str, *, request, columns=None,
                        organization=None) -> FileResponse:
    """The "wykaz sprzętu" PDF of a filtered list, naming the filters it was made with."""
    from .documents import asset_list_pdf

    filters = describe_filters(_filterset(request, queryset), user=request.user)
    handle = io.BytesIO()
    asset_list_pdf(queryset, columns or ASSET_PRINT_COLUMNS, handle,
                   title=_("Hardware list"), organization=organization, filters_text=filters)
    handle.seek(0)
    return FileResponse(handle, content_type="application/pdf", filename=f"{filename}.pdf",
                        as_attachment=True)


def labels_filename() -> str:
    """"etykiety-2026-11-25": not the list's own name, so a label sheet is not taken for the list."""
    return exports.export_filename("etykiety")


GRID_SESSION_KEY = "labels:grid"


def remembered_grid(request) -> dict:
    """The grid last printed with (offices keep buying the same sheets), else the default."""
    return dict(getattr(request, "session", {}).get(GRID_SESSION_KEY) or {})


def grid_form(request, source=None):
    """The label grid asked for in `source` (a query), over the one remembered."""
    from .labels import LabelSheetForm, grid_data

    given = grid_data(source if source is not None else request.GET)
    return LabelSheetForm(given if given else remembered_grid(request))


def labels_list_response(view, queryset, filename: str):
    """The list screen's `?export=labels`: labels of the filtered rows, under their own file name,
    on the grid the query names (or the one last used)."""
    form = grid_form(view.request)
    if not form.is_valid():
        return HttpResponseBadRequest(form.error_text())
    return labels_response(view, queryset, labels_filename(), grid=form.grid())


def labels_response(view, queryset, filename: str, request=None, grid: dict | None = None) -> FileResponse:
    from .documents import labels_pdf

    request = request or view.request
    handle = io.BytesIO()
    labels_pdf(queryset[:MAX_LABELS], handle, base_url=_base_url(request), **(grid or {}))
    handle.seek(0)
    return FileResponse(handle, content_type="application/pdf", filename=f"{filename}.pdf",
                        as_attachment=False)

