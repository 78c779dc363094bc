from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from magistrat.core import uploads
from magistrat.core.exceptions import AccessDenied
from magistrat.core.imports.views import ImportJobView, ImportStartView
from magistrat.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    sentence_end,
)
from magistrat.organizations import access

from . import forms, selectors, services
from .filters import DeadlineFilter, ExpenditureFilter, GrantProjectFilter
from .models import (
    BudgetLine,
    Expenditure,
    FundingSource,
    GrantProject,
    Indicator,
    Milestone,
    Program,
    ProjectDocument,
    PromotionItem,
    Tranche,
)
from .tables import DEADLINE_COLUMNS, EXPENDITURE_COLUMNS, EXPENDITURE_EXPORT_COLUMNS, PROJECT_COLUMNS


class ProjectViewMixin:
    model = GrantProject
    selector = selectors.project_list
    view_permission = "grant.view"
    change_permission = "grant.change"
    url_namespace = "grants"
    delete_check = services.project_delete_refusal


class ProjectListView(ProjectViewMixin, ObjectListView):
    filterset_class = GrantProjectFilter
    columns = PROJECT_COLUMNS


class ProjectDetailView(ProjectViewMixin, ObjectDetailView):
    fields = [
        (gettext_lazy("Title"), "title", "text"),
        (gettext_lazy("Programme"), "program", "link"),
        (gettext_lazy("Beneficiary"), "organization", "link"),
        (gettext_lazy("Umbrella project number"), "umbrella_number", "text"),
        (gettext_lazy("Agreement number"), "agreement_number", "text"),
        (gettext_lazy("Agreement date"), "agreement_date", "date"),
        (gettext_lazy("Start date"), "start_date", "date"),
        (gettext_lazy("End"), "end_date", "date"),
        (gettext_lazy("Status"), "status", "text"),
        (gettext_lazy("Grant amount"), "granted_amount", "money"),
        (gettext_lazy("Durability until"), "durability_end", "date"),
        (gettext_lazy("Coordinator"), "coordinator", "link"),
        (gettext_lazy("Public page published"), "published", "bool"),
    ]
    tabs = [("data", gettext_lazy("Data")), ("funding", gettext_lazy("Funding")),
            ("budget", gettext_lazy("Budget")), ("expenditures", gettext_lazy("Expenditures")),
            ("indicators", gettext_lazy("Indicators")), ("deadlines", gettext_lazy("Deadlines")),
            ("promotion", gettext_lazy("Promotion")), ("history", gettext_lazy("History"))]
    actions_template = "grants/_project_actions.html"
    notice_template = "grants/_project_notice.html"

    def tab_context(self, obj, tab):
        # The programme's rules the project breaks, above every tab (and in the settlement).
        return {"project_warnings": selectors.project_warnings(obj), **self._tab(obj, tab)}

    def _tab(self, obj, tab):
        if tab == "funding":
            sources = list(obj.funding_sources.all())
            return {"sources": sources, "tranches": obj.tranches.all(),
                    "funding_total": sum((source.amount for source in sources), Decimal("0")),
                    "value": selectors.project_value(obj), "funding_warnings": selectors.funding_warnings(obj)}
        if tab == "budget":
            return {"budget": selectors.budget(obj)}
        if tab == "expenditures":
            return {"expenditures": selectors.with_counted(obj.expenditures.select_related("budget_line"))
                    .prefetch_related("assets"), "budget": selectors.budget(obj)}
        if tab == "indicators":
            return {"indicators": indicator_rows(obj)}
        if tab == "deadlines":
            return {"milestones": obj.milestones.all()}
        if tab == "promotion":
            return {"promotion_items": obj.promotion_items.prefetch_related("documents"),
                    "document_kinds": ProjectDocument.Kind.choices, "accept": uploads.ACCEPT}
        return {}


def indicator_rows(project: GrantProject) -> list[dict]:
    """The Indicators tab: figures written as the settlement writes them ("382 000,00 zł", "15 szt.")
    and how each is computed, naming the categories or cost areas."""
    from magistrat.core.formatting import quantity

    from .patterns import area_label

    indicators = list(project.indicators.all())
    achieved = selectors.indicators_achieved(indicators)
    rows = []
    for indicator in indicators:
        how = indicator.get_source_display()
        names = [n.strip() for n in indicator.source_filter.split(",") if n.strip()]
        if indicator.source == Indicator.Source.EXPENDITURE_AREA:
            names = [area_label(name) for name in names]
        if indicator.source != Indicator.Source.MANUAL:
            how = f"{how}: {', '.join(names) or _('all')}"
        value = achieved[indicator.pk]
        rows.append({"row": indicator, "how": how, "target": quantity(indicator.target, indicator.unit, with_unit=True),
                     "achieved": "—" if value is None else quantity(value, indicator.unit, with_unit=True)})
    return rows


class ProjectEditView(ProjectViewMixin, ObjectEditView):
    form_class = forms.GrantProjectForm
    create_service = services.project_create
    update_service = services.project_update

    def get_initial(self):
        if self.object is not None:
            return {}
        return {"organization": self.request.organization, "program": Program.objects.filter(
            code="cyfrowa-gmina").first()}

    def save(self, data: dict):
        if self.object is not None:
            data = {k: v for k, v in data.items() if k != "program"}
        return super().save(data)


class ProjectDeleteView(ProjectViewMixin, ObjectDeleteView):
    delete_service = services.project_delete


class ExpenditureListView(ObjectListView):
    model = Expenditure
    selector = selectors.expenditure_list
    view_permission = "grant.view"
    change_permission = ""          # expenditures are added from their project's page
    url_namespace = "grants"
    filterset_class = ExpenditureFilter
    columns = EXPENDITURE_COLUMNS
    export_columns = EXPENDITURE_EXPORT_COLUMNS

    def extra_context(self, *, queryset, filter_errors) -> dict:
        """The totals row: net, VAT, gross and eligible of every filtered row, not just the page's,
        and what of it counts towards the settlement."""
        if filter_errors:
            return {}               # no rows are shown either
        totals = queryset.order_by().aggregate(
            count=Count("id"), net=Sum("net_amount"), vat=Sum("vat_amount"), gross=Sum("gross_amount"),
            eligible=Sum("eligible_amount"), counted=Sum("counted_amount"))
        return {"table_footer_template": "grants/_expenditure_totals.html",
                "totals": {k: v if v is not None else Decimal("0.00") for k, v in totals.items()}}


class ExpenditureDetailView(ObjectDetailView):
    model = Expenditure
    selector = selectors.expenditure_list
    view_permission = "grant.view"
    change_permission = "grant.change"
    url_namespace = "grants"
    notice_template = "grants/_expenditure_notice.html"
    after_tabs_template = "grants/_expenditure_related.html"
    fields = [
        (gettext_lazy("Project"), "project", "link"),
        (gettext_lazy("Budget line"), "budget_line", "text"),
        (gettext_lazy("Document number"), "document_number", "text"),
        (gettext_lazy("Document date"), "document_date", "date"),
        (gettext_lazy("Supplier"), "supplier_name", "text"),
        (gettext_lazy("Supplier NIP"), "supplier_nip_display", "text"),
        (gettext_lazy("Description"), "description", "text"),
        (gettext_lazy("Net"), "net_amount", "money"),
        (gettext_lazy("VAT"), "vat_amount", "money"),
        (gettext_lazy("Gross"), "gross_amount", "money"),
        (gettext_lazy("Eligible amount"), "eligible_amount", "money"),
        (gettext_lazy("Counted towards the settlement"), "counted_amount", "money"),
        (gettext_lazy("Payment date"), "payment_date", "date"),
        (gettext_lazy("What it paid for"), "counted", "text"),
        (gettext_lazy("Notes"), "notes", "text"),
    ]

    actions_template = "grants/_expenditure_actions.html"

    def tab_context(self, obj, tab):
        return {"assets": obj.assets.select_related("category", "location"),
                "warnings": selectors.expenditure_warning_list(obj),
                "documents": obj.documents.all(), "document_kinds": ProjectDocument.Kind.choices,
                "accept": uploads.ACCEPT, "can_edit": access.has_perm(self.request.user, "grant.change",
                                                                      obj.organization)}

    def can_change(self, obj):
        return False  # edited and deleted as a record of its project (grants:child_edit)


# --- Records of a project: one registry, one edit view, one delete view -------------------------

@dataclass(frozen=True)
class Child:
    model: type
    form: type
    create: object
    update: object
    delete: object
    tab: str
    add_title: str                  # the heading of its "add" form
    warnings: object = None         # callable(record) -> list[str], shown after saving
    notes: object = None            # callable(record, data) -> list[str], told after saving


def _funding_warnings(record) -> list[str]:
    return selectors.funding_warnings(record.project)


def _promotion_notes(record, data) -> list[str]:
    """Evidence recorded without a date dated the duty today: say so, and that it can change."""
    if record.done_on and not data.get("done_on"):
        return [dated_today(record)]
    return []


def dated_today(record) -> str:
    from magistrat.core import formatting

    return _("With the evidence recorded, “%(duty)s” is marked done on %(date)s; change the date if it was "
             "done earlier.") % {"duty": record.name, "date": formatting.date(record.done_on)}


CHILDREN = {
    "funding-sources": Child(FundingSource, forms.FundingSourceForm, services.funding_source_create,
                             services.funding_source_update, services.funding_source_delete, "funding",
                             gettext_lazy("New funding source"), _funding_warnings),
    "tranches": Child(Tranche, forms.TrancheForm, services.tranche_create, services.tranche_update,
                      services.tranche_delete, "funding", gettext_lazy("New tranche"), _funding_warnings),
    "budget-lines": Child(BudgetLine, forms.BudgetLineForm, services.budget_line_create,
                          services.budget_line_update, services.budget_line_delete, "budget",
                          gettext_lazy("New budget line")),
    "expenditures": Child(Expenditure, forms.ExpenditureForm, services.expenditure_create,
                          services.expenditure_update, services.expenditure_delete, "expenditures",
                          gettext_lazy("New expenditure"), selectors.expenditure_warning_list),
    "indicators": Child(Indicator, forms.IndicatorForm, services.indicator_create,
                        services.indicator_update, services.indicator_delete, "indicators",
                        gettext_lazy("New indicator")),
    "milestones": Child(Milestone, forms.MilestoneForm, services.milestone_create,
                        services.milestone_update, services.milestone_delete, "deadlines",
                        gettext_lazy("New deadline")),
    "promotion": Child(PromotionItem, forms.PromotionItemForm, services.promotion_item_create,
                       services.promotion_item_update, services.promotion_item_delete, "promotion",
                       gettext_lazy("New promotion duty"), notes=_promotion_notes),
}


def _child(kind: str) -> Child:
    try:
        return CHILDREN[kind]
    except KeyError:
        raise Http404 from None


def _project(request, pk) -> GrantProject:
    project = selectors.project_list(user=request.user).filter(pk=pk).first()
    if project is None:
        raise Http404
    return project


def _child_record(request, child: Child, pk):
    record = selectors.project_children(child.model, user=request.user).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def _back(project: GrantProject, child: Child) -> str:
    return f"{project.get_absolute_url()}?tab={child.tab}"


@login_required
def child_edit(request, kind: str, project_pk: int | None = None, pk: int | None = None):
    child = _child(kind)
    record = _child_record(request, child, pk) if pk else None
    project = record.project if record else _project(request, project_pk)
    if not access.has_perm(request.user, "grant.change", project.organization):
        raise AccessDenied
    form = child.form(request.POST or None, instance=record, user=request.user, project=project)
    if request.method == "POST" and form.is_valid():
        names = [*form._meta.fields, *getattr(form, "extra_fields", ())]
        data = {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}
        try:
            if record is None:
                saved = child.create(user=request.user, project=project, **data)
            else:
                fresh = child.model.objects.get(pk=record.pk)
                saved = child.update(user=request.user, **{child.model._meta.model_name: fresh}, **data)
        except ValidationError as exc:
            ObjectEditView.add_errors(form, exc)
        else:
            messages.success(request, _("Saved: %(record)s.") % {"record": sentence_end(saved)})
            for warning in child.warnings(saved) if child.warnings else []:
                messages.warning(request, warning)
            for note in child.notes(saved, data) if child.notes else []:
                messages.info(request, note)
            return HttpResponseRedirect(_back(project, child))
    return render(request, "grants/child_form.html", {
        "form": form, "project": project, "record": record, "kind": kind, "title": child.add_title,
        "verbose_name": child.model._meta.verbose_name, "back": _back(project, child)},
        status=400 if form.errors else 200)


@login_required
def child_delete(request, kind: str, pk: int):
    child = _child(kind)
    record = _child_record(request, child, pk)
    project = record.project
    if not access.has_perm(request.user, "grant.change", project.organization):
        raise AccessDenied
    if request.method == "POST":
        try:
            child.delete(user=request.user, **{child.model._meta.model_name: record})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Deleted: %(record)s.") % {"record": sentence_end(record)})
        return HttpResponseRedirect(_back(project, child))
    return render(request, "grants/child_confirm_delete.html", {
        "record": record, "project": project, "back": _back(project, child),
        "verbose_name": child.model._meta.verbose_name})


# --- Deadlines ------------------------------------------------------------------------------

class DeadlineListView(ObjectListView):
    """Deadlines across projects; not done ones (overdue included, however old) unless the
    "state" filter says otherwise. Exported to CSV/XLSX like every list."""

    model = Milestone
    selector = selectors.deadline_list
    view_permission = "grant.view"
    change_permission = ""          # deadlines are edited on their project's page
    url_namespace = "grants"
    filterset_class = DeadlineFilter
    columns = DEADLINE_COLUMNS
    export_title = gettext_lazy("Deadlines")
    default_filters = {"state": "open"}

    def extra_context(self, **list_state) -> dict:
        return {"verbose_name_plural": gettext_lazy("Deadlines")}


@require_POST
@login_required
def project_publish(request, pk):
    project = _project(request, pk)
    published = request.POST.get("published") == "1"
    services.project_publish(user=request.user, project=project, published=published)
    messages.success(request, _("The public page is published.") if published
                     else _("The public page is hidden."))
    return HttpResponseRedirect(project.get_absolute_url())


# --- Import of expenditure documents ----------------------------------------------------------

class _ProjectImport:
    kind = "expenditures"
    title = gettext_lazy("Import expenditures")

    @cached_property
    def project(self) -> GrantProject:
        project = _project(self.request, self.kwargs["project_pk"])
        if not access.has_perm(self.request.user, "grant.change", project.organization):
            raise AccessDenied
        return project


class ExpenditureImportView(_ProjectImport, ImportStartView):
    job_url_name = "grants:expenditure_import_job"
    intro = gettext_lazy("Upload the list of invoices (CSV or XLSX): document number and date, "
                         "supplier and NIP, description, net, VAT, gross, eligible amount, budget "
                         "line (by its name in this project) and payment date.")

    def target(self):
        from magistrat.inventory.import_views import columns_help

        from .imports import FIELDS

        project = self.project
        return project.organization, project.pk, {
            "back_url": f"{project.get_absolute_url()}?tab=expenditures", "back_label": project.title,
            "columns_help": columns_help(FIELDS)}


    def job_url(self, job):
        return reverse(self.job_url_name, args=[job.target_id, job.pk])


class ExpenditureImportJobView(_ProjectImport, ImportJobView):
    def get_job(self):
        job = super().get_job()
        if job.target_id != self.project.pk:
            raise Http404
        return job

    def start_url(self, job):
        return reverse("grants:expenditure_import", args=[job.target_id])
