"""Text search shared by every list: each word must match one of the fields, whatever the
case and whatever the Polish diacritics ("wozniak" finds "Woźniak", "łodz" finds "Łódź").

Two ways, one behaviour:

- `search_terms` builds a case- and diacritic-insensitive regular expression per field. It
  needs nothing stored and suits small tables (organizations, projects, categories).
- `search_key_terms` looks words up in a *search key*: a stored, generated column holding the
  record's searchable fields folded to lower case without diacritics (`SearchKey`). One
  `LIKE '%word%'` on one column is many times cheaper than a regular expression per field
  (on SQLite a regular expression is a Python call per row and field), and on PostgreSQL a
  trigram index makes it an index scan even across a million rows (docs/decisions/0015).
"""

from django.db.models import F, Func, Q, TextField, Value
from django.db.models.functions import Coalesce, Lower, Replace

# Each plain letter and its Polish forms, upper case included: PostgreSQL folds the case of
# non-ASCII letters only under a Unicode collation, so the pattern does not rely on it.
FOLDED = {
    "a": "aąĄ", "c": "cćĆ", "e": "eęĘ", "l": "lłŁ", "n": "nńŃ", "o": "oóÓ", "s": "sśŚ",
    "z": "zźżŹŻ",
}
PLAIN = {accented.lower(): plain for plain, forms in FOLDED.items() for accented in forms}
# Characters special in both Python's and PostgreSQL's regular expressions.
SPECIAL = set(".^$*+?()[]{}|\\")
# Polish letters with diacritics, both cases, and the plain letter each folds to.
ACCENTED = {accented: plain for plain, forms in FOLDED.items() for accented in forms[1:]}
# Each word is one more condition on the query: a pasted paragraph would make a query the
# database refuses (SQLite's expression depth) or one that runs for seconds. People search with
# a few words; the rest of a longer text is not used.
MAX_WORDS = 8
MAX_LENGTH = 200


def words(value: str) -> list[str]:
    """The words a search uses: at most MAX_WORDS, from its first MAX_LENGTH characters."""
    return (value or "")[:MAX_LENGTH].split()[:MAX_WORDS]


def word_pattern(word: str) -> str:
    """A case-insensitive regular expression for `word` that ignores Polish diacritics."""
    parts = []
    for char in word.lower():
        plain = PLAIN.get(char, char)
        if plain in FOLDED:
            parts.append(f"[{FOLDED[plain]}]")
        elif char in SPECIAL:
            parts.append("\\" + char)
        else:
            parts.append(char)
    return "".join(parts)


def search_terms(queryset, fields: list[str], value: str):
    """Every word of `value` must match one of `fields`."""
    for word in words(value):
        pattern = word_pattern(word)
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__iregex": pattern})
        queryset = queryset.filter(condition)
    return queryset


def fold(text: str) -> str:
    """`text` as a search key holds it: lower case, Polish letters without diacritics."""
    return "".join(ACCENTED.get(char, char) for char in text).lower()


def SearchKey(*fields: str):  # noqa: N802 - reads as the column it builds
    """The expression of a generated search-key column: the fields joined by spaces, folded
    like `fold()`. Only functions both SQLite and PostgreSQL treat as immutable, as a
    generated column requires. SQLite's lower() folds ASCII only, hence the replacements of
    both cases."""
    # One flat `a || ' ' || b` (Concat would nest a pair per field, which overflows SQLite's
    # parser stack once the replacements wrap it).
    parts = [Coalesce(F(field), Value(""), output_field=TextField()) for field in fields]
    expression = Func(*parts, template="(%(expressions)s)", arg_joiner=" || ' ' || ",
                      output_field=TextField())
    for accented, plain in ACCENTED.items():
        expression = Replace(expression, Value(accented), Value(plain), output_field=TextField())
    return Lower(expression, output_field=TextField())


# Up to this many related records matching a word are passed to the query as a list of ids.
RELATED_IDS = 500


def search_key_terms(queryset, value: str, *, keys: tuple[str, ...] = ("search_key",), related=None):
    """Every word of `value` must be found in one of the search `keys` — or, with
    `related={"person": people}`, in the search key of a related record.

    The related records are looked up first and passed as a short list of ids (a subquery only
    when there are many): `key LIKE … OR person_id IN (1, 2)` lets PostgreSQL combine the
    trigram index with the foreign key's index, and when nobody matches (a serial number) the
    query is the key's index scan alone."""
    for word in words(value):
        folded = fold(word)
        condition = Q()
        for key in keys:
            condition |= Q(**{f"{key}__contains": folded})
        for relation, records in (related or {}).items():
            matching = records.filter(search_key__contains=folded).values_list("pk", flat=True)
            ids = list(matching[:RELATED_IDS + 1])
            if len(ids) > RELATED_IDS:
                condition |= Q(**{f"{relation}__in": matching})
            elif ids:
                condition |= Q(**{f"{relation}__in": ids})
        queryset = queryset.filter(condition)
    return queryset


def trigram_index(model_label: str, name: str):
    """A migration operation adding a trigram index on a model's `search_key` on PostgreSQL
    (nothing on SQLite), so `LIKE '%word%'` uses an index. pg_trgm is a trusted extension
    (PostgreSQL 13+): the database's owner may create it. Where that is refused, the search
    works without the index, only slower, and the migration says so."""
    from django.db import migrations, transaction

    def create(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        table = apps.get_model(model_label)._meta.db_table
        quote = connection.ops.quote_name
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} "
                               f"USING gin (search_key gin_trgm_ops)")
        except Exception as error:  # noqa: BLE001 - any refusal leaves a working, slower search
            print(f"\n  warning: no trigram index {name} ({error}); text search works, slower.")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.connection.ops.quote_name(name)}")

    return migrations.RunPython(create, drop, elidable=False)
