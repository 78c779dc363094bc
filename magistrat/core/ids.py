"""Record ids as they come from a query string, a form's list of ticked rows or the command line.

One parser for all of them: ASCII digits only (not "²" or "٣", which str.isdigit() accepts) and
within what the database's id column holds (a BigAutoField, SQLite's INTEGER), so an id that
cannot be read never reaches int() or a query, where it would be a crash instead of an error.
"""

import re

# The largest id a BigAutoField (and SQLite's INTEGER) holds.
MAX_ID = 2**63 - 1

_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value) -> int | None:
    """The id `value` stands for (a whole number 1…MAX_ID, or its digits as text), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def parse_ids(values, *, limit: int | None = None) -> list[int]:
    """The readable ids among `values`, each once, in their order; the rest are left out.
    `limit` caps how many values are read at all."""
    values = list(values or [])
    if limit is not None:
        values = values[:limit]
    return list(dict.fromkeys(number for number in map(parse_id, values) if number is not None))
