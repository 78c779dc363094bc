"""Polish alphabetical order on both databases (docs/decisions/0019).

`polish("last_name")` is an expression that sorts a text column as a Polish reader expects:
Ł after L, Ś after S, Ź and Ż after Z, capitals and small letters together. Use it wherever
names are sorted: a model's `Meta.ordering`, `order_by()`, and the list's sorting through
`PolishOrderingFilter`:

    ordering = [polish("name"), "pk"]
    queryset.order_by(polish("organization__name").desc())

- PostgreSQL sorts by its ICU collation "pl-x-icu" (the database does the work; no table of
  letters of ours).
- SQLite has no locale collations: on each new connection we register a collation "pl" whose
  comparison is `sort_key` below (a fixed table of the Polish alphabet, so the order does not
  depend on the operating system's locales).
"""

import functools
import unicodedata

import django_filters
from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.functions import Collate
from django.utils.deconstruct import deconstructible

SQLITE_COLLATION = "pl"
POSTGRESQL_COLLATION = "pl-x-icu"

# The Polish alphabet (with q, v, x, which Polish sorts where Latin does).
ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_LETTER = {letter: index for index, letter in enumerate(ALPHABET)}


def _primary(char: str) -> tuple[int, int]:
    """Where a character sorts ignoring case and foreign accents: spaces and punctuation
    first, then digits, then letters in Polish order (é as e, ü as u, ß as s)."""
    lower = char.lower()
    if lower in _LETTER:
        return (3, _LETTER[lower])
    base = unicodedata.normalize("NFKD", lower)[:1]
    if base in _LETTER:
        return (3, _LETTER[base])
    if char.isdigit():
        return (2, unicodedata.digit(char, 0))
    if char.isalpha():
        return (4, ord(lower))          # other scripts after the Latin letters
    if char.isspace():
        return (0, 0)
    return (1, ord(char))


@functools.lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple:
    """The key Polish order compares: the letters first ("Łukasz" after "Lucyna" and before
    "Marek", whatever the case), then foreign accents (e before é), then the case (small
    letters first, as ICU does), then the text itself, so that different texts never tie."""
    text = text or ""
    return (
        tuple(_primary(char) for char in text),
        tuple(unicodedata.normalize("NFKD", char.lower()) for char in text),
        tuple(char.isupper() for char in text),
        text,
    )


def compare(left: str | None, right: str | None) -> int:
    left_key, right_key = sort_key(left or ""), sort_key(right or "")
    return (left_key > right_key) - (left_key < right_key)


def register_sqlite_collation(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, compare)


def connect() -> None:
    """Called once from the core app's `ready()`: every SQLite connection gets the collation."""
    connection_created.connect(register_sqlite_collation, dispatch_uid="magistrat-polish-collation")


@deconstructible(path="magistrat.core.collation.Polish")
class Polish(Collate):
    """`expression COLLATE <Polish>`: "pl" on SQLite, "pl-x-icu" on PostgreSQL."""

    def __init__(self, expression):
        if isinstance(expression, str):
            expression = F(expression)
        super().__init__(expression, SQLITE_COLLATION)

    def as_postgresql(self, compiler, connection, **extra_context):
        extra_context["collation"] = connection.ops.quote_name(POSTGRESQL_COLLATION)
        return self.as_sql(compiler, connection, **extra_context)


def polish(field: str) -> Polish:
    """The column `field` (a name or a path like "organization__name") in Polish order."""
    return Polish(field)


class PolishOrderingFilter(django_filters.OrderingFilter):
    """django-filter's OrderingFilter whose text fields (`polish=[...]`, the model field
    names) sort in Polish order; the others sort as the database does."""

    def __init__(self, *args, polish: tuple[str, ...] | list[str] = (), **kwargs):
        self.polish_fields = set(polish)
        super().__init__(*args, **kwargs)

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        descending = value.startswith("-")
        name = value.lstrip("-")
        if name not in self.polish_fields:
            return value
        expression = Polish(name)
        return expression.desc() if descending else expression.asc()
