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
    def part(match):
        name, width = match.group(1), match.group(2)
        if name == "seq":
            return str(seq).zfill(int(width or 0))
        value = {"org": org, "category": category, "yy": f"{year % 100:02d}",
                 "yyyy": str(year), "room": room}[name]
        return value

    return PLACEHOLDER.sub(part, template)


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
