from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from magistrat.core.exceptions import AccessDenied
from magistrat.core.ids import parse_id, parse_ids
from magistrat.core.models import ImportJob
from magistrat.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from magistrat.organizations import access

from . import selectors, services
from .filters import AssetCategoryFilter, AssetFilter, LocationFilter
from .forms import AssetCategoryForm, AssetForm, BulkAssetForm, LocationForm, RestoreForm, RetireForm
from .models import Asset, AssetCategory, Location
from .pdf_views import (
    asset_list_pdf_response,
    grid_form,
    labels_filename,
    labels_list_response,
    labels_response,
)
from .tables import ASSET_COLUMNS, ASSET_EXPORT_COLUMNS, CATEGORY_COLUMNS, LOCATION_COLUMNS

# --- Assets ----------------------------------------------------------------------------------


class AssetViewMixin:
    model = Asset
    selector = selectors.asset_list
    view_permission = "asset.view"
    change_permission = "asset.change"
    url_namespace = "inventory"
    add_title = gettext_lazy("New asset")
    delete_check = services.asset_delete_refusal


class AssetListView(AssetViewMixin, ObjectListView):
    filterset_class = AssetFilter
    columns = ASSET_COLUMNS
    export_columns = ASSET_EXPORT_COLUMNS
    export_title = gettext_lazy("Hardware register")
    bulk_form_class = BulkAssetForm
    bulk_url_name = "inventory:asset_bulk"
    bulk_actions_template = "inventory/_asset_bulk_actions.html"
    extra_exports = {"pdf": asset_list_pdf_response, "labels": labels_list_response}
    export_screens = {"labels": "inventory:asset_labels"}   # choose the sheet first
    import_url_name = "inventory:asset_import"
    template_name = "inventory/asset_list.html"
    # The organization switcher scopes the screen; "the assets from this import" is a link.
    hidden_filters = ("organization", "import_job")

    def extra_context(self, **list_state) -> dict:
        """The import whose assets are listed (`?import_job=`), named above the list."""
        pk = parse_id(self.request.GET.get("import_job"))
        job = ImportJob.objects.filter(pk=pk, kind="assets").select_related("organization").first() \
            if pk else None
        if job is not None and not access.has_perm(self.request.user, "asset.view", job.organization):
            job = None
        return {"import_job": job}

    def post(self, request, *args, **kwargs):
        """Labels for the rows ticked in the list (the bulk form posts here)."""
        if request.GET.get("export") != "labels":
            raise Http404
        pks = parse_ids(request.POST.getlist("pk"))
        queryset = type(self).selector(user=request.user, within=None).filter(pk__in=pks)
        form = grid_form(request)
        if not form.is_valid():
            return HttpResponseBadRequest(form.error_text())
        return labels_response(self, queryset, labels_filename(), grid=form.grid())


class AssetDetailView(AssetViewMixin, ObjectDetailView):
    fields = [
        (gettext_lazy("Inventory number"), "inventory_number", "text"),
        (gettext_lazy("Fixed-asset register number"), "fixed_asset_number", "text"),
        (gettext_lazy("Name"), "name", "text"),
        (gettext_lazy("Category"), "category", "text"),
        (gettext_lazy("Manufacturer"), "manufacturer", "text"),
        (gettext_lazy("Model"), "model", "text"),
        (gettext_lazy("Serial number"), "serial_number", "text"),
        (gettext_lazy("Status"), "status", "text"),
        (gettext_lazy("Quantity"), "quantity", "text"),
        (gettext_lazy("Organization"), "organization", "link"),
        (gettext_lazy("Location"), "location", "link"),
        (gettext_lazy("Assigned to"), "person", "link"),
        (gettext_lazy("Part of"), "parent", "link"),
        (gettext_lazy("Purchase date"), "purchase_date", "date"),
        (gettext_lazy("Commissioning date"), "commissioning_date", "date"),
        (gettext_lazy("Supplier"), "supplier_name", "text"),
        (gettext_lazy("Supplier NIP"), "supplier_nip", "text"),
        (gettext_lazy("Invoice number"), "invoice_number", "text"),
        (gettext_lazy("Net price"), "net_price", "money"),
        (gettext_lazy("VAT rate [%]"), "vat_rate_figure", "text"),
        (gettext_lazy("Gross price"), "gross_price", "money"),
        (gettext_lazy("Low-value item"), "low_value", "bool"),
        (gettext_lazy("Funding"), "funding", "text"),
        (gettext_lazy("Warranty until"), "warranty_end", "date"),
        (gettext_lazy("Notes"), "notes", "text"),
        (gettext_lazy("Withdrawn / disposed on"), "retired_on", "date"),
        (gettext_lazy("Reason"), "retirement_reason", "text"),
        (gettext_lazy("Protocol number"), "retirement_protocol", "text"),
    ]
    configuration_fields = [
        (gettext_lazy("Hostname"), "hostname", "text"),
        (gettext_lazy("Operating system"), "os_name", "text"),
        (gettext_lazy("System version"), "os_version", "text"),
        (gettext_lazy("Processor"), "cpu", "text"),
        (gettext_lazy("Memory (RAM)"), "ram", "text"),
        (gettext_lazy("Disk"), "disk", "text"),
        (gettext_lazy("MAC addresses"), "mac_addresses", "text"),
        (gettext_lazy("IP addresses"), "ip_addresses", "text"),
        (gettext_lazy("Firmware"), "firmware", "text"),
    ]
    tabs = [("data", gettext_lazy("Data")), ("configuration", gettext_lazy("Configuration")),
            ("assignments", gettext_lazy("Assignments")),
            ("attachments", gettext_lazy("Attachments")), ("history", gettext_lazy("History"))]
    actions_template = "inventory/_asset_actions.html"
    notice_template = "inventory/_asset_notice.html"

    # Shown once the asset is withdrawn, disposed of or lost (before, they would only read "—").
    retirement_paths = ("retired_on", "retirement_reason", "retirement_protocol")

    def tab_context(self, obj, tab):
        context = {"durability": list(selectors.durability_projects(obj))}
        if not obj.is_retired and not obj.retired_on:
            context["fields"] = [field for field in self.fields if field[1] not in self.retirement_paths]
        return {**context, **self._tab(obj, tab)}

    def _tab(self, obj, tab):
        if tab == "configuration":
            return {"configuration_fields": self.configuration_fields}
        if tab == "assignments":
            return {"assignments": selectors.assignments_of(obj),
                    "components": obj.components.all(),
                    "former_components": selectors.former_components(obj, user=self.request.user)}
        if tab == "attachments":
            return {"attachments": obj.attachments.all()}
        return {}


class AssetEditView(AssetViewMixin, ObjectEditView):
    form_class = AssetForm
    create_service = services.asset_create
    update_service = services.asset_update
    template_name = "inventory/asset_form.html"

    def get_initial(self):
        if self.object is not None:
            return {}
        return {"organization": self.request.organization, "status": Asset.Status.IN_STOCK,
                "vat_rate": 23}


class AssetDeleteView(AssetViewMixin, ObjectDeleteView):
    delete_service = services.asset_delete


@require_POST
@login_required
def asset_bulk(request):
    form = BulkAssetForm(request.POST, user=request.user)
    pks = parse_ids(request.POST.getlist("pk"))
    target = request.POST.get("next") or reverse("inventory:asset_list")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("inventory:asset_list")
    if not pks:
        messages.error(request, _("Tick at least one row."))
        return HttpResponseRedirect(target)
    if not form.is_valid() or not form.changes():
        messages.error(request, _("Choose a status or a location to set."))
        return HttpResponseRedirect(target)
    assets = selectors.asset_list(user=request.user).filter(pk__in=pks)
    try:
        count = services.asset_bulk_update(user=request.user, assets=assets, **form.changes())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except AccessDenied:
        messages.error(request, _("You may not change some of the selected assets."))
    else:
        messages.success(request, ngettext("Changed %(count)d asset.", "Changed %(count)d assets.", count)
                         % {"count": count})
    return HttpResponseRedirect(target)


def _asset_or_404(request, pk):
    asset = selectors.asset_list(user=request.user).filter(pk=pk).first()
    if asset is None:
        raise Http404
    return asset


@login_required
def asset_retire(request, pk):
    asset = _asset_or_404(request, pk)
    if not access.has_perm(request.user, "asset.change", asset.organization):
        raise AccessDenied
    if asset.status in (Asset.Status.DISPOSED, Asset.Status.LOST):
        messages.error(request, _("%(asset)s is already %(status)s; restore it first if it came back.")
                       % {"asset": asset, "status": asset.get_status_display()})
        return HttpResponseRedirect(asset.get_absolute_url())
    bound = list(selectors.durability_projects(asset))
    form = RetireForm(request.POST or None, initial={"date": timezone.localdate()},
                      under_durability=bool(bound), current=asset.status)
    if request.method == "POST" and form.is_valid():
        try:
            services.asset_retire(user=request.user, asset=asset, **form.cleaned_data)
        except ValidationError as exc:
            ObjectEditView.add_errors(form, exc)
        else:
            messages.success(request, _("Recorded: %(asset)s is now %(status)s.")
                             % {"asset": asset, "status": asset.get_status_display()})
            return HttpResponseRedirect(asset.get_absolute_url())
    warning = services.durability_warning(bound) if bound else ""
    holder = services.holder_of(asset)
    return_url = _return_url(holder, asset) if holder is not None else ""
    return render(request, "inventory/asset_retire.html",
                  {"asset": asset, "form": form, "retire_warning": warning, "holder": holder,
                   "return_url": return_url},
                  status=400 if form.errors else 200)


@login_required
def asset_restore(request, pk):
    """Bring a withdrawn, disposed-of or lost asset back (found again, back in use, a mistake)."""
    asset = _asset_or_404(request, pk)
    if not access.has_perm(request.user, "asset.change", asset.organization):
        raise AccessDenied
    if asset.status not in Asset.RETIRED:
        messages.error(request, _("%(asset)s is not withdrawn, disposed of or lost.") % {"asset": asset})
        return HttpResponseRedirect(asset.get_absolute_url())
    form = RestoreForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.asset_restore(user=request.user, asset=asset, **form.cleaned_data)
        except ValidationError as exc:
            ObjectEditView.add_errors(form, exc)
        else:
            messages.success(request, _("Restored: %(asset)s is in stock again.") % {"asset": asset})
            return HttpResponseRedirect(asset.get_absolute_url())
    return render(request, "inventory/asset_restore.html", {"asset": asset, "form": form},
                  status=400 if form.errors else 200)


def _return_url(person, asset) -> str:
    """The return form with the person and the asset chosen."""
    return f"{reverse('inventory:handover_return')}?{urlencode({'person': person.pk, 'assets': asset.pk})}"


# --- Attachments -----------------------------------------------------------------------------

@require_POST
@login_required
def attachment_add(request, pk):
    asset = _asset_or_404(request, pk)
    upload = request.FILES.get("file")
    target = f"{asset.get_absolute_url()}?tab=attachments"
    if upload is None:
        messages.error(request, _("Choose a file."))
        return HttpResponseRedirect(target)
    try:
        services.attachment_add(user=request.user, asset=asset, upload=upload,
                                name=request.POST.get("name", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except AccessDenied:
        raise
    else:
        messages.success(request, _("File attached."))
    return HttpResponseRedirect(target)


@login_required
def attachment_download(request, pk, attachment_pk):
    asset = _asset_or_404(request, pk)
    attachment = asset.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), content_type=attachment.content_type,
                        as_attachment=attachment.content_type == "application/pdf",
                        filename=attachment.name)


@require_POST
@login_required
def attachment_remove(request, pk, attachment_pk):
    asset = _asset_or_404(request, pk)
    attachment = asset.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    services.attachment_delete(user=request.user, attachment=attachment)
    messages.success(request, _("Attachment removed."))
    return HttpResponseRedirect(f"{asset.get_absolute_url()}?tab=attachments")


# --- Categories and locations ------------------------------------------------------------------

class CategoryViewMixin:
    model = AssetCategory
    selector = selectors.category_list
    view_permission = "asset.view"
    change_permission = "asset.change"
    url_namespace = "inventory"
    add_title = gettext_lazy("New asset category")

    def can_change(self, obj):
        if obj.organization_id is None:
            return access.is_superuser(self.request.user)
        return access.has_perm(self.request.user, "asset.change", obj.organization)


class CategoryListView(CategoryViewMixin, ObjectListView):
    filterset_class = AssetCategoryFilter
    columns = CATEGORY_COLUMNS


class CategoryDetailView(CategoryViewMixin, ObjectDetailView):
    fields = [(gettext_lazy("Name"), "name", "text"), (gettext_lazy("Code"), "code", "text"),
              (gettext_lazy("KŚT class"), "kst", "text"), (gettext_lazy("Tracking"), "tracking", "text"),
              (gettext_lazy("Organization"), "organization", "link")]


class CategoryEditView(CategoryViewMixin, ObjectEditView):
    form_class = AssetCategoryForm
    create_service = services.category_create
    update_service = services.category_update


class CategoryDeleteView(CategoryViewMixin, ObjectDeleteView):
    delete_service = services.category_delete


class LocationViewMixin:
    model = Location
    selector = selectors.location_list
    view_permission = "asset.view"
    change_permission = "asset.change"
    url_namespace = "inventory"
    add_title = gettext_lazy("New location")


class LocationListView(LocationViewMixin, ObjectListView):
    filterset_class = LocationFilter
    columns = LOCATION_COLUMNS

    def get_queryset(self):
        # As a tree, siblings by name naturally; a column's sort link (?ordering=) overrides it.
        return selectors.location_tree_order(super().get_queryset())


class LocationDetailView(LocationViewMixin, ObjectDetailView):
    fields = [(gettext_lazy("Name"), "name", "text"), (gettext_lazy("Kind"), "kind", "text"),
              (gettext_lazy("Part of"), "parent", "link"),
              (gettext_lazy("Organization"), "organization", "link"),
              (gettext_lazy("Notes"), "notes", "text")]
    tabs = [("data", gettext_lazy("Data")), ("inside", gettext_lazy("Locations inside")),
            ("assets", gettext_lazy("Equipment here")), ("history", gettext_lazy("History"))]
    actions_template = "inventory/_location_actions.html"

    def tab_context(self, obj, tab):
        context = {}
        if tab == "inside":
            context["tree"] = selectors.location_tree(obj)
        if tab == "assets":
            assets = selectors.asset_list(user=self.request.user).filter(
                location__in=selectors.location_subtree(obj))
            context.update(assets=assets[:500], asset_count=assets.count(),
                           sublocations=selectors.sorted_locations(obj.children.all()))
        return context


class LocationEditView(LocationViewMixin, ObjectEditView):
    form_class = LocationForm
    create_service = services.location_create
    update_service = services.location_update

    # What usually goes inside each kind, offered by "Add a location here".
    CHILD_KIND = {Location.Kind.BUILDING: Location.Kind.FLOOR, Location.Kind.FLOOR: Location.Kind.ROOM,
                  Location.Kind.ROOM: Location.Kind.OTHER, Location.Kind.OTHER: Location.Kind.BUILDING}

    def get_initial(self):
        if self.object is not None:
            return {}
        parent_pk = parse_id(self.request.GET.get("parent"))
        parent = (selectors.location_list(user=self.request.user).filter(pk=parent_pk).first()
                  if parent_pk is not None else None)
        if parent is None:
            return {"organization": self.request.organization}
        return {"organization": parent.organization, "parent": parent,
                "kind": self.CHILD_KIND.get(parent.kind, Location.Kind.ROOM)}


class LocationDeleteView(LocationViewMixin, ObjectDeleteView):
    delete_service = services.location_delete
