from types import SimpleNamespace

from django.core.management.base import CommandError
from django.http import QueryDict
from django.utils.translation import ngettext

from magistrat.cli.base import MagistratCommand
from magistrat.core import exports
from magistrat.core.filters_widgets import check_filterset_ranges
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
            "asset labels, with the list screen's filters, e.g. --filter status=in_use --filter "
            "category=3. The file is Polish, like the list screen's export. -o - writes to "
            "standard output (XLSX and PDF only into a pipe or a redirection).")
    acts_as_user = True

    def add_command_arguments(self, parser):
        parser.add_argument("what", choices=sorted(EXPORTS))
        parser.add_argument("--org", help="organization slug or id: it and its subordinate units")
        parser.add_argument("--format", choices=["csv", "xlsx", "pdf", "labels"], default="csv",
                            help="labels: a PDF sheet of asset labels with QR codes")
        parser.add_argument("-o", "--output", required=True,
                            help="file to write; - for standard output")
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
        fmt = options["format"]
        if fmt in ("pdf", "labels") and what != "assets":
            raise CommandError("PDF is available for assets (the hardware list)" if fmt == "pdf"
                               else "labels are printed for assets")
        within = self.organization(actor, org) if org else None
        filterset = filterset_class(self.filter_data(filterset_class, what, options) or None,
                                    queryset=selector(user=actor, within=within),
                                    request=SimpleNamespace(user=actor))
        check_filterset_ranges(filterset)
        if filterset.is_bound and not filterset.is_valid():
            errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items())
            raise CommandError(f"invalid filter: {errors}")
        queryset = filterset.qs
        target = "standard output" if output == "-" else output
        if fmt == "labels":
            form, base_url = self.label_sheet(options)
            with self.output(output, binary=True) as handle, self.documents_language():
                count, sheets = self.write_labels(queryset, handle, form, base_url)
            self.say(output, ngettext("wrote %(count)d label on %(sheets)d sheet(s) to %(target)s",
                                      "wrote %(count)d labels on %(sheets)d sheet(s) to %(target)s", count)
                     % {"count": count, "sheets": sheets, "target": target})
            return
        with self.output(output, binary=fmt != "csv") as handle, self.documents_language():
            self.write(what, fmt, queryset, columns, handle, within, filterset, actor)
        count = queryset.count()
        self.say(output, ngettext("wrote %(count)d row to %(target)s",
                                  "wrote %(count)d rows to %(target)s", count)
                 % {"count": count, "target": target})

    @staticmethod
    def filter_data(filterset_class, what, options) -> QueryDict:
        """The filters as a QueryDict, as from a list screen's URL (a filter may repeat:
        status=a, status=b); an unknown name is an error listing the known ones."""
        data = QueryDict(mutable=True)
        if options["search"]:
            data["search"] = options["search"]
        known = [name for name in filterset_class.base_filters if name != "search"]
        for item in options["filter"]:
            name, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"--filter needs NAME=VALUE, not {item!r}")
            if name not in known:
                raise CommandError(f"unknown filter {name!r} for {what}; the filters are: "
                                   f"{', '.join(known)}")
            data.appendlist(name, value)
        return data

    @staticmethod
    def write(what, fmt, queryset, columns, handle, within, filterset, actor):
        if fmt == "pdf":
            from magistrat.inventory.documents import asset_list_pdf
            from magistrat.inventory.pdf_views import describe_filters
            from magistrat.inventory.tables import ASSET_PRINT_COLUMNS

            asset_list_pdf(queryset, ASSET_PRINT_COLUMNS, handle, title="Wykaz sprzętu",
                           organization=within, filters_text=describe_filters(filterset, user=actor))
        elif fmt == "xlsx":
            exports.write_xlsx(queryset, columns, handle,
                               title=str(queryset.model._meta.verbose_name_plural))
        else:
            for chunk in exports.csv_response(queryset, columns, what).streaming_content:
                handle.write(chunk)

    @staticmethod
    def label_sheet(options):
        """The label grid from the options, checked by the labels screen's own form."""
        from django.conf import settings

        from magistrat.inventory.labels import LabelSheetForm, grid_data

        values = {name: options.get(name) for name in ("preset", "columns", "rows", "margin_top", "margin_right",
                                                       "margin_bottom", "margin_left", "gap_x", "gap_y")}
        values["outlines"] = "1" if options.get("outlines") else None
        form = LabelSheetForm(grid_data(values))
        if not form.is_valid():
            raise CommandError(f"invalid label sheet: {form.error_text()}")
        base_url = options.get("base_url") or getattr(settings, "MAGISTRAT_BASE_URL", "")
        if not base_url:
            raise CommandError("the QR codes need the site's address: set MAGISTRAT_BASE_URL or pass --base-url")
        return form, base_url

    @staticmethod
    def write_labels(queryset, handle, form, base_url) -> tuple[int, int]:
        from magistrat.inventory.documents import labels_pdf
        from magistrat.inventory.pdf_views import MAX_LABELS

        count = min(queryset.count(), MAX_LABELS)
        labels_pdf(queryset[:MAX_LABELS], handle, base_url=base_url, **form.grid())
        return count, -(-count // form.per_sheet)
