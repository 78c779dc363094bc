"""`GET /api/v1/<list>/export/?export=csv|xlsx[|pdf]`: the list's file, with the same filters.

The same FilterSet, columns and writers as the list screen's export buttons and
`magistrat export`, so a file from the API and one from the screen agree row for row. A list
longer than `MAGISTRAT_EXPORT_BACKGROUND_ROWS` answers 202 with an export job instead
(`api.export_jobs`).
"""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action

from magistrat.core import export_jobs, exports
from magistrat.core import services as core_services

from .export_jobs import ExportJobSerializer, accepted

FILE_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


class ExportMixin:
    """Add to a ServiceModelViewSet and declare `export_columns` (and `export_title`);
    `extra_exports` maps more formats to callables(request, queryset, filename) -> response."""

    export_columns: list = []
    export_title = ""
    extra_exports: dict = {}

    @extend_schema(
        summary="Export the filtered list as a file",
        description="The list's rows as a file, filtered by the same query parameters as the list "
                    "itself (search, filters, ordering); not paginated.",
        # The list's filters: the FilterSet's parameters, exactly as on the list.
        filters=True,
        parameters=[OpenApiParameter("export", str, enum=["csv", "xlsx"], default="csv",
                                     description="File format.")],
        responses={**{(200, media): OpenApiResponse(OpenApiTypes.BINARY) for media in FILE_TYPES.values()},
                   (202, "application/json"): OpenApiResponse(
                       ExportJobSerializer, description="More rows than MAGISTRAT_EXPORT_BACKGROUND_ROWS: "
                       "the worker writes the file; follow the job's address.")},
    )
    @action(detail=False, methods=["get"], url_path="export", pagination_class=None)
    def export(self, request, *args, **kwargs):
        fmt = request.query_params.get("export", "csv")
        formats = ["csv", "xlsx", *self.extra_exports]
        if fmt not in formats:
            raise exceptions.ValidationError(
                {"export": [_("Choose one of: %(formats)s.") % {"formats": ", ".join(formats)}]})
        queryset = self.filter_queryset(self.get_queryset())
        title = str(self.export_title or queryset.model._meta.verbose_name_plural)
        total = export_jobs.in_background(queryset)
        if total:
            params = [(key, value) for key, values in request.query_params.lists() for value in values]
            job = core_services.export_job_create(
                user=request.user, target=type(self), channel=export_jobs.API, params=params,
                organization=None, fmt=fmt, title=title, total=total)
            return accepted(request, job)
        filename = exports.export_filename(title)
        if fmt == "csv":
            return exports.csv_response(queryset, self.export_columns, filename)
        if fmt == "xlsx":
            return exports.xlsx_response(queryset, self.export_columns, filename, title=title)
        return self.extra_exports[fmt](request, queryset, filename)
