"""Polish wording for residents (the public page, the A3 poster): counts that agree with their
numbers ("1 laptop", "3 laptopy", "12 komputerów stacjonarnych") and dates written out
("28 kwietnia 2022 r."). Polish whatever the interface language, like every public text."""

import datetime

from magistrat.core.formatting import plural_form
from magistrat.core.imports.parsers import normalize_name

MONTHS = ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
          "października", "listopada", "grudnia")

# The shared equipment categories (inventory/defaults.py): one, few (2–4), many.
CATEGORY_FORMS = {normalize_name(name): forms for name, forms in {
    "serwer": ("serwer", "serwery", "serwerów"),
    "komputer stacjonarny": ("komputer stacjonarny", "komputery stacjonarne", "komputerów stacjonarnych"),
    "laptop": ("laptop", "laptopy", "laptopów"),
    "monitor": ("monitor", "monitory", "monitorów"),
    "urządzenie wielofunkcyjne / kserokopiarka": ("urządzenie wielofunkcyjne (kserokopiarka)",
                                                  "urządzenia wielofunkcyjne (kserokopiarki)",
                                                  "urządzeń wielofunkcyjnych (kserokopiarek)"),
    "drukarka": ("drukarka", "drukarki", "drukarek"),
    "skaner": ("skaner", "skanery", "skanerów"),
    "przełącznik": ("przełącznik sieciowy", "przełączniki sieciowe", "przełączników sieciowych"),
    "router": ("router", "routery", "routerów"),
    "firewall": ("zapora sieciowa (firewall)", "zapory sieciowe (firewall)", "zapór sieciowych (firewall)"),
    "punkt dostępowy": ("punkt dostępowy Wi-Fi", "punkty dostępowe Wi-Fi", "punktów dostępowych Wi-Fi"),
    "UPS": ("zasilacz awaryjny UPS", "zasilacze awaryjne UPS", "zasilaczy awaryjnych UPS"),
    "macierz / NAS": ("macierz dyskowa (NAS)", "macierze dyskowe (NAS)", "macierzy dyskowych (NAS)"),
    "telefon": ("telefon", "telefony", "telefonów"),
    "tablet": ("tablet", "tablety", "tabletów"),
    "projektor": ("projektor", "projektory", "projektorów"),
}.items()}


def counted(category: str, number: int) -> str:
    """"12 komputerów stacjonarnych"; a category of an office's own, whose forms are not known,
    as "nazwa: 12 szt."."""
    forms = CATEGORY_FORMS.get(normalize_name(category or ""))
    if forms is None:
        return f"{category or 'sprzęt'}: {number} szt."
    return f"{number} {plural_form(number, forms)}"


def long_date(day: datetime.date | None) -> str:
    """date(2022, 4, 28) -> "28 kwietnia 2022 r."."""
    if not day:
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year} r."


def period(start: datetime.date | None, end: datetime.date | None) -> str:
    """"od 28 kwietnia 2022 r. do 30 września 2023 r."."""
    if start and end:
        return f"od {long_date(start)} do {long_date(end)}"
    return f"od {long_date(start)}" if start else ""
