"""Document numbers from each office's own template (inventory numbers first); no national
format is forced."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PLACEHOLDER = re.compile(r"\{(\w+)(?::(\d+))?\}")
KNOWN = {"org", "category", "seq", "yy", "yyyy", "room"}


def validate_template(template: str) -> None:
    names = {name for name, _width in PLACEHOLDER.findall(template)}
    unknown = names - KNOWN
    if unknown:
        raise ValidationError(_("Unknown part of the template: %(parts)s.")
                              % {"parts": ", ".join(sorted(unknown))})
    if "seq" not in names:
        raise ValidationError(_("The template needs {seq}, or numbers would repeat."))


def render(template: str, *, org: str, category: str, seq: int, year: int, room: str = "") -> str:
    def part(match):
        name, width = match.group(1), match.group(2)
        if name == "seq":
            return str(seq).zfill(int(width or 0))
        value = {"org": org, "category": category, "yy": f"{year % 100:02d}",
                 "yyyy": str(year), "room": room}[name]
        return value

    return PLACEHOLDER.sub(part, template)


MAX_PART = 12


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
