from pathlib import Path
from types import SimpleNamespace

from django.core.management.base import CommandError
from django.http import QueryDict

from magistrat.cli.base import MagistratCommand
from magistrat.core import exports
from magistrat.inventory.filters import AssetFilter
from magistrat.inventory.labels import PRESETS
from magistrat.inventory.selectors import asset_list
from magistrat.inventory.tables import ASSET_EXPORT_COLUMNS
from magistrat.organizations import selectors
from magistrat.organizations.filters import OrganizationFilter, PersonFilter
from magistrat.organizations.tables import ORGANIZATION_COLUMNS, PERSON_COLUMNS

# name -> (selector, FilterSet, columns): the same definitions as the list screens and the API.
EXPORTS = {
    "assets": (asset_list, AssetFilter, ASSET_EXPORT_COLUMNS),
    "people": (selectors.person_list, PersonFilter, PERSON_COLUMNS),
    "organizations": (selectors.organization_list, OrganizationFilter, ORGANIZATION_COLUMNS),
}


class Command(MagistratCommand):
    help = ("Export a list (assets, people, organizations) to CSV, XLSX or PDF (assets), or print "
            "asset labels, with the list screen's filters, e.g. --filter status=in_use --filter category=3.")
    acts_as_user = True

    def add_command_arguments(self, parser):
        parser.add_argument("what", choices=sorted(EXPORTS))
        parser.add_argument("--org", help="organization slug or id: it and its subordinate units")
        parser.add_argument("--format", choices=["csv", "xlsx", "pdf", "labels"], default="csv",
                            help="labels: a PDF sheet of asset labels with QR codes")
        parser.add_argument("-o", "--output", required=True, help="file to write")
        parser.add_argument("--search", default="", help="text search, as in the list screen")
        parser.add_argument("--filter", action="append", default=[], metavar="NAME=VALUE",
                            help="any filter of the list screen, e.g. --filter active=true")
        labels = parser.add_argument_group("label sheet (--format labels)")
        labels.add_argument("--preset", choices=sorted(PRESETS),
                            help="a common A4 sheet (default 3x8, 70 x 37 mm); options below override it")
        labels.add_argument("--columns", type=int, help="labels across the sheet")
        labels.add_argument("--rows", type=int, help="labels down the sheet")
        for name in ("margin-top", "margin-right", "margin-bottom", "margin-left", "gap-x", "gap-y"):
            labels.add_argument(f"--{name}", metavar="MM", help=f"{name.replace('-', ' ')} in millimetres")
        labels.add_argument("--outlines", action="store_true", help="draw cut lines (for plain paper)")
        labels.add_argument("--base-url", default="",
                            help="address the QR codes open (default: MAGISTRAT_BASE_URL)")

    def handle(self, *args, what, org, output, **options):
        actor = self.actor(options)
        selector, filterset_class, columns = EXPORTS[what]
        within = self.organization(actor, org) if org else None
        # A QueryDict, as from a list screen's URL: a filter may repeat (status=a, status=b).
        data = QueryDict(mutable=True)
        if options["search"]:
            data["search"] = options["search"]
        for item in options["filter"]:
            name, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"--filter needs NAME=VALUE, not {item!r}")
            data.appendlist(name, value)
        filterset = filterset_class(data or None, queryset=selector(user=actor, within=within),
                                    request=SimpleNamespace(user=actor))
        if filterset.is_bound and not filterset.is_valid():
            errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items())
            raise CommandError(f"invalid filter: {errors}")
        queryset = filterset.qs
        path = Path(output)
        if not path.parent.exists():
            raise CommandError(f"directory {path.parent} does not exist")
        if options["format"] == "labels":
            if what != "assets":
                raise CommandError("labels are printed for assets")
            self._labels(queryset, path, options)
            return
        if options["format"] == "pdf":
            if what != "assets":
                raise CommandError("PDF is available for assets (the hardware list)")
            from magistrat.inventory.documents import asset_list_pdf
            from magistrat.inventory.pdf_views import describe_filters
            from magistrat.inventory.tables import ASSET_PRINT_COLUMNS

            with path.open("wb") as handle:
                asset_list_pdf(queryset, ASSET_PRINT_COLUMNS, handle,
                               title="Wykaz sprzętu", organization=within,
                               filters_text=describe_filters(filterset))
        elif options["format"] == "xlsx":
            with path.open("wb") as handle:
                exports.write_xlsx(queryset, columns, handle, title=what)
        else:
            response = exports.csv_response(queryset, columns, what)
            with path.open("wb") as handle:
                for chunk in response.streaming_content:
                    handle.write(chunk)
        self.stdout.write(f"wrote {queryset.count()} rows to {path}")

    def _labels(self, queryset, path, options):
        from django.conf import settings

        from magistrat.inventory.documents import labels_pdf
        from magistrat.inventory.labels import LabelSheetForm, grid_data
        from magistrat.inventory.pdf_views import MAX_LABELS

        values = {name: options.get(name) for name in ("preset", "columns", "rows", "margin_top", "margin_right",
                                                       "margin_bottom", "margin_left", "gap_x", "gap_y")}
        values["outlines"] = "1" if options.get("outlines") else None
        form = LabelSheetForm(grid_data(values))
        if not form.is_valid():
            raise CommandError(f"invalid label sheet: {form.error_text()}")
        base_url = options.get("base_url") or getattr(settings, "MAGISTRAT_BASE_URL", "")
        if not base_url:
            raise CommandError("the QR codes need the site's address: set MAGISTRAT_BASE_URL or pass --base-url")
        count = min(queryset.count(), MAX_LABELS)
        with path.open("wb") as handle:
            labels_pdf(queryset[:MAX_LABELS], handle, base_url=base_url, **form.grid())
        sheets = -(-count // form.per_sheet)
        self.stdout.write(f"wrote {count} labels on {sheets} sheet(s) to {path}")
