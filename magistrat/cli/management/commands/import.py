"""`magistrat import assets|expenditures FILE …`: the spreadsheet import from the command line.

Every error is printed (one line each: row, column, reason) before the one-line summary; the
exit status is 1 when anything is wrong, and then nothing is saved."""

import sys
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import ngettext

from magistrat.cli.base import MagistratCommand
from magistrat.core.imports.reading import ImportFileError


class Progress:
    """A tqdm bar on standard error (only when it is a terminal)."""

    def __init__(self, stream):
        self.bar, self.phase, self.stream = None, None, stream

    def __call__(self, phase, done, total):
        from tqdm import tqdm

        if phase != self.phase:
            self.close()
            label = {"validating": "checking", "writing": "importing"}.get(phase, phase)
            self.bar = tqdm(total=total, desc=label, unit=" rows", file=self.stream, disable=None,
                            leave=False, mininterval=0.5)
            self.phase = phase
        self.bar.update(done - self.bar.n)

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(MagistratCommand):
    help = ("Import equipment (assets) or a grant project's expenditures from a CSV or XLSX file. "
            "Nothing is saved unless every row is valid.")
    acts_as_user = True

    def add_command_arguments(self, parser):
        parser.add_argument("what", choices=["assets", "expenditures"])
        parser.add_argument("file", help="a CSV (UTF-8 or Windows-1250; , ; or tab) or XLSX file")
        parser.add_argument("--org", help="organization slug or id (assets: required)")
        parser.add_argument("--project", help="expenditures: the grant project's id or agreement number")
        parser.add_argument("--dry-run", action="store_true", help="check the file, save nothing")
        parser.add_argument("--update", action="store_true",
                            help="update assets already in the register (found by inventory or serial number)")
        parser.add_argument("--create-missing", action="store_true",
                            help="create unknown categories, locations and people instead of reporting them")
        parser.add_argument("--sheet", help="XLSX: the sheet to read (default: the first)")
        parser.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                            help='which field a column holds, e.g. --map "Nr ewid.=inventory_number" '
                                 '("-" ignores the column); may repeat')

    def handle(self, *args, what, file, **options):
        actor = self.actor(options)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"no file {file}")
        progress = Progress(sys.stderr)
        common = {"user": actor, "source": path.read_bytes(), "dry_run": options["dry_run"],
                  "mapping": options["map"], "sheet": options["sheet"], "progress": progress}
        try:
            if what == "assets":
                report = self._assets(actor, options, common)
            else:
                report = self._expenditures(actor, options, common)
        except ImportFileError as exc:
            raise CommandError(exc.text) from None
        finally:
            progress.close()
        if report.unknown_columns:
            self.stdout.write("columns not imported: " + ", ".join(report.unknown_columns))
        for warning in report.warnings:
            self.stdout.write(f"warning: {warning}")
        if report.errors and not report.error_rows:      # the file as a whole: one line says it
            raise CommandError(" ".join(error.message for error in report.errors) + " Nothing was saved.")
        for error in report.errors:
            self.stderr.write(str(error))
        if report.errors:
            errors = ngettext("%(count)d error", "%(count)d errors", len(report.errors)) % {
                "count": len(report.errors)}
            rows = ngettext("in %(rows)d of %(total)d row", "in %(rows)d of %(total)d rows",
                            report.total_rows) % {"rows": report.error_rows, "total": report.total_rows}
            raise CommandError(f"{errors} {rows}; nothing was saved")
        for label, names in report.created_missing.items():
            self.stdout.write(f"created {label}: {', '.join(names)}")
        rows = ngettext("%(count)d row", "%(count)d rows", report.total_rows) % {
            "count": report.total_rows}
        if report.written:
            self.stdout.write(f"{rows}: {report.created} created, {report.updated} "
                              f"updated, {report.unchanged} unchanged")
        else:
            valid = ngettext("is valid", "are valid", report.total_rows)
            self.stdout.write(f"{rows} {valid}: {report.to_create} to create, "
                              f"{report.to_update} to update, {report.unchanged} unchanged "
                              "(dry run, nothing saved)")

    def _assets(self, actor, options, common):
        from magistrat.inventory.imports import asset_import

        if not options["org"]:
            raise CommandError("importing assets needs --org SLUG|ID")
        organization = self.organization(actor, options["org"])
        return asset_import(organization=organization, update=options["update"],
                            create_missing=options["create_missing"], **common)

    def _expenditures(self, actor, options, common):
        from magistrat.grants.imports import expenditure_import, find_project

        if not options["project"]:
            raise CommandError("importing expenditures needs --project ID|AGREEMENT_NUMBER")
        if options["update"] or options["create_missing"]:
            raise CommandError("--update and --create-missing are for assets")
        within = self.organization(actor, options["org"]) if options["org"] else None
        project = find_project(user=actor, reference=options["project"], within=within)
        return expenditure_import(project=project, **common)
