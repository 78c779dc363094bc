"""REST endpoints of the hardware register (registered in magistrat.api.urls)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from magistrat.api.exports import ExportMixin
from magistrat.api.serializers import ModelSerializer, StrictPrimaryKeyRelatedField
from magistrat.api.viewsets import ServiceModelViewSet
from magistrat.core.imports.api import (
    ImportJobSerializer,
    ImportResultSerializer,
    ImportUploadSerializer,
    upload_response,
)
from magistrat.organizations.models import Organization, Person
from magistrat.organizations.selectors import find_organization, organization_choices, person_list

from . import kst, selectors, services
from .filters import AssetCategoryFilter, AssetFilter, LocationFilter, ProtocolFilter
from .models import NOT_NEGATIVE, Asset, AssetCategory, HandoverProtocol, KstClass, Location, ProtocolItem
from .pdf_views import asset_list_pdf_file, labels_filename, labels_response
from .tables import ASSET_EXPORT_COLUMNS


class _Scoped(ModelSerializer):
    """Related-record choices limited to what the caller may see or change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        user = request.user
        choices = {
            "organization": lambda: organization_choices(user=user, permission="asset.change"),
            "category": lambda: selectors.category_list(user=user),
            "location": lambda: selectors.location_list(user=user),
            "parent": lambda: (selectors.location_list(user=user) if self.Meta.model is Location
                               else selectors.asset_list(user=user)),
            "person": lambda: person_list(user=user),
        }
        for name, queryset in choices.items():
            field = self.fields.get(name)
            if field is not None and not field.read_only and hasattr(field, "queryset"):
                field.queryset = queryset()


class AssetSerializer(_Scoped):
    inventory_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    low_value = serializers.BooleanField(read_only=True, help_text=_(
        "Within the organization's current low-value threshold (gross price, else net)."))
    person = StrictPrimaryKeyRelatedField(
        queryset=Person.objects.none(), required=False, allow_null=True, help_text=_(
            "Who holds it. On creation the asset is handed over to this employee with a protocol dated "
            "today; afterwards it changes only with POST /api/v1/assets/handover/ and "
            "/api/v1/assets/return/."))
    status = serializers.ChoiceField(choices=Asset.Status.choices, required=False, help_text=_(
        "Withdrawn, disposed and lost are set by POST /api/v1/assets/{id}/retire/ only, and left by "
        "POST /api/v1/assets/{id}/restore/."))

    class Meta:
        model = Asset
        fields = ["id", "organization", "inventory_number", "fixed_asset_number", "name",
                  "category", "manufacturer", "model", "serial_number", "status", "quantity",
                  "location", "person", "parent", "purchase_date", "commissioning_date",
                  "supplier_name", "supplier_nip", "invoice_number", "net_price", "vat_rate",
                  "gross_price", "funding", "warranty_end", "low_value", "hostname", "os_name",
                  "os_version", "cpu", "ram", "disk", "mac_addresses", "ip_addresses", "firmware",
                  "notes", "retired_on", "retirement_reason", "retirement_protocol", "import_job",
                  "created_at", "updated_at"]
        read_only_fields = ["retired_on", "retirement_reason", "retirement_protocol", "import_job",
                            "created_at", "updated_at"]
        # Uniqueness is checked by the service (with the generated number); skip DRF's checks.
        validators = []
        # The model's words for a negative amount, not DRF's "greater than or equal to 0".
        extra_kwargs = {name: {"error_messages": {"min_value": NOT_NEGATIVE.message}}
                        for name in ("net_price", "vat_rate", "gross_price")}


class AssetCategorySerializer(_Scoped):
    class Meta:
        model = AssetCategory
        fields = ["id", "organization", "name", "code", "kst", "tracking"]
        validators = []


class LocationSerializer(_Scoped):
    class Meta:
        model = Location
        fields = ["id", "organization", "name", "kind", "parent", "notes"]
        validators = []


class ProtocolItemSerializer(serializers.Serializer):
    asset = serializers.IntegerField(help_text=_("Asset id (one of `assets`)"))
    condition = serializers.CharField(required=False, allow_blank=True, max_length=100)
    accessories = serializers.CharField(required=False, allow_blank=True, max_length=255)
    status = serializers.ChoiceField(
        choices=[(value, Asset.Status(value).label) for value in ProtocolItem.RETURN_STATUSES],
        required=False, allow_blank=True, help_text=_(
            "Return only: where the item goes back — in_stock (the default, also when empty) or "
            "in_repair; the return protocol states it."))


class HandoverSerializer(serializers.Serializer):
    person = StrictPrimaryKeyRelatedField(queryset=Person.objects.none(),
                                                help_text=_("Employee id"))
    assets = StrictPrimaryKeyRelatedField(queryset=Asset.objects.none(), many=True)
    date = serializers.DateField(required=False)
    issued_by = serializers.CharField(required=False, allow_blank=True, max_length=200)
    notes = serializers.CharField(required=False, allow_blank=True)
    items = ProtocolItemSerializer(many=True, required=False, write_only=True,
                                   help_text=_("Condition and accessories per asset, printed on the protocol"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:  # schema generation
            return
        user = request.user
        self.fields["person"].queryset = person_list(user=user)
        self.fields["assets"].child_relation.queryset = selectors.asset_list(user=user)

    def validate(self, data):
        chosen = {asset.pk for asset in data.get("assets", [])}
        details = {}
        for item in data.pop("items", []):
            if item["asset"] not in chosen:
                raise serializers.ValidationError({"items": [_("Asset %(id)s is not among the assets.")
                                                             % {"id": item["asset"]}]})
            if not item.get("status"):
                item.pop("status", None)           # empty: the default, as on the screen
            if "status" in item and not self.context.get("returning"):
                raise serializers.ValidationError({"items": [_(
                    "Asset %(id)s: “status” says where a returned item goes; a handover puts "
                    "every item in use.") % {"id": item["asset"]}]})
            details[item["asset"]] = {k: v for k, v in item.items() if k != "asset"}
        if details:
            data["details"] = details
        return data


class ProtocolItemReadSerializer(serializers.ModelSerializer):
    status = serializers.CharField(source="status_after", help_text=_(
        "Return only: the status the item went back to (in_stock or in_repair); empty for a handover."))

    class Meta:
        model = ProtocolItem
        fields = ["asset", "quantity", "condition", "accessories", "status"]


class ProtocolSerializer(serializers.ModelSerializer):
    assets = serializers.SerializerMethodField()
    items = ProtocolItemReadSerializer(many=True, read_only=True)
    pdf = serializers.SerializerMethodField(help_text=_(
        "The protocol as PDF, through the API (a token works)."))
    page = serializers.SerializerMethodField(help_text=_("The protocol's page in the web interface."))

    class Meta:
        model = HandoverProtocol
        fields = ["id", "organization", "number", "kind", "date", "person", "issued_by", "notes",
                  "assets", "items", "pdf", "page"]

    def get_assets(self, protocol) -> list[int]:
        return [item.asset_id for item in protocol.items.all()]

    def get_pdf(self, protocol) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("handoverprotocol-pdf", args=[protocol.pk]))

    def get_page(self, protocol) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("inventory:protocol_done", args=[protocol.pk]))


class RetireSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[(value, label) for value, label in Asset.Status.choices
                                              if value in Asset.RETIRED],
                                     help_text=_("withdrawn, disposed or lost"))
    date = serializers.DateField(help_text=_("Not in the future, not before the purchase."))
    reason = serializers.CharField(max_length=255)
    protocol_number = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                            help_text=_("Required for a disposal (protokół likwidacji)."))
    confirm_durability = serializers.BooleanField(default=False, help_text=_(
        "Required (true) when a grant project still in its durability period paid for the asset."))


class RestoreSerializer(serializers.Serializer):
    date = serializers.DateField(help_text=_("Not in the future, not before the withdrawal."))
    reason = serializers.CharField(max_length=255)


def _asset_list_pdf(request, queryset, filename):
    return asset_list_pdf_file(queryset, filename, request=request)


def _asset_labels(request, queryset, filename):
    """`?export=labels`: the label sheet, its grid from `preset`, `columns`, `rows`, margins, gaps."""
    from .labels import LabelSheetForm, grid_data

    form = LabelSheetForm(grid_data(request.query_params))
    if not form.is_valid():
        raise ValidationError({name: [str(error) for error in errors] for name, errors in form.errors.items()})
    return labels_response(None, queryset, labels_filename(), request=request, grid=form.grid())


class AssetImportSerializer(ImportUploadSerializer):
    organization = serializers.CharField(help_text=_("The organization's id or slug."))
    update = serializers.BooleanField(default=False, help_text=_(
        "Update assets already in the register (by inventory number, else serial number)."))
    create_missing = serializers.BooleanField(default=False, help_text=_(
        "Create unknown categories, locations and people instead of reporting them."))


LABEL_PARAMETERS = {
    "preset": (str, "a common A4 label sheet"),
    "columns": (int, "labels across the sheet (1-8)"),
    "rows": (int, "labels down the sheet (1-30)"),
    "margin_top": (float, "top margin in mm (0-100)"),
    "margin_right": (float, "right margin in mm (0-100)"),
    "margin_bottom": (float, "bottom margin in mm (0-100)"),
    "margin_left": (float, "left margin in mm (0-100)"),
    "gap_x": (float, "gap between columns in mm (0-50)"),
    "gap_y": (float, "gap between rows in mm (0-50)"),
    "outlines": (bool, "draw cut lines (for plain paper)"),
}


def _export_parameters() -> list:
    """The asset export's own parameters: its formats, and the label sheet's grid."""
    from .labels import PRESETS

    parameters = [OpenApiParameter("export", str, enum=["csv", "xlsx", "pdf", "labels"], default="csv",
                                   description="File format: pdf is the hardware list (wykaz sprzętu), "
                                               "labels a sheet of A4 labels with QR codes.")]
    for name, (kind, text) in LABEL_PARAMETERS.items():
        if name == "preset":
            text += ": " + "; ".join(f"{key} = {preset.label}" for key, preset in PRESETS.items())
        parameters.append(OpenApiParameter(
            name, kind, enum=list(PRESETS) if name == "preset" else None,
            description=f"Labels only: {text}. A parameter left out takes the preset's value "
                        "(3x8 when no preset is named); a grid too small for a readable QR code is a 400."))
    return parameters


@extend_schema_view(export=extend_schema(parameters=_export_parameters()))
class AssetViewSet(ExportMixin, ServiceModelViewSet):
    """Hardware register: assets of the organizations the caller may see."""

    export_columns = ASSET_EXPORT_COLUMNS
    export_title = _("Hardware register")
    extra_exports = {"pdf": _asset_list_pdf, "labels": _asset_labels}
    serializer_class = AssetSerializer
    filterset_class = AssetFilter
    selector = selectors.asset_list
    create_service = services.asset_create
    update_service = services.asset_update
    delete_service = services.asset_delete

    def _asset_response(self, request, asset):
        asset = self.get_queryset().get(pk=asset.pk)
        return Response(AssetSerializer(asset, context={"request": request}).data)

    @extend_schema(request=RetireSerializer, responses={200: AssetSerializer})
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        """Withdraw, dispose of or record the loss of an asset, with the date, reason and protocol
        number; `confirm_durability` when a grant's durability period still binds it."""
        asset = self.get_object()
        serializer = RetireSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            services.asset_retire(user=request.user, asset=asset,
                                  durability_confirmed=data.pop("confirm_durability"), **data)
        except DjangoValidationError as exc:
            if hasattr(exc, "error_dict") and "durability_confirmed" in exc.error_dict:
                exc.error_dict["confirm_durability"] = exc.error_dict.pop("durability_confirmed")
            raise
        return self._asset_response(request, asset)

    @extend_schema(request=RestoreSerializer, responses={200: AssetSerializer})
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        """Bring a withdrawn, disposed-of or lost asset back in stock (the withdrawal stays in its
        history)."""
        asset = self.get_object()
        serializer = RestoreSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.asset_restore(user=request.user, asset=asset, **serializer.validated_data)
        return self._asset_response(request, asset)

    def _protocol(self, request, service):
        serializer = HandoverSerializer(data=request.data, context={
            "request": request, "returning": service is services.asset_return})
        serializer.is_valid(raise_exception=True)
        protocol = service(user=request.user, **serializer.validated_data)
        return Response(ProtocolSerializer(protocol, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=HandoverSerializer, responses={201: ProtocolSerializer})
    @action(detail=False, methods=["post"])
    def handover(self, request):
        """Hand assets to an employee; returns the numbered protocol with its PDF link."""
        return self._protocol(request, services.asset_handover)

    @extend_schema(request={"multipart/form-data": AssetImportSerializer},
                   responses={200: ImportResultSerializer, 400: ImportResultSerializer,
                              202: ImportJobSerializer})
    @action(detail=False, methods=["post"], url_path="import")
    def import_spreadsheet(self, request):
        """Import equipment from a CSV or XLSX file (multipart). Every error is reported with its
        row and column and nothing is saved unless the whole file is valid; a large file is
        imported in the background (202 with the job's address)."""
        serializer = AssetImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            organization = find_organization(user=request.user,
                                             reference=serializer.validated_data["organization"])
        except Organization.DoesNotExist:
            raise ValidationError({"organization": [_("No organization you may see has this id or slug.")]}) from None
        options = {**serializer.options(), "update": serializer.validated_data["update"],
                   "create_missing": serializer.validated_data["create_missing"]}
        return upload_response(request, kind="assets", organization=organization, options=options)

    @extend_schema(request=HandoverSerializer, responses={201: ProtocolSerializer})
    @action(detail=False, methods=["post"], url_path="return")
    def take_back(self, request):
        """Take assets back from an employee (return protocol). Each item goes back in stock unless
        `items[].status` is `in_repair`."""
        return self._protocol(request, services.asset_return)


class ProtocolViewSet(viewsets.ReadOnlyModelViewSet):
    """Handover and return protocols of the organizations the caller may see (filters `person`,
    `asset`, `kind`, `organization`, `date_from`, `date_to`), each with its PDF."""

    serializer_class = ProtocolSerializer
    filterset_class = ProtocolFilter

    def get_queryset(self):
        queryset = selectors.protocol_list(user=self.request.user).prefetch_related("items")
        if "ordering" not in self.request.query_params:
            queryset = queryset.order_by("-date", "-id")
        return queryset

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """The protocol as PDF, ready to print and sign."""
        from .handover_views import protocol_pdf_response

        return protocol_pdf_response(self.get_object())


class AssetCategoryViewSet(ServiceModelViewSet):
    """Asset categories: the shared defaults and the organization's own."""

    serializer_class = AssetCategorySerializer
    filterset_class = AssetCategoryFilter
    selector = selectors.category_list
    create_service = services.category_create
    update_service = services.category_update
    delete_service = services.category_delete


class LocationViewSet(ServiceModelViewSet):
    """Locations (building → floor → room) of the organizations the caller may see."""

    serializer_class = LocationSerializer
    filterset_class = LocationFilter
    selector = selectors.location_list
    create_service = services.location_create
    update_service = services.location_update
    delete_service = services.location_delete

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list" and "ordering" not in self.request.query_params:
            # As the screen lists them: a tree, siblings in natural Polish order ("Pokój 2"
            # before "Pokój 11", "Łazienka" after "Lab"), not by the ids in the stored path.
            queryset = selectors.location_tree_order(queryset)
        return queryset


class KstClassSerializer(ModelSerializer):
    class Meta:
        model = KstClass
        fields = ["id", "edition", "code", "name", "depreciation_rate"]


class KstClassViewSet(ServiceModelViewSet):
    """The KŚT classification (fixed-asset classes with their edition): read by every user of
    the register, kept by installation administrators."""

    serializer_class = KstClassSerializer
    filterset_class = kst.KstClassFilter
    selector = selectors.kst_list
    create_service = kst.kst_create
    update_service = kst.kst_update
    delete_service = kst.kst_delete
