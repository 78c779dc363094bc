"""Values as offices write them in spreadsheets: amounts, dates, numbers, yes/no, choices.

Every parser takes what a cell holds (text from a CSV; text, number, date or bool from an XLSX)
and returns the Python value, or raises `ParseError` with a message a person understands.
Empty cells are handled by the caller: parsers never see "" or None.
"""

import datetime
import functools
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _


class ParseError(ValueError):
    """A cell's value cannot be read; the message is shown to the user as it is."""


@functools.lru_cache(maxsize=65536)
def _normalize(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", text)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def normalize(text) -> str:
    """'Wartość brutto [zł]' -> 'wartosc brutto': no case, diacritics, punctuation or units."""
    return _normalize(str(text))


def normalize_name(text) -> str:
    """A record's name for matching: no case, diacritics or punctuation, units kept."""
    return _normalize_name(str(text))


@functools.lru_cache(maxsize=65536)
def _normalize_name(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def text(value) -> str:
    """A cell as text; whole numbers from Excel lose their '.0' (serial 12345.0 -> '12345')."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y %H:%M") if (value.hour or value.minute) else value.strftime("%d.%m.%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


# --- Amounts ---------------------------------------------------------------------------------

CENT = Decimal("0.01")
_CURRENCY = re.compile(r"(?i)\s*(zł|zl|pln|złotych)\.?\s*$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_AMOUNT = re.compile(r"^[-+]?\d+(\.\d+)?$")


def decimal(value, places: int = 2) -> Decimal:
    """'4 350,00 zł', '4350.00', '4.350,00', '1,234.50', 4350 (Excel) -> Decimal('4350.00')."""
    quantum = Decimal(1).scaleb(-places)
    if isinstance(value, bool):
        raise ParseError(_("“%(value)s” is not an amount (e.g. 4 350,00).") % {"value": value})
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value)).quantize(quantum, ROUND_HALF_UP)
    raw = str(value).strip()
    cleaned = _plain_amount(_SPACES.sub(" ", _CURRENCY.sub("", raw)).strip())
    if cleaned is None and re.fullmatch(r"[-+(]?[\d\s\u00a0\u202f\u2009'.,]+\)?", _CURRENCY.sub("", raw).strip()):
        raise ParseError(_("“%(value)s” is not a clear amount: write it with one decimal comma and "
                           "spaces between thousands, e.g. 12 345,50.") % {"value": raw})
    if cleaned is None or not _AMOUNT.match(cleaned):
        raise ParseError(_("“%(value)s” is not an amount (e.g. 4 350,00).") % {"value": raw})
    try:
        return Decimal(cleaned).quantize(quantum, ROUND_HALF_UP)
    except InvalidOperation:
        raise ParseError(_("“%(value)s” is not an amount (e.g. 4 350,00).") % {"value": raw}) from None


_GROUPED = re.compile(r"^\d{1,3}(?:(?P<sep>[ .,])\d{3})(?:(?P=sep)\d{3})*$")


def _plain_amount(text: str) -> str | None:
    """'4 350,00' -> '4350.00'. Thousands separators (spaces, dots or commas) must split the
    whole part into groups of three digits and the decimal separator come once, last; anything
    else ("12,5,3", "1.2.3", "12 5") is ambiguous and gives None."""
    if text.startswith("(") and text.endswith(")"):   # accountants' negative
        text = "-" + text[1:-1].strip()
    sign = text[0] if text[:1] in "+-" else ""
    body = text[len(sign):].strip()
    separators = [ch for ch in body if not ch.isdigit()]
    if not separators:
        return sign + body
    # The decimal separator is the last dot or comma, unless it repeats ("1.234.567").
    point = separators[-1] if separators[-1] in ".," and separators.count(separators[-1]) == 1 else None
    whole, fraction = body.rpartition(point)[::2] if point else (body, "")
    if not whole or (point and not fraction.isdigit()):
        return None
    if not whole.isdigit() and not _GROUPED.match(whole):
        return None
    return sign + re.sub(r"[ .,]", "", whole) + (f".{fraction}" if fraction else "")


def percent(value) -> Decimal:
    """'23%', '23', 0.23 (an Excel percentage cell) -> Decimal('23.00')."""
    if isinstance(value, float) and 0 < value < 1:
        value = value * 100
    if isinstance(value, str):
        value = value.strip().rstrip("%").strip()
    return decimal(value)


def integer(value) -> int:
    if isinstance(value, bool):
        raise ParseError(_("“%(value)s” is not a whole number.") % {"value": value})
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raw = _SPACES.sub("", str(value))
    match = re.fullmatch(r"([-+]?\d+)([.,]0+)?(szt\.?)?", raw, flags=re.IGNORECASE)
    if not match:
        raise ParseError(_("“%(value)s” is not a whole number.") % {"value": value})
    return int(match.group(1))


# --- Dates -----------------------------------------------------------------------------------

EXCEL_EPOCH = datetime.date(1899, 12, 30)
MONTHS = {
    "stycznia": 1, "styczen": 1, "lutego": 2, "luty": 2, "marca": 3, "marzec": 3, "kwietnia": 4,
    "kwiecien": 4, "maja": 5, "maj": 5, "czerwca": 6, "czerwiec": 6, "lipca": 7, "lipiec": 7,
    "sierpnia": 8, "sierpien": 8, "wrzesnia": 9, "wrzesien": 9, "pazdziernika": 10,
    "pazdziernik": 10, "listopada": 11, "listopad": 11, "grudnia": 12, "grudzien": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:\s+r\.?)?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_YMD = re.compile(r"^(\d{4})[./-](\d{1,2})[./-](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_WORDS = re.compile(r"^(\d{1,2})\s+([a-z]+)\s+(\d{4})(?:\s+r)?$")


def _date(year: int, month: int, day: int, raw) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ParseError(_("“%(value)s” is not a valid date (e.g. 28.04.2022).") % {"value": raw}) from None


def excel_serial(number: float) -> datetime.date:
    """Excel's day number (1900 date system): 44679 -> 28.04.2022."""
    if not 1 <= number < 2958466:
        raise ParseError(_("“%(value)s” is not a valid date (e.g. 28.04.2022).") % {"value": number})
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def date(value) -> datetime.date:
    """'28.04.2022', '28-04-2022', '2022-04-28', '28 kwietnia 2022 r.', Excel dates and day numbers."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise ParseError(_("“%(value)s” is not a valid date (e.g. 28.04.2022).") % {"value": value})
    if isinstance(value, (int, float)):
        return excel_serial(value)
    return _date_text(str(value).strip())


@functools.lru_cache(maxsize=16384)
def _date_text(raw: str) -> datetime.date:
    match = _DMY.match(raw)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000 if year < 70 else 1900
        return _date(year, month, day, raw)
    match = _YMD.match(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _date(year, month, day, raw)
    if re.fullmatch(r"[0-9]{4,6}", raw):
        return excel_serial(int(raw))
    words = _WORDS.match(normalize(raw))
    if words and words.group(2) in MONTHS:
        return _date(int(words.group(3)), MONTHS[words.group(2)], int(words.group(1)), raw)
    raise ParseError(_("“%(value)s” is not a valid date (e.g. 28.04.2022).") % {"value": raw})


# --- Yes/no and choices ----------------------------------------------------------------------

TRUE = {"1", "tak", "t", "yes", "y", "true", "prawda", "x", "v"}
FALSE = {"0", "nie", "n", "no", "false", "falsz"}


def boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = normalize(value)
    if key in TRUE or str(value).strip() in {"✓", "✔"}:
        return True
    if key in FALSE:
        return False
    raise ParseError(_("“%(value)s” is not yes or no (tak/nie).") % {"value": value})


class Choice:
    """A parser for a fixed set of values named in several ways ('w użyciu', 'in use', 'in_use').

    `names` maps each stored value to the names people use for it; matching ignores case,
    diacritics and punctuation.
    """

    def __init__(self, names: dict[str, list[str]]):
        self.lookup = {}
        for stored, spellings in names.items():
            for spelling in [stored, *spellings]:
                self.lookup.setdefault(normalize(spelling), stored)
        self.examples = ", ".join(spellings[0] for spellings in names.values() if spellings)

    def __call__(self, value):
        found = self.lookup.get(normalize(value))
        if found is None:
            raise ParseError(_("“%(value)s” is not one of: %(choices)s.")
                             % {"value": value, "choices": self.examples})
        return found


# --- Checks shared by the domain imports --------------------------------------------------------

def text_for(model, name: str):
    """A parser for the text field `name` of `model`: refuses what would not fit."""
    limit = model._meta.get_field(name).max_length

    def parse(value):
        result = text(value)
        if limit and len(result) > limit:
            raise ParseError(_("Longer than %(limit)s characters.") % {"limit": limit})
        return result
    return parse


def amount(value, maximum: Decimal = Decimal("9999999999.99")) -> Decimal:
    """A non-negative amount of money, as offices write it ("4 350,00 zł")."""
    result = decimal(value)
    if result < 0:
        raise ParseError(_("Cannot be negative."))
    if result > maximum:
        raise ParseError(_("Too large."))
    return result


def nip(value) -> str:
    """A NIP in any office spelling, stored as its ten digits; a wrong check digit is an error."""
    from django.core.exceptions import ValidationError

    from magistrat.core.identifiers import normalize_nip, validate_nip

    result = normalize_nip(text(value))
    try:
        validate_nip(result)
    except ValidationError as exc:
        raise ParseError(exc.messages[0]) from None
    return result
