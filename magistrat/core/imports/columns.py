"""Columns: which field each header names (Polish or English, any case, diacritics,
punctuation or units), the header row found below title rows, and `--map` overrides."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import override

from .parsers import normalize, text
from .reading import ImportFileError

HEADER_SCAN_ROWS = 30
IGNORE = "-"            # `--map "Lp.=-"` ignores a column


@dataclass
class Field:
    """One value an import understands."""

    name: str                               # e.g. "gross_price"
    label: object                           # lazily translated, e.g. _("Gross price")
    aliases: tuple[str, ...] = ()           # other headers people write ("Wartość brutto", "Cena")
    parse: Callable = text                  # cell -> value, raises ParseError
    required: bool = False
    extra_labels: tuple = field(default=())  # lazily translated labels of exports (both languages)

    def spellings(self) -> set[str]:
        names = {self.name, self.name.replace("_", " "), *self.aliases}
        for label in (self.label, *self.extra_labels):
            for language in ("pl", "en"):
                with override(language):
                    names.add(str(label))
        return {normalize(n) for n in names if normalize(n)}


@dataclass
class ColumnMap:
    header_row: int                          # the spreadsheet's row number of the header
    header: list[str]                        # header texts as written
    fields: dict[int, Field]                 # column index -> field
    unknown: list[str]                       # headers that name nothing

    def column_of(self, name: str) -> str:
        for index, found in self.fields.items():
            if found.name == name:
                return self.header[index]
        return ""

    def present(self) -> set[str]:
        return {f.name for f in self.fields.values()}


def alias_table(fields: list[Field]) -> dict[str, Field]:
    table = {}
    for item in fields:
        for spelling in item.spellings():
            table.setdefault(spelling, item)
    return table


def parse_mapping(items) -> dict[str, str]:
    """['Nr inw.=inventory_number', …] (or a dict) -> {normalized header: field name}."""
    if isinstance(items, dict):
        pairs = items.items()
    else:
        pairs = []
        for item in items or []:
            column, sep, name = str(item).rpartition("=")
            if not sep or not column.strip():
                raise ImportFileError(_("A column mapping needs the form “Column=field”, not "
                                        "“%(item)s”.") % {"item": item})
            pairs.append((column, name))
    return {normalize(column): name.strip() for column, name in pairs}


def find_columns(rows, fields: list[Field], *, mapping=None, ignored=()) -> ColumnMap:
    """The header row (the first of the top rows naming most known columns) and its fields."""
    table = alias_table(fields)
    by_name = {f.name: f for f in fields}
    overrides = parse_mapping(mapping)
    for name in overrides.values():
        if name != IGNORE and name not in by_name:
            raise ImportFileError(_("“%(field)s” is not a field this import knows; use one of: "
                                    "%(fields)s (or “-” to ignore a column).")
                                  % {"field": name, "fields": ", ".join(by_name)})
    ignored = {normalize(i) for i in ignored}

    def meaning(cell):
        key = normalize(cell) if cell is not None else ""
        if key in overrides:
            return overrides[key]
        found = table.get(key)
        return found.name if found else None

    best = None
    for position, (number, cells) in enumerate(rows):
        if position >= HEADER_SCAN_ROWS:
            break
        known = sum(1 for cell in cells if meaning(cell) not in (None, IGNORE))
        if known >= 2 and (best is None or known > best[0]):
            best = (known, position, number, cells)
    if best is None:
        examples = ", ".join(str(f.label) for f in fields[:6])
        raise ImportFileError(_("No header row found: none of the first rows names the columns "
                                "this import knows (e.g. %(examples)s). Add a header row or map "
                                "the columns.") % {"examples": examples})
    _known, position, number, cells = best
    header = [text(c) if c is not None else "" for c in cells]
    missing = [column for column in overrides if column not in {normalize(h) for h in header}]
    if missing:
        raise ImportFileError(_("The mapped column “%(column)s” is not in the header row.")
                              % {"column": missing[0]})
    result, unknown, seen = {}, [], {}
    for index, title in enumerate(header):
        name = meaning(title)
        if name == IGNORE or (name is None and (not title or normalize(title) in ignored)):
            continue
        if name is None:
            unknown.append(title)
            continue
        if name in seen:
            raise ImportFileError(_("The columns “%(first)s” and “%(second)s” both mean "
                                    "“%(field)s”; rename or map one of them.")
                                  % {"first": header[seen[name]], "second": title,
                                     "field": by_name[name].label})
        seen[name] = index
        result[index] = by_name[name]
    required = [f for f in fields if f.required and f.name not in seen]
    if required:
        raise ImportFileError(_("The file has no column for: %(fields)s.")
                              % {"fields": ", ".join(str(f.label) for f in required)})
    return ColumnMap(header_row=number, header=header, fields=result, unknown=unknown)
