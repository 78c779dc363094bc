"""Columns of a list screen; the same definitions drive the HTML table and the CSV/XLSX export."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Manager
from django.utils.translation import gettext as _

from . import formatting


@dataclass(frozen=True)
class Column:
    path: str                     # dotted accessor, e.g. "organization.short_name"
    label: str                    # translated lazily by the caller
    order_by: str | None = None   # name in the FilterSet's `ordering`; None = not sortable
    link: bool = False            # the cell links to the record's page
    kind: str = "text"            # text | date | money | number | bool
    optional: bool = False        # hidden until the user picks it in "Columns"
    phone: bool = False           # kept on a phone's compact card (default: the first four)
    # For files written row by row (exports): a factory, called once per file, of a function that
    # turns the value `path` reads into the cell's value (e.g. a location's tree path into
    # "Budynek / Piętro / Pokój", with what it looks up cached for that file only).
    transform: Callable[[], Callable] | None = None


def resolve(obj, path: str):
    """Follow a dotted path; `get_<field>_display` is preferred for fields with choices."""
    value = obj
    for part in path.split("."):
        if value is None:
            return None
        display = getattr(value, f"get_{part}_display", None)
        value = display() if callable(display) else getattr(value, part, None)
        if callable(value) and not isinstance(value, Manager):
            value = value()
    return value


def compile_getter(model, path: str):
    """A fast value reader for `path` on rows of `model` (exports read millions of cells).

    Same result as resolve(): choice fields give their label, looked up once per column.
    """
    parts = path.split(".")
    labels = None
    current = model
    for index, part in enumerate(parts):
        try:
            field = current._meta.get_field(part)
        except Exception:
            return lambda obj: resolve(obj, path)   # a property or method: the general way
        if index < len(parts) - 1:
            if not field.is_relation:
                return lambda obj: resolve(obj, path)
            current = field.related_model
        elif field.choices:
            labels = {key: str(label) for key, label in field.flatchoices}

    def getter(obj):
        value = obj
        for part in parts:
            value = getattr(value, part, None)
            if value is None:
                return None
        return labels.get(value, value) if labels is not None else value

    return getter


def column_getter(model, column: Column):
    """compile_getter() for a column, with its transform (fresh for each file)."""
    getter = compile_getter(model, column.path)
    if column.transform is None:
        return getter
    transform = column.transform()
    return lambda obj: transform(getter(obj))


def display(value, kind: str = "text") -> str:
    """The text a person reads in a cell."""
    if value is None or value == "":
        return ""
    if kind == "money":
        return formatting.money(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return formatting.date(value)
    if isinstance(value, Decimal):
        return formatting.money(value, currency="")
    return str(value)
