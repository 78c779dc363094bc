"""Document numbers from each office's own template (inventory numbers first); no national
format is forced."""

import re
import string

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


def compact(text: str) -> str:
    """'UMiG Mikstat' -> 'UMiGMikstat' (spaces and slashes would confuse the number)."""
    return "".join(ch for ch in text if ch not in string.whitespace + "/")
