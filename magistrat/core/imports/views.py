"""Generic import screens: upload -> (check) -> preview with every error or what will change ->
confirm -> (write) -> done. Large files are checked and written by the background worker while
the page polls a progress partial (htmx); small ones run at once. Domain views subclass
`ImportStartView` and `ImportJobView` and set the kind, the organization and the URL names."""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from magistrat.core.exceptions import AccessDenied
from magistrat.core.models import ImportJob

from . import jobs
from .reading import ImportFileError

ERRORS_SHOWN = 1000


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Spreadsheet (CSV or XLSX)"),
                           help_text=gettext_lazy("CSV in UTF-8 or Windows-1250 (separated by ; , or tabs) "
                                                  "or an XLSX workbook; a title row above the header is fine."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,text/csv"}))
    organization = forms.ModelChoiceField(label=gettext_lazy("Organization"), queryset=None)
    update = forms.BooleanField(label=gettext_lazy("Update assets already in the register"),
                                required=False,
                                help_text=gettext_lazy("Found by inventory number, or by serial number "
                                                       "when the row has none."))
    create_missing = forms.BooleanField(
        label=gettext_lazy("Create missing categories, locations and people"), required=False,
        help_text=gettext_lazy("Otherwise unknown names are reported as errors."))
    sheet = forms.CharField(label=gettext_lazy("Sheet (XLSX)"), required=False, max_length=100,
                            help_text=gettext_lazy("Empty: the first sheet."))
    mapping = forms.CharField(label=gettext_lazy("Column mapping"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=gettext_lazy("Only when a column is not recognised: one per "
                                                     "line, e.g. “Nr ewid.=inventory_number”."))

    def __init__(self, *args, organizations=None, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is None:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = organizations
        for name in ("update", "create_missing"):
            if name not in options:
                del self.fields[name]

    def options(self) -> dict:
        data = self.cleaned_data
        mapping = [line.strip() for line in (data.get("mapping") or "").splitlines() if line.strip()]
        options = {"sheet": data.get("sheet", "").strip(), "mapping": mapping}
        for name in ("update", "create_missing"):
            if name in self.fields:
                options[name] = bool(data.get(name))
        return options


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class ImportStartView(LoginRequiredMixin, View):
    kind = ""                          # a key of settings.IMPORT_KINDS
    options = ()                       # "update", "create_missing"
    job_url_name = ""                  # e.g. "inventory:asset_import_job"
    title = ""
    intro = ""
    template_name = "core/import_form.html"

    def target(self):
        """(organization or None to let the user choose, target id, extra context)."""
        return None, None, {}

    def organizations(self):
        return None

    def job_url(self, job) -> str:
        return reverse(self.job_url_name, args=[job.pk])

    def get_form(self, data=None, files=None):
        organization, _target_id, _extra = self.target()
        initial = {"organization": getattr(self.request, "organization", None)}
        return ImportForm(data, files, initial=initial, options=self.options,
                          organizations=self.organizations() if organization is None else None)

    def get(self, request, *args, **kwargs):
        return self.render(self.get_form())

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST, request.FILES)
        if form.is_valid():
            organization, target_id, _extra = self.target()
            organization = organization or form.cleaned_data["organization"]
            try:
                job = jobs.job_create(user=request.user, kind=self.kind, organization=organization,
                                      upload=form.cleaned_data["file"], options=form.options(),
                                      target_id=target_id)
                job = jobs.job_start(job, jobs.VALIDATE)
            except ImportFileError as exc:
                form.add_error("file", exc.text)
            except ValidationError as exc:
                _add_errors(form, exc)
            except AccessDenied:
                form.add_error(None, _("You may not import into this organization."))
            else:
                return HttpResponseRedirect(self.job_url(job))
        return self.render(form, status=400)

    def render(self, form, status=200):
        _organization, _target_id, extra = self.target()
        return render(self.request, self.template_name, {
            "form": form, "title": self.title, "intro": self.intro, **extra}, status=status)


class ImportJobView(LoginRequiredMixin, View):
    """The job's page: progress while it runs (polled), then the preview, then the result."""

    kind = ""
    start_url_name = ""                # the upload screen, to try again
    template_name = "core/import_job.html"
    partial_template = "core/_import_status.html"
    title = ""

    def get_job(self) -> ImportJob:
        job = jobs.job_list(user=self.request.user).filter(pk=self.kwargs["pk"], kind=self.kind).first()
        if job is None:
            raise Http404
        return job

    def start_url(self, job) -> str:
        return reverse(self.start_url_name)

    def get(self, request, *args, **kwargs):
        job = self.get_job()
        template = self.partial_template if request.htmx else self.template_name
        return render(request, template, self.context(job))

    def post(self, request, *args, **kwargs):
        job = self.get_job()
        try:
            jobs.job_confirm(user=request.user, job=job)
        except (ValidationError, AccessDenied):
            pass                         # the page shows the job as it is now
        return HttpResponseRedirect(request.path)

    def context(self, job) -> dict:
        report = jobs.job_report(job)
        done, total, percent = jobs.job_progress(job)
        kind = jobs.import_kind(job.kind)
        from .report import _grouped

        return {"job": job, "report": report, "done": done, "total": total, "percent": percent,
                "done_text": _grouped(done or 0), "total_text": _grouped(total or 0),
                "errors": report.errors[:ERRORS_SHOWN], "more_errors": max(len(report.errors) - ERRORS_SHOWN, 0),
                "title": self.title, "start_url": self.start_url(job),
                "done_url": kind.done_url(job), "back_url": kind.back_url(job),
                "back_label": kind.back_label(job),
                "poll_url": self.request.path}
