"""The columns an equipment import understands: Polish and English names, and how each cell is
read and checked (lengths, amounts, VAT rates, NIP, statuses as offices write them)."""

import functools

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from magistrat.core.imports import parsers
from magistrat.core.imports.columns import Field
from magistrat.core.imports.parsers import ParseError

from .models import Asset

# Besides the labels the screens show in Polish and English (added below) and the API's codes:
# what offices write, and the words of the retire and return forms.
STATUS_NAMES = {
    "ordered": ["zamówiony", "zamówione", "zamówienie", "on order"],
    "in_stock": ["w magazynie", "na magazynie", "magazyn", "na stanie", "nieużywany", "stock", "spare",
                 "in storage"],
    "in_use": ["w użyciu", "używany", "użytkowany", "aktywny", "used", "active"],
    "in_repair": ["w naprawie", "do naprawy", "naprawa", "serwis", "w serwisie", "repair", "under repair"],
    "lent": ["wypożyczony", "użyczony", "on loan"],
    "withdrawn": ["wycofany", "wycofany z użytku", "wycofany z eksploatacji", "withdrawn from use"],
    "disposed": ["zlikwidowany", "zlikwidowany (likwidacja)", "likwidacja", "zutylizowany", "scrapped",
                 "disposed of", "disposed of (likwidacja)"],
    "lost": ["zagubiony", "utracony", "skradziony", "stolen"],
}


@functools.cache
def _status_choice() -> parsers.Choice:
    names = {}
    for value, label in Asset.Status.choices:
        # The screens' own name first: an error lists the first name of each status.
        with override("pl"):
            spellings = [str(label), *STATUS_NAMES.get(value, [])]
        with override("en"):
            spellings.append(str(label))
        names[value] = spellings
    return parsers.Choice(names)


def _status(value):
    return _status_choice()(value)


def _vat(value):
    result = parsers.percent(value)
    if not 0 <= result <= 100:
        raise ParseError(_("A VAT rate is between 0 and 100%."))
    return result


def _quantity(value):
    result = parsers.integer(value)
    if result < 1:
        raise ParseError(_("At least 1."))
    return result


def F(name, label, aliases, parse=None, **extra):  # noqa: N802 - reads as a table below
    return Field(name, label, tuple(aliases), parse or parsers.text_for(Asset, name), **extra)


FIELDS = [
    F("inventory_number", gettext_lazy("Inventory number"),
      ["nr inw", "nr inwentarzowy", "numer inwentarzowy", "numer inw", "nr ewidencyjny",
       "numer ewidencyjny", "inventory no", "inv no", "asset tag"]),
    F("fixed_asset_number", gettext_lazy("Fixed-asset register number"),
      ["nr środka trwałego", "numer środka trwałego", "nr ŚT", "fixed asset number"]),
    F("name", gettext_lazy("Name"), ["nazwa", "nazwa składnika", "nazwa sprzętu", "nazwa środka",
                                     "przedmiot", "item"]),
    F("category", gettext_lazy("Category"), ["kategoria", "rodzaj", "typ", "grupa", "type"],
      parsers.text),
    F("manufacturer", gettext_lazy("Manufacturer"), ["producent", "marka", "make", "brand"]),
    F("model", gettext_lazy("Model"), ["typ model", "model urządzenia"]),
    F("serial_number", gettext_lazy("Serial number"),
      ["nr seryjny", "numer seryjny", "nr fabryczny", "numer fabryczny", "s/n", "sn", "serial",
       "serial no"]),
    F("status", gettext_lazy("Status"), ["stan", "state"], _status),
    F("quantity", gettext_lazy("Quantity"), ["ilość", "liczba", "ilość sztuk", "szt", "qty"],
      _quantity),
    F("location", gettext_lazy("Location"), ["lokalizacja", "pomieszczenie", "pokój", "miejsce",
                                             "miejsce użytkowania", "room"], parsers.text),
    F("person", gettext_lazy("Assigned to"), ["użytkownik", "osoba", "pracownik",
                                              "osoba odpowiedzialna", "przydzielony do", "user",
                                              "employee", "holder"], parsers.text),
    F("parent", gettext_lazy("Part of"), ["wchodzi w skład", "część zestawu", "element zestawu",
                                          "nr inw. zestawu", "zestaw", "parent", "parent asset"],
      parsers.text),
    F("purchase_date", gettext_lazy("Purchase date"), ["data zakupu", "data nabycia",
                                                       "date of purchase"], parsers.date),
    F("commissioning_date", gettext_lazy("Commissioning date"),
      ["data przekazania do użytkowania", "data oddania do użytkowania",
       "data przyjęcia do używania", "data uruchomienia"], parsers.date),
    F("supplier_name", gettext_lazy("Supplier"), ["dostawca", "sprzedawca", "vendor"]),
    F("supplier_nip", gettext_lazy("Supplier NIP"), ["nip dostawcy", "nip", "supplier tax id"], parsers.nip),
    F("invoice_number", gettext_lazy("Invoice number"), ["nr faktury", "numer faktury", "faktura",
                                                         "invoice", "dokument zakupu"]),
    F("net_price", gettext_lazy("Net price"), ["wartość netto", "cena netto", "netto", "net",
                                               "net value"], parsers.amount),
    F("vat_rate", gettext_lazy("VAT rate [%]"), ["stawka vat", "vat", "vat rate"], _vat),
    F("gross_price", gettext_lazy("Gross price"), ["wartość brutto", "cena brutto", "brutto",
                                                   "wartość", "wartość początkowa", "cena",
                                                   "price", "value", "gross"], parsers.amount),
    F("funding", gettext_lazy("Funding"), ["źródło finansowania", "finansowanie",
                                           "source of funding"]),
    F("warranty_end", gettext_lazy("Warranty until"), ["gwarancja do", "koniec gwarancji",
                                                       "data końca gwarancji", "warranty end",
                                                       "warranty"], parsers.date),
    F("hostname", gettext_lazy("Hostname"), ["nazwa hosta", "nazwa komputera", "host"]),
    F("os_name", gettext_lazy("Operating system"), ["system operacyjny", "system", "os"]),
    F("os_version", gettext_lazy("System version"), ["wersja systemu", "os version"]),
    F("cpu", gettext_lazy("Processor"), ["procesor", "processor"]),
    F("ram", gettext_lazy("Memory (RAM)"), ["pamięć", "pamięć ram", "ram", "memory"]),
    F("disk", gettext_lazy("Disk"), ["dysk", "dysk twardy", "dyski", "storage"]),
    F("mac_addresses", gettext_lazy("MAC addresses"), ["mac", "adres mac", "adresy mac",
                                                       "mac address"]),
    F("ip_addresses", gettext_lazy("IP addresses"), ["ip", "adres ip", "adresy ip", "ip address"]),
    F("firmware", gettext_lazy("Firmware"), ["oprogramowanie układowe", "wersja firmware"]),
    F("notes", gettext_lazy("Notes"), ["uwagi", "notatki", "opis", "comments", "remarks"]),
    # A withdrawn, disposed-of or lost row (legacy records, or a withdrawal entered from a file)
    # gives its date and reason, and a disposal its protocol.
    F("retired_on", gettext_lazy("Withdrawal / disposal date"),
      ["data likwidacji", "data wycofania", "data wycofania z użytku", "data zdarzenia",
       "disposal date", "withdrawal date", "retired on"], parsers.date,
      extra_labels=(gettext_lazy("withdrawn / disposed on"),)),
    F("retirement_reason", gettext_lazy("Withdrawal / disposal reason"),
      ["przyczyna likwidacji", "powód likwidacji", "przyczyna wycofania", "powód wycofania",
       "disposal reason", "withdrawal reason"]),
    F("retirement_protocol", gettext_lazy("Disposal protocol number"),
      ["nr protokołu likwidacji", "numer protokołu likwidacji", "protokół likwidacji",
       "disposal protocol", "withdrawal protocol"]),
    # The unit a row belongs to, as exports write it: checked against the organization the file
    # is imported into, never written (a row cannot move an asset to another unit).
    F("organization", gettext_lazy("Organization"),
      ["jednostka", "jednostka organizacyjna", "organizacja", "unit"], parsers.text),
]
# Found by name in the organization (`import_lookups`): the asset an item is part of by its
# inventory number.
REFERENCES = ("category", "location", "person", "parent")
CHECKED_ONLY = ("organization",)
PLAIN = [f.name for f in FIELDS if f.name not in REFERENCES + CHECKED_ONLY]
# An update leaves these as they are when their cell is empty (other empty cells clear the value).
KEPT_WHEN_EMPTY = {"inventory_number", "name", "category", "status", "quantity", "retired_on",
                   "retirement_reason", "retirement_protocol"}
RETIREMENT = ("retired_on", "retirement_reason", "retirement_protocol")
