"""`/api/v1/export-jobs/`: exports too large to answer at once (core.export_jobs). A list's
`…/export/` answers 202 with the job's address; `GET` it until `status` is `done`, then fetch
`download`."""

from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action

from magistrat.core import export_jobs
from magistrat.core.models import ExportJob


def job_url(request, job) -> str:
    return request.build_absolute_uri(reverse("exportjob-detail", args=[job.pk]))


class ExportJobSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField()
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = ExportJob
        fields = ["id", "url", "title", "format", "status", "rows_done", "rows_total", "percent",
                  "failure", "file_name", "download", "created_at", "finished_at"]

    def get_url(self, job) -> str:
        return job_url(self.context["request"], job)

    def get_download(self, job) -> str | None:
        """The file's address once it is written, else null."""
        if job.status != ExportJob.Status.DONE:
            return None
        return self.context["request"].build_absolute_uri(reverse("exportjob-download", args=[job.pk]))


class ExportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's large exports: state, progress and, when written, the file."""

    serializer_class = ExportJobSerializer

    def get_queryset(self):
        return export_jobs.export_job_list(user=self.request.user)

    @extend_schema(summary="Download the written file",
                   responses={200: OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        job = self.get_object()
        try:
            handle = export_jobs.export_job_file(user=request.user, job=job)
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=job.file_name)


def accepted(request, job):
    """The 202 a list's export answers when the worker writes the file."""
    from rest_framework import status
    from rest_framework.response import Response

    return Response(ExportJobSerializer(job, context={"request": request}).data,
                    status=status.HTTP_202_ACCEPTED, headers={"Location": job_url(request, job)})
