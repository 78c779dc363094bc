"""The generic import: read the file, find the columns, parse every cell, let the domain's
definition check each row, and — only when no row has an error — let it write everything in
one transaction. Domain definitions (`inventory.imports`, `grants.imports`) subclass Importer.
"""

import gc
from collections.abc import Callable
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from magistrat.core import context

from .columns import ColumnMap, Field, find_columns
from .parsers import ParseError, normalize
from .reading import read_table
from .report import ImportReport

PROGRESS_EVERY = 1000
TOTAL_WORDS = {"razem", "suma", "ogolem", "total", "lacznie"}

# progress(phase, done, total): phase is "validating" or "writing".
Progress = Callable[[str, int, int], None]


def _silent(phase, done, total):
    pass


class Row:
    """One data row: parsed values of the columns present, and a way to report its errors."""

    __slots__ = ("number", "values", "failed", "invalid", "_report", "_columns")

    def __init__(self, number, values, report, columns, invalid=()):
        self.number, self.values, self.failed = number, values, False
        self.invalid = frozenset(invalid)   # fields whose cell could not be read (already reported)
        self._report, self._columns = report, columns

    def get(self, name, default=None):
        value = self.values.get(name)
        return default if value is None else value

    def has(self, name) -> bool:
        return name in self.values

    def error(self, name: str, message) -> None:
        self._report.error(self.number, self._columns.get(name, ""), message)
        self.failed = True

    def warning(self, name: str, message) -> None:
        self._report.warning(self.number, self._columns.get(name, ""), message)


class Importer:
    """A domain's import: its fields, lookups, row checks and write. One instance per run."""

    kind = ""
    fields: list[Field] = []
    ignored_headers: tuple[str, ...] = ("lp", "l p", "nr lp", "no")

    def prepare(self, columns: ColumnMap, report: ImportReport) -> None:
        """Load what rows are checked against (existing records, names) in a few queries."""

    def check_row(self, row: Row, report: ImportReport) -> None:
        raise NotImplementedError

    def finish(self, report: ImportReport) -> None:
        """Checks across rows after the last one (optional)."""

    def write(self, report: ImportReport, progress: Progress) -> None:
        raise NotImplementedError


def validate(importer: Importer, source, *, sheet=None, mapping=None,
             progress: Progress | None = None) -> ImportReport:
    progress = progress or _silent
    table = read_table(source, sheet=sheet)
    columns = find_columns(table.rows, importer.fields, mapping=mapping,
                           ignored=importer.ignored_headers)
    report = ImportReport(
        kind=importer.kind, header_row=columns.header_row, unknown_columns=columns.unknown,
        columns=[[columns.header[i], str(f.label)] for i, f in sorted(columns.fields.items())],
        file_info={"kind": table.kind, "encoding": table.encoding, "delimiter": table.delimiter,
                   "sheet": table.sheet})
    importer.prepare(columns, report)
    by_name = {f.name: columns.header[i] for i, f in columns.fields.items()}
    cells = [(index, f.name, f.parse, columns.header[index]) for index, f in sorted(columns.fields.items())]
    data = [(number, values) for number, values in table.rows if number > columns.header_row]
    total = report.total_rows = len(data)
    progress("validating", 0, total)
    for position, (number, raw) in enumerate(data, start=1):
        if _is_totals_row(raw):
            report.total_rows -= 1
            report.warning(number, "", _("Skipped: a totals row."))
            continue
        values, failed = {}, []
        width = len(raw)
        for index, name, parse, header in cells:
            value = raw[index] if index < width else None
            if value is None or (value.__class__ is str and not value.strip()):
                values[name] = None
                continue
            try:
                values[name] = parse(value)
            except ParseError as exc:
                failed.append((header, str(exc), name))
                values[name] = None
        row = Row(number, values, report, by_name, invalid=[name for _header, _message, name in failed])
        for header, message, _name in failed:
            report.error(number, header, message)
            row.failed = True
        importer.check_row(row, report)
        if position % PROGRESS_EVERY == 0:
            progress("validating", position, total)
    if not report.total_rows:
        # A header alone (or only a totals row) is a mistake — the wrong sheet, a template —
        # not a file whose rows are "all in the register already".
        report.error(None, "", _("The file has no data rows: below the header (row %(row)s) there is "
                                 "nothing to import.") % {"row": columns.header_row})
    importer.finish(report)
    order = {header: position for position, header in enumerate(columns.header)}
    report.errors.sort(key=lambda e: (e.row or 0, order.get(e.column, -1)))
    progress("validating", total, total)
    return report


def _is_totals_row(raw) -> bool:
    first = next((c for c in raw if c is not None and str(c).strip()), None)
    return first is not None and isinstance(first, str) and normalize(first) in TOTAL_WORDS


def run(importer: Importer, source, *, sheet=None, mapping=None, dry_run: bool = False,
        progress: Progress | None = None) -> ImportReport:
    """Validate; then, unless it is a dry run or any row has an error, write in one transaction.

    Changes are logged with the channel "import", whoever calls (web, API, CLI, a task)."""
    with _quiet_gc():
        report = validate(importer, source, sheet=sheet, mapping=mapping, progress=progress)
        report.dry_run = dry_run
        if report.errors or dry_run:
            return report
        try:
            with transaction.atomic(), context.use_channel(context.IMPORT):
                importer.write(report, progress or _silent)
        except IntegrityError:
            # Checked rows clashed in the database after all: another user saved the same
            # numbers meanwhile. The transaction rolled back; say so instead of failing.
            report.error(None, "", _("The register changed while the file was being imported "
                                     "(someone saved the same numbers); nothing was saved. "
                                     "Import the file again."))
            return report
    report.written = True
    return report


@contextmanager
def _quiet_gc():
    """An import allocates millions of small objects that live until it ends; Python's cyclic
    garbage collector would rescan them again and again (a third of the time). Pause it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
