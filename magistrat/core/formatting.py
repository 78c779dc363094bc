"""Money and dates the way Polish offices write them; used by templates, PDFs, XLSX and CSV."""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone

NBSP = "\xa0"


def money(value, currency: str = "zł") -> str:
    """Decimal('147979') -> '147 979,00 zł' (non-breaking spaces)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    whole, _, cents = f"{abs(amount):.2f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = f"{sign}{NBSP.join(groups)},{cents}"
    return f"{text}{NBSP}{currency}" if currency else text


def quantity(value, unit: str = "", *, with_unit: bool = False) -> str:
    """An indicator's or a template's figure: 15 -> '15', 2.50 -> '2,5', 382000 -> '382 000';
    amounts in złoty as money ('382 000,00 zł'); `with_unit` adds the unit ('15 szt.');
    no value -> '—'."""
    if value is None or value == "":
        return "—"
    if unit.strip().lower() == "zł":
        return money(value)
    text = money(value, currency="")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text}{NBSP}{unit.strip()}" if with_unit and unit.strip() else text


def date(value) -> str:
    """date(2022, 4, 28) -> '28.04.2022'; datetimes in local time with hours."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def plural_form(number: int, forms: tuple[str, str, str]) -> str:
    """Polish agreement: 1 laptop, 2–4 (but not 12–14) laptopy, otherwise laptopów."""
    one, few, many = forms
    if number == 1:
        return one
    if number % 10 in (2, 3, 4) and number % 100 not in (12, 13, 14):
        return few
    return many


def amount_in_words(value) -> str:
    """Decimal('147979.00') -> 'sto czterdzieści siedem tysięcy dziewięćset siedemdziesiąt
    dziewięć złotych 00/100' — the "słownie" line of Polish documents."""
    from num2words import num2words

    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "minus " if amount < 0 else ""
    whole = int(abs(amount))
    cents = int((abs(amount) - whole) * 100)
    currency = plural_form(whole, ("złoty", "złote", "złotych"))
    return f"{sign}{num2words(whole, lang='pl')} {currency} {cents:02d}/100"
