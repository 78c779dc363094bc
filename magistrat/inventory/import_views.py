"""The register's spreadsheet import screens (the generic upload → preview → confirm of
core.imports, for equipment)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from magistrat.core.exceptions import AccessDenied
from magistrat.core.imports.views import ImportJobView, ImportStartView
from magistrat.organizations import access
from magistrat.organizations.selectors import organization_choices


def columns_help(fields) -> list:
    return [(f.label, f.name, ", ".join(f"“{a}”" for a in f.aliases[:4])) for f in fields]


class AssetImportView(ImportStartView):
    kind = "assets"
    options = ("update", "create_missing")
    job_url_name = "inventory:asset_import_job"
    title = gettext_lazy("Import equipment")
    intro = gettext_lazy("Upload the spreadsheet your office keeps (CSV or XLSX). Columns are "
                         "recognised by their Polish or English names; an exported list imports "
                         "back unchanged.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not access.has_perm_anywhere(request.user, "asset.change"):
            raise AccessDenied
        return super().dispatch(request, *args, **kwargs)

    def organizations(self):
        return organization_choices(user=self.request.user, permission="asset.change")

    def target(self):
        from .import_columns import FIELDS

        return None, None, {"back_url": reverse("inventory:asset_list"),
                            "back_label": _("Hardware register"), "columns_help": columns_help(FIELDS)}


class AssetImportJobView(ImportJobView):
    kind = "assets"
    start_url_name = "inventory:asset_import"
    title = gettext_lazy("Import equipment")
