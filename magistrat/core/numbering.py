"""Document numbers from each office's own template (inventory numbers first); no national
format is forced."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PLACEHOLDER = re.compile(r"\{(\w+)(?::(\d+))?\}")
KNOWN = {"org", "category", "seq", "yy", "yyyy", "room"}
MAX_PART = 12
# The longest text each part can put into a number: {org} and {room} are compacted to
# MAX_PART characters, a category code has at most 20 (inventory.AssetCategory.code).
PART_LENGTH = {"org": MAX_PART, "category": 20, "room": MAX_PART, "yy": 2, "yyyy": 4}
SEQ_WIDTH = (1, 10)      # {seq:N}: zero-padded to N digits
SEQ_DIGITS = 6           # a sequence passes 999 999 in no office's register
NUMBER_MAX_LENGTH = 60   # inventory.Asset.inventory_number


def longest_number(template: str) -> int:
    """The most characters a number from `template` can have."""
    length = len(PLACEHOLDER.sub("", template))
    for name, width in PLACEHOLDER.findall(template):
        if name == "seq":
            length += max(int(width or 0), SEQ_DIGITS)
        else:
            length += PART_LENGTH.get(name, 0)
    return length


def validate_template(template: str) -> None:
    parts = PLACEHOLDER.findall(template)
    names = {name for name, _width in parts}
    unknown = names - KNOWN
    if unknown:
        raise ValidationError(_("Unknown part of the template: %(parts)s.")
                              % {"parts": ", ".join(sorted(unknown))})
    if "seq" not in names:
        raise ValidationError(_("The template needs {seq}, or numbers would repeat."))
    for name, width in parts:
        if width and name != "seq":
            raise ValidationError(_("Only {seq} takes a width, not {%(part)s}.") % {"part": name})
        if width and not SEQ_WIDTH[0] <= int(width) <= SEQ_WIDTH[1]:
            raise ValidationError(
                _("The width in {seq:N} must be from %(min)d to %(max)d, not %(width)s.")
                % {"min": SEQ_WIDTH[0], "max": SEQ_WIDTH[1], "width": width})
    length = longest_number(template)
    if length > NUMBER_MAX_LENGTH:
        raise ValidationError(
            _("Numbers from this template could have %(length)d characters; an inventory number "
              "holds at most %(max)d. Shorten the fixed text or the {seq} width.")
            % {"length": length, "max": NUMBER_MAX_LENGTH})


def render(template: str, *, org: str, category: str, seq: int, year: int, room: str = "") -> str:
    """The number for these parts. A part left empty (no room, say) goes together with the
    separator before it — "UMG/KOMP/0001/{room}" without a room is "UMG/KOMP/0001", not
    "UMG/KOMP/0001/" — or, at the start of the template, the separator after it."""
    values = {"org": org, "category": category, "yy": f"{year % 100:02d}", "yyyy": str(year), "room": room}
    parts: list[str] = []
    drop_separator = False
    for literal, name, width in _tokens(template):
        if literal:
            if drop_separator:
                literal = _LEADING_SEPARATOR.sub("", literal)
                drop_separator = False
            parts.append(literal)
            continue
        value = str(seq).zfill(int(width or 0)) if name == "seq" else values[name]
        if value:
            parts.append(value)
        elif parts and _TRAILING_SEPARATOR.search(parts[-1]):
            parts[-1] = _TRAILING_SEPARATOR.sub("", parts[-1])
        elif not "".join(parts):
            drop_separator = True
    return "".join(parts)


_SEPARATOR = r"[^0-9A-Za-z]+"
_LEADING_SEPARATOR = re.compile(rf"^{_SEPARATOR}")
_TRAILING_SEPARATOR = re.compile(rf"{_SEPARATOR}$")


def _tokens(template: str):
    """(literal, None, None) and ("", name, width) in the template's order."""
    position = 0
    for match in PLACEHOLDER.finditer(template):
        if match.start() > position:
            yield template[position:match.start()], None, None
        yield "", match.group(1), match.group(2)
        position = match.end()
    if position < len(template):
        yield template[position:], None, None


def has_year(template: str) -> bool:
    """Whether numbers carry the year ({yy} or {yyyy}): their sequence then restarts each year."""
    return any(name in ("yy", "yyyy") for _literal, name, _width in _tokens(template))


ROOM_CHARS = r"[A-Za-z0-9.\-]+"


def pattern(template: str, *, org: str, category: str | None, year: int | None, named: bool = True) -> str:
    """A regular expression matching the numbers `render` gives for these parts, any sequence
    and any room (or none). `category` or `year` None match any. With `named`, the sequence is the
    group "seq" and a category or year left open the groups "category" and "year"; without,
    the expression also works in PostgreSQL (for a query)."""
    def group(name, body):
        return f"(?P<{name}>{body})" if named else f"({body})"

    pieces: list[str] = []
    tokens = list(_tokens(template))
    skip = 0                      # characters of a literal already taken by the room before it
    for index, (literal, name, _width) in enumerate(tokens):
        if literal:
            pieces.append(re.escape(literal[skip:]))
            skip = 0
        elif name == "seq":
            pieces.append(group("seq", r"\d+"))
        elif name == "room":
            # The room may be missing, with the separator before it (after it at the start).
            before = _TRAILING_SEPARATOR.search(tokens[index - 1][0]) if index and tokens[index - 1][0] else None
            after = (_LEADING_SEPARATOR.search(tokens[index + 1][0])
                     if index + 1 < len(tokens) and tokens[index + 1][0] else None)
            if before and pieces:
                pieces[-1] = re.escape(_TRAILING_SEPARATOR.sub("", tokens[index - 1][0]))
                pieces.append(f"(?:{re.escape(before.group(0))}{ROOM_CHARS})?")
            elif not pieces and after:
                pieces.append(f"(?:{ROOM_CHARS}{re.escape(after.group(0))})?")
                skip = len(after.group(0))
            else:
                pieces.append(f"(?:{ROOM_CHARS})?")
        elif name == "category":
            pieces.append(re.escape(category) if category is not None else group("category", ".+?"))
        elif name == "org":
            pieces.append(re.escape(org))
        else:
            digits = 2 if name == "yy" else 4
            if year is None:
                pieces.append(group("year", rf"\d{{{digits}}}"))
            else:
                pieces.append(re.escape(f"{year % 100:02d}" if name == "yy" else str(year)))
    return "^" + "".join(pieces) + "$"


def plain(text: str) -> str:
    """'Urząd Gminy Łódź' -> 'Urzad Gminy Lodz': numbers are typed on any keyboard and printed
    on labels, so they keep to ASCII letters, digits, '-' and '.'."""
    text = (text or "").replace("ł", "l").replace("Ł", "L")
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isascii() and (ch.isalnum() or ch in " -."))


def compact(text: str) -> str:
    """A short part of a number: 'UMiG Mikstat' -> 'UMiGMikstat'; a long name becomes its
    initials, 'Urząd Gminy Testowo' -> 'UGT' (spaces and slashes would confuse the number)."""
    words = plain(text).split()
    joined = "".join(words)
    if len(joined) <= MAX_PART:
        return joined
    return "".join(word[0] for word in words if word)[:MAX_PART] if len(words) > 1 else joined[:MAX_PART]


def room_code(name: str) -> str:
    """The room's part of a number, as people name rooms: its number when the name has one
    ("Sala 12 / informatyczna" -> "12", "Pokój 1.05" -> "1.05"), else its first word
    ("Serwerownia", "Sekretariat burmistrza" -> "Sekretariat")."""
    words = [word.strip("-.") for word in plain(name).split()]
    words = [word for word in words if word]
    numbered = next((word for word in words if any(ch.isdigit() for ch in word)), None)
    return (numbered or (words[0] if words else ""))[:MAX_PART]
