"""Text search shared by every list: each word must match one of the fields, whatever the
case and whatever the Polish diacritics ("wozniak" finds "Woźniak", "łodz" finds "Łódź")."""

from django.db.models import Q

# Each plain letter and its Polish forms, upper case included: PostgreSQL folds the case of
# non-ASCII letters only under a Unicode collation, so the pattern does not rely on it.
FOLDED = {
    "a": "aąĄ", "c": "cćĆ", "e": "eęĘ", "l": "lłŁ", "n": "nńŃ", "o": "oóÓ", "s": "sśŚ",
    "z": "zźżŹŻ",
}
PLAIN = {accented.lower(): plain for plain, forms in FOLDED.items() for accented in forms}
# Characters special in both Python's and PostgreSQL's regular expressions.
SPECIAL = set(".^$*+?()[]{}|\\")


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
    for word in value.split():
        pattern = word_pattern(word)
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__iregex": pattern})
        queryset = queryset.filter(condition)
    return queryset
