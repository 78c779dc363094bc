"""Reading a spreadsheet: CSV (UTF-8 with or without BOM, UTF-16, Windows-1250; `,` `;` or tab)
or XLSX (the first sheet or a named one). The type is told by the content, never by the name.
"""

import csv
import io
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DELIMITERS = (";", ",", "\t")
SAMPLE_LINES = 40
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"        # old binary .xls (and .doc)


class ImportFileError(ValidationError):
    """The file as a whole cannot be read (wrong type, encoding, no header…)."""

    def __init__(self, message):
        super().__init__({"file": [message]})
        self.text = message


@dataclass
class Table:
    """A sheet's rows as (row number as the spreadsheet shows it, [cell values])."""

    kind: str                         # "csv" or "xlsx"
    rows: list = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""

    def __iter__(self) -> Iterator[tuple[int, list]]:
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


# Files people upload by mistake, told by their first bytes.
IMAGES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF87a": "GIF", b"GIF89a": "GIF",
          b"II*\x00": "TIFF", b"MM\x00*": "TIFF"}
SNIFF_BYTES = 4096


def _not_a_spreadsheet(what: str) -> ImportFileError:
    return ImportFileError(_("This is %(what)s, not a spreadsheet. Upload the list as an XLSX workbook or a "
                             "CSV file (in Excel: File › Save as).") % {"what": what})


def _utf16le(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff_kind(data: bytes) -> str:
    """'xlsx' or 'csv' from the file's content (its first bytes, and for Office and ZIP files the
    names inside); ImportFileError saying what the file is when it is no spreadsheet."""
    head = data[:SNIFF_BYTES]
    if head.startswith(XLSX_MAGIC):
        return _zip_kind(data)
    if head.startswith(OLE_MAGIC):
        # An old Office file: the names of its streams tell Word from Excel.
        if _utf16le("WordDocument") in data:
            raise _not_a_spreadsheet(_("a Word document (.doc)"))
        if _utf16le("PowerPoint Document") in data:
            raise _not_a_spreadsheet(_("a PowerPoint presentation (.ppt)"))
        raise ImportFileError(_("This is an old Excel file (.xls). Save it as XLSX or CSV and "
                                "import that."))
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"
    for magic, name in IMAGES.items():
        if head.startswith(magic):
            raise _not_a_spreadsheet(_("an image (%(type)s)") % {"type": name})
    if head.startswith(b"%PDF"):
        raise _not_a_spreadsheet(_("a PDF document"))
    if head.startswith(b"{\\rtf"):
        raise _not_a_spreadsheet(_("a Word document (.rtf)"))
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        raise _not_a_spreadsheet(_("a web page (HTML)"))
    if b"\x00" in head:
        raise ImportFileError(_("This file is neither a CSV text file nor an XLSX workbook."))
    return "csv"


def _zip_kind(data: bytes) -> str:
    """An XLSX workbook, or another ZIP (a Word or OpenDocument file, an archive): which one."""
    if len(data) <= len(XLSX_MAGIC):
        return "xlsx"                     # only the first bytes were given: read_xlsx decides
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(_("This file is a ZIP archive but not an XLSX workbook.")) from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        raise _not_a_spreadsheet(_("a Word document (.docx)"))
    if "ppt/presentation.xml" in names:
        raise _not_a_spreadsheet(_("a PowerPoint presentation (.pptx)"))
    if "content.xml" in names:
        raise ImportFileError(_("This is an OpenDocument file (.ods). Save it as XLSX or CSV and "
                                "import that."))
    raise ImportFileError(_("This file is a ZIP archive but not an XLSX workbook."))


def read_bytes(source) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, (str, Path)):
        return Path(source).read_bytes()
    data = source.read()
    if hasattr(source, "seek"):
        source.seek(0)
    return data


def read_table(source, *, sheet: str | None = None) -> Table:
    """Read bytes, a path or a file object into a Table."""
    data = read_bytes(source)
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if sniff_kind(data) == "xlsx":
        return read_xlsx(data, sheet=sheet)
    if sheet:
        raise ImportFileError(_("A CSV file has no sheets; leave out the sheet name."))
    return read_csv(data)


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: UTF-8 (BOM or not), UTF-16 (BOM), else Windows-1250."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1250"), "cp1250"
    except UnicodeDecodeError:
        raise ImportFileError(_("The text is neither UTF-8 nor Windows-1250; save the file as "
                                "CSV UTF-8 and import it again.")) from None


def detect_delimiter(text: str) -> str:
    """The separator that splits the most sample lines into the same number of cells (>1).

    A title row above the header and decimal commas in amounts do not fool it: the header and
    the data rows agree on the real separator.
    """
    lines = [line for line in text.splitlines()[:SAMPLE_LINES] if line.strip()]
    best, best_score = ";", (0, 0)
    for delimiter in DELIMITERS:
        counts = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter) if len(row) > 1)
        if not counts:
            continue
        width, agreeing = max(counts.items(), key=lambda item: (item[1], item[0]))
        score = (agreeing, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(data: bytes) -> Table:
    text, encoding = decode(data)
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for number, cells in enumerate(reader, start=1):
            while cells and not cells[-1].strip():
                cells.pop()
            if cells:
                rows.append((number, cells))
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file is damaged near row %(row)s: %(reason)s")
                              % {"row": reader.line_num, "reason": exc}) from None
    return Table("csv", rows, encoding=encoding, delimiter=delimiter)


def read_xlsx(data: bytes, *, sheet: str | None = None) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ImportFileError(_("This file is a ZIP archive but not an XLSX workbook.")) from None
    try:
        if sheet:
            names = {name.casefold(): name for name in workbook.sheetnames}
            if sheet.casefold() not in names:
                raise ImportFileError(_("There is no sheet “%(sheet)s”; the workbook has: "
                                        "%(sheets)s.") % {"sheet": sheet,
                                                          "sheets": ", ".join(workbook.sheetnames)})
            worksheet = workbook[names[sheet.casefold()]]
        else:
            worksheet = workbook.worksheets[0]
        rows = []
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            cells = list(values)
            while cells and (cells[-1] is None or (isinstance(cells[-1], str) and not cells[-1].strip())):
                cells.pop()
            if cells:
                rows.append((number, cells))
        return Table("xlsx", rows, sheet=worksheet.title)
    finally:
        workbook.close()


def count_rows(data: bytes) -> int | None:
    """A quick estimate of the number of rows (to choose between now and a background task)."""
    try:
        kind = sniff_kind(data)
    except ImportFileError:
        return None
    if kind == "csv":
        return data.count(b"\n") + 1
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
        rows = workbook.worksheets[0].max_row
        workbook.close()
    except Exception:  # noqa: BLE001 - a damaged file is reported by the import itself
        return None
    return rows
