"""Streaming CSV and XLSX exports of a filtered queryset, driven by list columns.

CSV: UTF-8 with BOM and semicolons, the way Polish Excel and LibreOffice open it.
XLSX: typed cells (dates, numbers, booleans) written by XlsxWriter, row by row.
"""

import csv
import datetime
import tempfile
from decimal import Decimal

import xlsxwriter
from django.core.exceptions import FieldDoesNotExist
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from .export_jobs import progress
from .tables import Column, column_getter

CHUNK = 2000


class _Echo:
    def write(self, value):
        return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if timezone.is_aware(value) \
            else value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def _fields_for(model, path: str, prefix: str = "") -> tuple[set[str], set[str]]:
    """(fields to load, relations to join) that reading `path` on a `model` row needs: a
    property such as person.full_name needs all of the person's own fields."""
    fields, relations = set(), set()
    current = model
    parts = path.split(".")
    for index, part in enumerate(parts):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            fields |= {prefix + f.name for f in current._meta.concrete_fields}
            return fields, relations
        if index < len(parts) - 1 and field.is_relation and field.concrete and not field.many_to_many:
            relations.add(prefix + part)
            prefix += part + "__"
            current = field.related_model
        elif field.concrete and not field.many_to_many:
            fields.add(prefix + part)
            return fields, relations
        else:
            return set(), set()
    return fields, relations


def slim(queryset, columns: list[Column]):
    """The queryset loading only what the columns read: an export of 100 000 rows spends much
    of its time building model instances, most of whose fields it never reads."""
    fields, relations = {"pk"}, set()
    for column in columns:
        needed, joins = _fields_for(queryset.model, column.path)
        if not needed:           # a path the ORM cannot describe: load everything
            return queryset
        fields |= needed
        relations |= joins
    # Related records are fetched once per chunk of rows (prefetch), not joined into every
    # row: 100 000 assets share a few hundred people, rooms and categories, and building a
    # model instance is what an export spends its time on.
    own = {f for f in fields if "__" not in f} | {r for r in relations if "__" not in r}
    return queryset.select_related(None).only(*own).prefetch_related(*sorted(relations))


def iter_rows(queryset, columns: list[Column]):
    getters = [column_getter(queryset.model, column) for column in columns]
    for number, obj in enumerate(slim(queryset, columns).iterator(chunk_size=CHUNK), start=1):
        yield [get(obj) for get in getters]
        if number % CHUNK == 0:
            progress(number)    # a background export's progress bar


def csv_response(queryset, columns: list[Column], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=";", quoting=csv.QUOTE_MINIMAL)

    def stream():
        yield "\ufeff" + writer.writerow([str(c.label) for c in columns])
        for row in iter_rows(queryset, columns):
            yield writer.writerow([_csv_value(v) for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


COLUMN_WIDTHS = {"money": 15, "date": 12, "number": 10, "bool": 10}


def write_xlsx(queryset, columns: list[Column], handle, title: str = "") -> None:
    """Write the rows with XlsxWriter in constant-memory mode: each row goes to disk as it is
    written, so 100 000 rows need the memory of one (ADR 0013)."""
    workbook = xlsxwriter.Workbook(handle, {"constant_memory": True, "remove_timezone": True})
    sheet = workbook.add_worksheet((title or "Dane")[:31])
    formats = {"money": workbook.add_format({"num_format": '#,##0.00 "zł"'}),
               "date": workbook.add_format({"num_format": "dd.mm.yyyy"})}
    timestamp = workbook.add_format({"num_format": "dd.mm.yyyy hh:mm"})
    # What a person would set up by hand: a bold header that stays on screen, columns wide
    # enough to read, and Excel's filter buttons on the header.
    bold = workbook.add_format({"bold": True})
    sheet.freeze_panes(1, 0)
    for index, column in enumerate(columns):
        width = COLUMN_WIDTHS.get(column.kind, max(12, min(40, len(str(column.label)) + 4)))
        sheet.set_column(index, index, width)
        sheet.write_string(0, index, str(column.label), bold)
    column_formats = [formats.get(column.kind) for column in columns]
    number_types = (int, float, Decimal)
    row_number = 0
    for row_number, row in enumerate(iter_rows(queryset, columns), start=1):
        for index, value in enumerate(row):
            # Typed cells: numbers, dates and yes/no stay numbers, dates and booleans in Excel.
            # An empty text is no cell at all (half of a register's cells are empty).
            if value is None or value == "":
                continue
            if type(value) is str:      # most cells: checked first
                sheet.write_string(row_number, index, value)
            elif isinstance(value, bool):
                sheet.write_boolean(row_number, index, value)
            elif isinstance(value, number_types):
                sheet.write_number(row_number, index, value, column_formats[index])
            elif isinstance(value, datetime.datetime):
                local = timezone.localtime(value) if timezone.is_aware(value) else value
                sheet.write_datetime(row_number, index, local, timestamp)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(row_number, index, value, column_formats[index] or formats["date"])
            else:
                sheet.write_string(row_number, index, str(value))
    if columns:
        sheet.autofilter(0, 0, row_number, len(columns) - 1)
    workbook.close()


def xlsx_response(queryset, columns: list[Column], filename: str, title: str = "") -> FileResponse:
    # A spooled file keeps small exports in memory and spills large ones to disk.
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_xlsx(queryset, columns, handle, title=title)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def export_filename(base: str) -> str:
    return f"{slugify(base) or 'export'}-{timezone.localdate():%Y-%m-%d}"
