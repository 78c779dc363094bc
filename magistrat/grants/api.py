"""REST endpoints of grant projects (registered in magistrat.api.urls)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.parsers import FormParser, MultiPartParser

from magistrat.api.serializers import ModelSerializer
from magistrat.api.viewsets import ServiceModelViewSet
from magistrat.core.imports.api import (
    ImportJobSerializer,
    ImportResultSerializer,
    ImportUploadSerializer,
    upload_response,
)
from magistrat.organizations import access
from magistrat.organizations.selectors import organization_choices, person_list

from . import selectors, services
from .filters import DeadlineFilter, ExpenditureFilter, GrantProjectFilter, ProjectDocumentFilter
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
from .serializers import (
    BudgetSerializer,
    ChildSerializer,
    FundingSourceSerializer,
    IndicatorSerializer,
    child_serializer,
    money_field,
    money_text,
)


class ProgramSerializer(ModelSerializer):
    class Meta:
        model = Program
        fields = ["id", "code", "name", "operator", "fund", "eligibility_start", "eligibility_end",
                  "max_duration_months", "min_amount", "max_amount", "cost_areas", "funding_pattern",
                  "tranche_pattern", "durability_years", "durability_from", "durability_note",
                  "indicator_templates", "promotion_templates", "public_wording", "notes"]
        read_only_fields = ["code"]


class GrantProjectSerializer(ModelSerializer):
    eu_contribution = serializers.SerializerMethodField(
        label=gettext_lazy("EU contribution"), help_text=gettext_lazy("The sum of the EU funding sources."))

    class Meta:
        model = GrantProject
        fields = ["id", "organization", "program", "title", "umbrella_number", "agreement_number",
                  "agreement_date", "start_date", "end_date", "status", "granted_amount",
                  "durability_end", "coordinator", "published", "public_summary", "eu_contribution",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["organization"].queryset = organization_choices(
                user=request.user, permission="grant.change")
            self.fields["coordinator"].queryset = person_list(user=request.user)
        if self.instance is not None and not isinstance(self.instance, list):
            self.fields["program"].read_only = True

    @extend_schema_field(money_field())
    def get_eu_contribution(self, project) -> str:
        return money_text(selectors.eu_contribution(project))


class GrantProjectDetailSerializer(GrantProjectSerializer):
    """A project with its budget: planned, spent (gross), eligible and remaining per line and in
    total, and the budget's warnings (read-only; as on the project's Budget tab)."""

    budget = serializers.SerializerMethodField(label=gettext_lazy("Budget"))

    class Meta(GrantProjectSerializer.Meta):
        fields = [*GrantProjectSerializer.Meta.fields, "budget"]

    @extend_schema_field(BudgetSerializer)
    def get_budget(self, project) -> dict:
        return BudgetSerializer(selectors.budget(project)).data


TrancheSerializer = child_serializer(Tranche, ["number", "share", "expected_amount", "condition", "request_due",
                                                "requested_on", "received_on", "received_amount"])
BudgetLineSerializer = child_serializer(BudgetLine, ["area", "name", "planned_amount"])
MilestoneSerializer = child_serializer(Milestone, ["kind", "name", "due_date", "done_on"], read_only=["automatic"])
_PromotionItemFields = child_serializer(PromotionItem, ["code", "name", "done_on", "evidence_url",
                                                         "evidence_note"])


class WebAddressField(serializers.URLField):
    """An address as people type it: "mikstat.pl/aktualnosci" means https://, as in the form."""

    def to_internal_value(self, data):
        if isinstance(data, str) and data.strip() and "://" not in data:
            data = f"https://{data.strip()}"
        return super().to_internal_value(data)


class PromotionItemSerializer(_PromotionItemFields):
    evidence_url = WebAddressField(
        label=PromotionItem._meta.get_field("evidence_url").verbose_name, max_length=200, required=False,
        allow_blank=True, help_text=gettext_lazy("An address without http:// or https:// is taken as https://."))

    class Meta(_PromotionItemFields.Meta):
        # An empty code is given one by the service ("P1", "P2", …).
        extra_kwargs = {"code": {"required": False, "allow_blank": True}}


class ExpenditureListSerializer(serializers.ListSerializer):
    """A page of expenditures with their warnings worked out together (a few queries a page)."""

    def to_representation(self, data):
        items = list(data.all() if hasattr(data, "all") else data)
        self._context["warnings"] = selectors.expenditure_warnings(items)
        return super().to_representation(items)


class ExpenditureSerializer(ChildSerializer):
    warnings = serializers.SerializerMethodField(label=gettext_lazy("Warnings"), help_text=gettext_lazy(
        "What the coordinator should check (eligible above gross, dates outside the eligibility window, retired "
        "equipment, the budget line above its plan, the project above its grant); never stops a save."))
    eligible_amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    counted_amount = serializers.SerializerMethodField(
        label=gettext_lazy("Counted towards the settlement"), help_text=gettext_lazy(
            "The eligible amount, at most the gross amount, and 0.00 when the document date is outside the "
            "programme's eligibility window: what the budget and the settlement add up."))

    class Meta:
        model = Expenditure
        fields = ["id", "project", "budget_line", "document_number", "document_date", "supplier_name",
                  "supplier_nip", "description", "net_amount", "vat_amount", "gross_amount",
                  "eligible_amount", "counted_amount", "payment_date", "quantity", "unit", "assets", "notes",
                  "warnings"]
        validators = []
        list_serializer_class = ExpenditureListSerializer

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            from magistrat.inventory.selectors import asset_list

            self.fields["budget_line"].queryset = selectors.project_children(BudgetLine, user=request.user)
            self.fields["assets"].child_relation.queryset = asset_list(user=request.user)

    @extend_schema_field(money_field(read_only=True))
    def get_counted_amount(self, expenditure) -> str:
        counted = getattr(expenditure, "counted_amount", None)
        if counted is None:         # just saved: not read through the selector
            counted = selectors.with_counted(Expenditure.objects.filter(pk=expenditure.pk)) \
                .values_list("counted_amount", flat=True).first()
        return money_text(counted)

    def get_warnings(self, expenditure) -> list[str]:
        """Every warning of the saved expenditure: eligible above gross, dates outside the
        eligibility window, retired equipment, its budget line above the plan, the project above
        its grant. Read-only; warnings never stop a save."""
        computed = self.context.get("warnings")
        if computed is not None and expenditure.pk in computed:
            return computed[expenditure.pk]
        return selectors.expenditure_warning_list(expenditure)


class ProgramViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                     viewsets.GenericViewSet):
    """Grant programmes (data); installation administrators may edit them."""

    serializer_class = ProgramSerializer
    queryset = Program.objects.all()

    def perform_update(self, serializer):
        fresh = Program.objects.get(pk=serializer.instance.pk)
        serializer.instance = services.program_update(user=self.request.user, program=fresh,
                                                      **serializer.validated_data)

    def check_permissions(self, request):
        super().check_permissions(request)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not access.is_superuser(request.user):
            self.permission_denied(request, message=_("Programmes are kept by installation administrators."))


class GrantProjectViewSet(ServiceModelViewSet):
    """Grant projects of the organizations the caller may see."""

    serializer_class = GrantProjectSerializer
    filterset_class = GrantProjectFilter
    selector = selectors.project_list
    create_service = services.project_create
    update_service = services.project_update
    delete_service = services.project_delete

    def get_serializer_class(self):
        return GrantProjectDetailSerializer if self.action == "retrieve" else GrantProjectSerializer


class ExpenditureImportSerializer(ImportUploadSerializer):
    project = serializers.CharField(help_text=gettext_lazy("The grant project's id or agreement number."))
    organization = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text=gettext_lazy("The organization's id or slug, when the number is ambiguous."))


class ExpenditureViewSet(ServiceModelViewSet):
    """Expenditure documents of grant projects; `warnings` says what a coordinator should check
    (saving is never refused for them)."""

    serializer_class = ExpenditureSerializer
    filterset_class = ExpenditureFilter
    selector = selectors.expenditure_list
    create_service = services.expenditure_create
    update_service = services.expenditure_update
    delete_service = services.expenditure_delete

    def get_queryset(self):
        return super().get_queryset().prefetch_related("assets")

    @extend_schema(request={"multipart/form-data": ExpenditureImportSerializer},
                   responses={200: ImportResultSerializer, 400: ImportResultSerializer,
                              202: ImportJobSerializer})
    @action(detail=False, methods=["post"], url_path="import")
    def import_spreadsheet(self, request):
        """Import a project's expenditure documents from a CSV or XLSX file (multipart), with every
        error reported by row and column; nothing is saved unless the whole file is valid."""
        from magistrat.organizations.models import Organization
        from magistrat.organizations.selectors import find_organization

        from .imports import find_project

        serializer = ExpenditureImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        within = None
        if data.get("organization"):
            try:
                within = find_organization(user=request.user, reference=data["organization"])
            except Organization.DoesNotExist:
                raise DRFValidationError({"organization": [_("No organization you may see has this id or slug.")]}) \
                    from None
        project = find_project(user=request.user, reference=data["project"], within=within)
        return upload_response(request, kind="expenditures", organization=project.organization,
                               options=serializer.options(), target_id=project.pk)


def _child_viewset(model_class, serializer_class, create, update, delete, doc, filterset_class=None):
    def selector(*, user, within=None):
        return selectors.project_children(model_class, user=user, within=within)

    attrs = {"serializer_class": serializer_class, "selector": staticmethod(selector),
             "create_service": staticmethod(create), "update_service": staticmethod(update),
             "delete_service": staticmethod(delete), "__doc__": doc}
    attrs.update({"filterset_class": filterset_class} if filterset_class else {"filterset_fields": ["project"]})
    return type(f"{model_class.__name__}ViewSet", (ServiceModelViewSet,), attrs)


FundingSourceViewSet = _child_viewset(FundingSource, FundingSourceSerializer, services.funding_source_create,
                                      services.funding_source_update, services.funding_source_delete,
                                      "Funding sources of grant projects.")
TrancheViewSet = _child_viewset(Tranche, TrancheSerializer, services.tranche_create, services.tranche_update,
                                services.tranche_delete, "Tranches of grant projects.")
BudgetLineViewSet = _child_viewset(BudgetLine, BudgetLineSerializer, services.budget_line_create,
                                   services.budget_line_update, services.budget_line_delete,
                                   "Budget lines of grant projects.")
IndicatorViewSet = _child_viewset(Indicator, IndicatorSerializer, services.indicator_create,
                                  services.indicator_update, services.indicator_delete,
                                  "Indicators of grant projects.")
MilestoneViewSet = _child_viewset(Milestone, MilestoneSerializer, services.milestone_create,
                                  services.milestone_update, services.milestone_delete,
                                  "Milestones and deadlines of grant projects; filter by `project`, `kind`, "
                                  "`state` (open, overdue, ahead, done, all; none: all).", DeadlineFilter)
PromotionItemViewSet = _child_viewset(PromotionItem, PromotionItemSerializer, services.promotion_item_create,
                                      services.promotion_item_update, services.promotion_item_delete,
                                      "Promotion duties of grant projects.")

class ProjectDocumentSerializer(ModelSerializer):
    """A file kept with a project, an expenditure or a promotion duty. Uploaded as multipart;
    read back through `download`, which checks the caller's permissions."""

    file = serializers.FileField(write_only=True,
                                 help_text=gettext_lazy("PDF, JPEG or PNG, up to 10 MB (told by content)."))
    download = serializers.SerializerMethodField()
    uploaded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ProjectDocument
        fields = ["id", "project", "expenditure", "promotion_item", "kind", "name", "file", "content_type",
                  "size", "uploaded_by", "created_at", "download"]
        read_only_fields = ["content_type", "size", "created_at"]
        extra_kwargs = {"project": {"required": False}, "name": {"required": False, "allow_blank": True}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["project"].queryset = selectors.project_list(user=request.user)
            self.fields["expenditure"].queryset = selectors.expenditure_list(user=request.user)
            self.fields["promotion_item"].queryset = selectors.project_children(PromotionItem, user=request.user)

    def validate(self, attrs):
        if not any(attrs.get(name) for name in ("project", "expenditure", "promotion_item")):
            raise serializers.ValidationError({"project": [_("Give the project, the expenditure or the promotion "
                                                             "duty.")]})
        return attrs

    def get_download(self, document) -> str:
        url = reverse("projectdocument-download", args=[document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class ProjectDocumentViewSet(ServiceModelViewSet):
    """Invoices, proofs of payment, acceptance protocols and promotion evidence of grant projects:
    list (filter by `project`, `expenditure`, `promotion_item`, `kind`), upload (multipart), delete."""

    serializer_class = ProjectDocumentSerializer
    filterset_class = ProjectDocumentFilter
    selector = selectors.project_document_list
    delete_service = services.project_document_delete
    parser_classes = [MultiPartParser, FormParser]
    http_method_names = ["get", "post", "delete", "head", "options"]   # a file is replaced, not edited

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.project_document_add(
            user=self.request.user, upload=data.pop("file"), **data)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """The file itself (PDF, JPEG or PNG)."""
        from .document_views import document_response

        return document_response(self.get_object())


ROUTES = [
    ("programmes", ProgramViewSet, "program"),
    ("grant-projects", GrantProjectViewSet, "grantproject"),
    ("funding-sources", FundingSourceViewSet, "fundingsource"),
    ("tranches", TrancheViewSet, "tranche"),
    ("budget-lines", BudgetLineViewSet, "budgetline"),
    ("expenditures", ExpenditureViewSet, "expenditure"),
    ("indicators", IndicatorViewSet, "indicator"),
    ("milestones", MilestoneViewSet, "milestone"),
    ("promotion-items", PromotionItemViewSet, "promotionitem"),
    ("project-documents", ProjectDocumentViewSet, "projectdocument"),
]
