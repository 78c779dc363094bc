"""The import part of the REST API: the multipart upload fields every import takes, the JSON
report, and `/api/v1/import-jobs/{id}/` for imports that went to the background."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from magistrat.core.exceptions import AccessDenied
from magistrat.core.models import ImportJob

from . import jobs
from .reading import ImportFileError


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV (UTF-8 or Windows-1250; , ; or tab) or XLSX.")
    dry_run = serializers.BooleanField(default=False, help_text="Only check the file; save nothing.")
    sheet = serializers.CharField(required=False, allow_blank=True, default="",
                                  help_text="XLSX: the sheet to read (default: the first).")
    map = serializers.ListField(child=serializers.CharField(), required=False, default=list,
                                help_text='Column mappings, e.g. "Nr ewid.=inventory_number" ("-" ignores a column).')

    def options(self) -> dict:
        data = self.validated_data
        return {"sheet": data.get("sheet", ""), "mapping": list(data.get("map") or []),
                "then_write": not data.get("dry_run", False)}


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="The spreadsheet's row number.")
    column = serializers.CharField(help_text="The column's header as written in the file.")
    message = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    """What an import found and did (also the body of a 400 for an invalid file)."""

    message = serializers.CharField()
    status = serializers.CharField()
    total_rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    to_create = serializers.IntegerField()
    to_update = serializers.IntegerField()
    dry_run = serializers.BooleanField()
    written = serializers.BooleanField()
    unknown_columns = serializers.ListField(child=serializers.CharField())
    errors = RowErrorSerializer(many=True)
    warnings = RowErrorSerializer(many=True)
    job = serializers.CharField(help_text="The job's address in the API.")


class ImportJobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)
    result = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = ["id", "url", "kind", "organization", "target_id", "file_name", "status", "rows_done",
                  "rows_total", "percent", "failure", "created_at", "finished_at", "result"]

    def get_url(self, job) -> str:
        return job_url(self.context["request"], job)

    def get_result(self, job) -> dict | None:
        """The report once the job has finished (errors, counts), else null."""
        if job.running:
            return None
        return report_body(self.context["request"], job)


def job_url(request, job) -> str:
    return request.build_absolute_uri(reverse("importjob-detail", args=[job.pk]))


def report_body(request, job) -> dict:
    report = jobs.job_report(job)
    data = report.as_dict()
    message = job.failure or report.summary()
    return {"message": message, "status": job.status, "fields": {},
            **{key: data[key] for key in ("total_rows", "created", "updated", "unchanged", "to_create",
                                          "to_update", "dry_run", "written", "unknown_columns",
                                          "errors", "warnings", "created_missing")},
            "job": job_url(request, job)}


def upload_response(request, *, kind: str, organization, options: dict, target_id=None) -> Response:
    """Create the job, run it (or queue it) and answer: 200 with the report, 400 with every error,
    202 with the job's address when it went to the background."""
    try:
        job = jobs.job_create(user=request.user, kind=kind, organization=organization,
                              upload=request.data.get("file"), options=options, target_id=target_id)
        job = jobs.job_start(job, jobs.VALIDATE)
    except ImportFileError as exc:
        return Response({"message": exc.text, "fields": {"file": [exc.text]},
                         "errors": [{"row": None, "column": "", "message": exc.text}]},
                        status=status.HTTP_400_BAD_REQUEST)
    except AccessDenied:
        return Response({"message": _("You may not import into this organization."), "fields": {}},
                        status=status.HTTP_403_FORBIDDEN)
    except ValidationError as exc:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {}
        return Response({"message": " ".join(exc.messages), "fields": fields,
                         "errors": [{"row": None, "column": "", "message": m} for m in exc.messages]},
                        status=status.HTTP_400_BAD_REQUEST)
    if job.running:
        return Response(ImportJobSerializer(job, context={"request": request}).data,
                        status=status.HTTP_202_ACCEPTED, headers={"Location": job_url(request, job)})
    body = report_body(request, job)
    ok = job.status in (ImportJob.Status.DONE, ImportJob.Status.READY)
    return Response(body, status=status.HTTP_200_OK if ok else status.HTTP_400_BAD_REQUEST)


class ImportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Imports the caller started: state, progress and, when finished, the report."""

    serializer_class = ImportJobSerializer

    def get_queryset(self):
        return jobs.job_list(user=self.request.user).order_by("-created_at", "-id")
