import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from magistrat.core.collation import PolishOrderingFilter, polish
from magistrat.core.filters_widgets import DateFilter, IdFilter, YesNoFilter
from magistrat.organizations.filters import search_terms

from .models import CostArea, Expenditure, GrantProject, Milestone, Program, ProjectDocument


def _projects(request):
    """The projects the requesting user may see (all of them for the console), by title."""
    from magistrat.organizations.access import SYSTEM

    from .selectors import project_list

    return project_list(user=getattr(request, "user", None) or SYSTEM).order_by(polish("title"), "pk")


class GrantProjectFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Search"), method="filter_search")
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=GrantProject.Status.choices)
    program = django_filters.ModelChoiceFilter(empty_label=_("any"), label=_("Programme"),
                                               queryset=Program.objects.all())
    organization = IdFilter(label=_("Organization (id)"), field_name="organization_id")
    published = YesNoFilter(label=_("Public page published"))
    ordering = PolishOrderingFilter(
        fields=(("title", "title"), ("agreement_date", "agreement_date"), ("status", "status"),
                ("granted_amount", "granted_amount"), ("end_date", "end_date"),
                ("organization__name", "organization"), ("program__name", "program")),
        polish=["title", "organization__name", "program__name"], label=_("Sort by"))

    class Meta:
        model = GrantProject
        fields = ["search", "status", "program", "organization", "published"]

    def filter_search(self, queryset, name, value):
        return search_terms(queryset, ["title", "agreement_number", "umbrella_number"], value)


class ExpenditureFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Search"), method="filter_search")
    project = django_filters.ModelChoiceFilter(empty_label=_("any"), label=_("Project"), queryset=_projects)
    area = django_filters.ChoiceFilter(empty_label=_("any"), label=_("Cost area"), choices=CostArea.choices,
                                       field_name="budget_line__area")
    organization = IdFilter(label=_("Organization (id)"), field_name="organization_id")
    date_from = DateFilter(label=_("From"), field_name="document_date", lookup_expr="gte")
    date_to = DateFilter(label=_("To"), field_name="document_date", lookup_expr="lte")
    unpaid = YesNoFilter(label=_("Not paid yet"), field_name="payment_date",
                                          lookup_expr="isnull")
    ordering = PolishOrderingFilter(
        fields=(("document_date", "document_date"), ("document_number", "document_number"),
                ("supplier_name", "supplier"), ("gross_amount", "gross_amount"),
                ("eligible_amount", "eligible_amount"), ("project__title", "project"),
                ("budget_line__name", "budget_line")),
        polish=["supplier_name", "project__title", "budget_line__name"], label=_("Sort by"))

    class Meta:
        model = Expenditure
        fields = ["search", "project", "area", "organization", "date_from", "date_to", "unpaid"]

    def filter_search(self, queryset, name, value):
        return search_terms(queryset, ["document_number", "supplier_name", "supplier_nip",
                                       "description"], value)


class ProjectDocumentFilter(django_filters.FilterSet):
    project = IdFilter(label=_("Project (id)"), field_name="project_id")
    expenditure = IdFilter(label=_("Expenditure (id)"), field_name="expenditure_id")
    promotion_item = IdFilter(label=_("Promotion duty (id)"), field_name="promotion_item_id")
    kind = django_filters.ChoiceFilter(empty_label=_("any"), label=_("Kind"), choices=ProjectDocument.Kind.choices)

    class Meta:
        model = ProjectDocument
        fields = ["project", "expenditure", "promotion_item", "kind"]


class DeadlineFilter(django_filters.FilterSet):
    """The deadlines list (screen, export, API `milestones`): by project, kind and state."""

    STATES = (("open", _("not done")), ("overdue", _("overdue")), ("ahead", _("ahead")),
              ("done", pgettext_lazy("deadlines", "done")), ("all", _("all")))

    search = django_filters.CharFilter(label=_("Search"), method="filter_search")
    project = django_filters.ModelChoiceFilter(empty_label=_("any"), label=_("Project"), queryset=_projects)
    kind = django_filters.ChoiceFilter(empty_label=_("any"), label=_("Kind"), choices=Milestone.Kind.choices)
    state = django_filters.ChoiceFilter(empty_label=None, label=_("State"), choices=STATES,
                                        method="filter_state")
    ordering = PolishOrderingFilter(
        fields=(("due_date", "due_date"), ("kind", "kind"), ("project__title", "project"), ("done_on", "done_on"),
                ("name", "name")),
        polish=["project__title", "name"], label=_("Sort by"))

    class Meta:
        model = Milestone
        fields = ["search", "project", "kind", "state"]

    def filter_search(self, queryset, name, value):
        return search_terms(queryset, ["name", "project__title"], value)

    def filter_state(self, queryset, name, value):
        from django.utils import timezone

        today = timezone.localdate()
        return {"open": queryset.filter(done_on__isnull=True),
                "overdue": queryset.filter(done_on__isnull=True, due_date__lt=today),
                "ahead": queryset.filter(done_on__isnull=True, due_date__gte=today),
                "done": queryset.filter(done_on__isnull=False)}.get(value, queryset)
