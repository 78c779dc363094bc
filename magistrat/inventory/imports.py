"""Importing equipment from the spreadsheets offices keep: the columns, how rows are checked
against the register, and `asset_import`, the one service the CLI, the web and the API call."""

import functools
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from magistrat.core.changelog import log_changes, snapshot
from magistrat.core.identifiers import normalize_nip, validate_nip
from magistrat.core.imports import parsers
from magistrat.core.imports.bulk import build, bulk_insert, bulk_update
from magistrat.core.imports.columns import Field
from magistrat.core.imports.engine import Importer, run
from magistrat.core.imports.jobs import ImportKind
from magistrat.core.imports.parsers import ParseError
from magistrat.core.models import ChangeLogEntry
from magistrat.organizations import access
from magistrat.organizations.models import Organization

from . import services
from .import_lookups import Lookups
from .models import Asset
from .numbering import Numberer

BATCH = 5000
MAX_AMOUNT = Decimal("9999999999.99")
STATUS_NAMES = {
    "ordered": ["zamówiony", "zamówione", "zamówienie"],
    "in_stock": ["w magazynie", "magazyn", "na stanie", "nieużywany", "stock", "spare"],
    "in_use": ["w użyciu", "używany", "użytkowany", "aktywny", "used", "active"],
    "in_repair": ["w naprawie", "naprawa", "serwis", "w serwisie", "repair"],
    "lent": ["wypożyczony", "użyczony", "on loan"],
    "withdrawn": ["wycofany", "wycofany z użytku", "wycofany z eksploatacji"],
    "disposed": ["zlikwidowany", "likwidacja", "zutylizowany", "scrapped"],
    "lost": ["zagubiony", "utracony", "skradziony", "stolen"],
}


@functools.cache
def _status_choice() -> parsers.Choice:
    names = {}
    for value, label in Asset.Status.choices:
        spellings = list(STATUS_NAMES.get(value, []))
        for language in ("pl", "en"):
            with override(language):
                spellings.append(str(label))
        names[value] = spellings
    return parsers.Choice(names)


def _status(value):
    return _status_choice()(value)


def _text(name: str):
    limit = Asset._meta.get_field(name).max_length

    def parse(value):
        result = parsers.text(value)
        if limit and len(result) > limit:
            raise ParseError(_("Longer than %(limit)s characters.") % {"limit": limit})
        return result
    return parse


def _amount(value):
    result = parsers.decimal(value)
    if result < 0:
        raise ParseError(_("Cannot be negative."))
    if result > MAX_AMOUNT:
        raise ParseError(_("Too large."))
    return result


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


def _nip(value):
    result = normalize_nip(parsers.text(value))
    try:
        validate_nip(result)
    except ValidationError as exc:
        raise ParseError(exc.messages[0]) from None
    return result


def F(name, label, aliases, parse=None, **extra):  # noqa: N802 - reads as a table below
    return Field(name, label, tuple(aliases), parse or _text(name), **extra)


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
    F("purchase_date", gettext_lazy("Purchase date"), ["data zakupu", "data nabycia",
                                                       "date of purchase"], parsers.date),
    F("commissioning_date", gettext_lazy("Commissioning date"),
      ["data przekazania do użytkowania", "data oddania do użytkowania",
       "data przyjęcia do używania", "data uruchomienia"], parsers.date),
    F("supplier_name", gettext_lazy("Supplier"), ["dostawca", "sprzedawca", "vendor"]),
    F("supplier_nip", gettext_lazy("Supplier NIP"), ["nip dostawcy", "nip", "supplier tax id"], _nip),
    F("invoice_number", gettext_lazy("Invoice number"), ["nr faktury", "numer faktury", "faktura",
                                                         "invoice", "dokument zakupu"]),
    F("net_price", gettext_lazy("Net price"), ["wartość netto", "cena netto", "netto", "net",
                                               "net value"], _amount),
    F("vat_rate", gettext_lazy("VAT rate [%]"), ["stawka vat", "vat", "vat rate"], _vat),
    F("gross_price", gettext_lazy("Gross price"), ["wartość brutto", "cena brutto", "brutto",
                                                   "wartość", "wartość początkowa", "cena",
                                                   "price", "value", "gross"], _amount),
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
]
REFERENCES = ("category", "location", "person")
PLAIN = [f.name for f in FIELDS if f.name not in REFERENCES]
# An update leaves these as they are when their cell is empty (other empty cells clear the value).
KEPT_WHEN_EMPTY = {"inventory_number", "name", "category", "status", "quantity"}


def _summary(refs: dict) -> dict:
    """What a new row was matched to, for the preview ("Sala 12 (new)" when it will be created)."""
    summary = {}
    for name, record in refs.items():
        if record is not None:
            label = capfirst(str(Asset._meta.get_field(name).verbose_name))
            summary[label] = str(record) if record.pk else _("%(name)s (new)") % {"name": record}
    return summary


class AssetImporter(Importer):
    kind = "assets"
    fields = FIELDS

    def __init__(self, *, user, organization: Organization, update=False, create_missing=False):
        self.user, self.organization = user, organization
        self.update, self.create_missing = update, create_missing
        self.creates, self.updates = [], []        # [(row number, values)], [(asset id, values)]
        self.seen_numbers, self.seen_serials, self.seen_assets = {}, {}, {}

    def prepare(self, columns, report):
        self.present = columns.present()
        self.lookups = Lookups(self.organization)
        self.existing = {}                         # inventory number -> (id, manufacturer, serial)
        self.serials = {}                          # (manufacturer, serial) -> id
        self.by_serial = {}                        # serial -> [ids]
        for pk, number, maker, serial in Asset.objects.filter(organization=self.organization) \
                .values_list("pk", "inventory_number", "manufacturer", "serial_number"):
            self.existing[number] = (pk, maker, serial)
            if serial:
                self.serials[(maker, serial)] = pk
                self.by_serial.setdefault(serial, []).append(pk)

    def check_row(self, row, report):
        values = row.values
        number = values.get("inventory_number") or ""
        target = self._target(row, number)
        if target is None:
            for name in ("name", "category"):
                if not values.get(name):
                    row.error(name, _("Required for a new asset."))
        refs = {}
        for name in REFERENCES:
            if values.get(name):
                found, problem = self.lookups.resolve(name, values[name], create=self.create_missing)
                if problem:
                    row.error(name, problem)
                refs[name] = found
        self._rules(row, values)
        self._unique(row, number, target)
        if row.failed:
            return
        if target is None:
            self.creates.append((row.number, values, refs))
            report.to_create += 1
            report.add_preview(row.number, "create", f"{number or _('(numbered from the template)')} "
                                                     f"{values.get('name') or ''}".strip(), _summary(refs))
        else:
            self.updates.append((row.number, target, values, refs))

    def _target(self, row, number):
        """The existing asset this row updates (its id), None for a new one, 0 after an error."""
        pk = None
        if number and number in self.existing:
            pk = self.existing[number][0]
        elif not number and self.update and row.values.get("serial_number"):
            serial, maker = row.values["serial_number"], row.values.get("manufacturer")
            ids = [self.serials[(maker, serial)]] if (maker, serial) in self.serials \
                else self.by_serial.get(serial, [])
            if len(ids) == 1:
                pk = ids[0]
        if pk is None:
            return None
        if not self.update:
            row.error("inventory_number" if number else "serial_number",
                      _("Already in the register; import with “update” to change it."))
            return 0
        if pk in self.seen_assets:
            row.error("inventory_number", _("Row %(row)s already updates this asset.")
                      % {"row": self.seen_assets[pk]})
            return 0
        self.seen_assets[pk] = row.number
        return pk

    def _rules(self, row, values):
        purchase, start = values.get("purchase_date"), values.get("commissioning_date")
        if purchase and start and start < purchase:
            row.error("commissioning_date", _("Commissioning cannot be before the purchase."))
        net, gross = values.get("net_price"), values.get("gross_price")
        if net is not None and gross is not None and gross < net:
            row.error("gross_price", _("The gross price cannot be lower than the net price."))

    def _unique(self, row, number, target):
        if number:
            if number in self.seen_numbers:
                row.error("inventory_number", _("The same inventory number is in row %(row)s.")
                          % {"row": self.seen_numbers[number]})
            else:
                self.seen_numbers[number] = row.number
        serial = row.values.get("serial_number")
        if not serial:
            return
        maker = row.values.get("manufacturer") or ""
        if not row.has("manufacturer") and target:
            maker = self.lookups.maker_of(target, self.existing)
        key = (maker, serial)
        if key in self.seen_serials:
            row.error("serial_number", _("The same manufacturer and serial number are in row %(row)s.")
                      % {"row": self.seen_serials[key]})
        else:
            self.seen_serials[key] = row.number
        owner = self.serials.get(key)
        if owner and owner != target and target != 0:
            row.error("serial_number", _("Another asset in the register has this manufacturer and "
                                         "serial number."))

    def finish(self, report):
        if report.errors:
            return
        self.changed = []
        assets = self.lookups.assets([pk for _row, pk, _v, _r in self.updates])
        for number, pk, values, refs in self.updates:
            asset = assets[pk]
            changes = {name: value for name, value in self._data(values, refs, asset).items()
                       if getattr(asset, name if name not in REFERENCES else f"{name}_id")
                       != (value.pk if name in REFERENCES and value is not None else value)}
            if changes:
                self.changed.append((asset, changes))
                report.to_update += 1
                report.add_preview(number, "update", str(asset), pk=asset.pk, changes={
                    capfirst(str(Asset._meta.get_field(k).verbose_name)): str(v if v is not None else "")
                    for k, v in changes.items()})
            else:
                report.unchanged += 1

    def _data(self, values, refs, asset=None) -> dict:
        data = {}
        for name in PLAIN:
            if asset is not None and name in KEPT_WHEN_EMPTY and values.get(name) in (None, ""):
                continue
            if name in values:
                value = values[name]
                field = Asset._meta.get_field(name)
                if value is None and not field.null:
                    value = field.get_default() if name == "quantity" else ""
                data[name] = value
        for name in REFERENCES:
            if asset is not None and name in KEPT_WHEN_EMPTY and not values.get(name):
                continue
            if name in values:
                data[name] = refs.get(name)
        if asset is None:
            if not data.get("status"):
                data["status"] = Asset.Status.IN_USE if data.get("person") else Asset.Status.IN_STOCK
            if data.get("quantity") is None:
                data["quantity"] = 1
        return data

    def write(self, report, progress):
        self.lookups.create_missing(self.user, report)
        total = len(self.creates) + len(self.changed)
        progress("writing", 0, total)
        numberer = Numberer(self.organization, taken=set(self.seen_numbers), preload=True)
        done = 0
        preview = {item["row"]: item for item in report.preview}
        for start in range(0, len(self.creates), BATCH):
            chunk = self.creates[start:start + BATCH]
            assets = [self._new(values, refs, numberer) for _n, values, refs in chunk]
            bulk_insert(assets)
            for (number, _values, _refs), asset in zip(chunk, assets):
                if number in preview:
                    preview[number].update(record=str(asset), url=asset.get_absolute_url())
            log_changes(user=self.user, items=((a, ChangeLogEntry.Action.CREATE, None) for a in assets))
            done += len(assets)
            progress("writing", done, total)
        report.created = len(self.creates)
        for start in range(0, len(self.changed), BATCH):
            chunk = self.changed[start:start + BATCH]
            items, fields = [], set()
            for asset, changes in chunk:
                before = snapshot(asset)
                for name, value in changes.items():
                    setattr(asset, name, self.lookups.final(value) if name in REFERENCES else value)
                self._derive(asset, changes)
                fields |= set(changes) | {"net_price", "gross_price", "low_value"}
                items.append((asset, ChangeLogEntry.Action.UPDATE, before))
            bulk_update([a for a, _c in chunk], sorted(fields))
            for item in report.preview:
                if item["action"] == "update" and item.get("pk"):
                    item["url"] = reverse("inventory:asset_detail", args=[item["pk"]])
            log_changes(user=self.user, items=items)
            done += len(chunk)
            progress("writing", done, total)
        report.updated = len(self.changed)

    def _new(self, values, refs, numberer) -> Asset:
        data = self._data(values, {k: self.lookups.final(v) for k, v in refs.items()})
        asset = build(Asset, organization=self.organization, **data)
        if not asset.inventory_number:
            location = data.get("location")
            asset.inventory_number = numberer.next(
                asset.category, year=asset.purchase_date.year if asset.purchase_date else None,
                room=location.name if location else "")
        self._derive(asset, data)
        return asset

    def _derive(self, asset, changes):
        prices = {"net_price": asset.net_price, "gross_price": asset.gross_price, "vat_rate": asset.vat_rate}
        services._prices(prices)
        asset.net_price, asset.gross_price = prices["net_price"], prices["gross_price"]
        asset.low_value = services.is_low_value(asset, self.organization)


def asset_import(*, user, organization: Organization, source, update: bool = False,
                 create_missing: bool = False, dry_run: bool = False, mapping=None, sheet=None,
                 progress=None):
    """Import equipment from a CSV or XLSX file (bytes, a path or a file object).

    Every row is checked first; nothing is saved unless all rows are valid (or on a dry run).
    With `update`, rows whose inventory number (or serial number) is in the register update
    that asset. With `create_missing`, unknown categories, locations and people are created."""
    access.require(user, "asset.change", organization)
    if create_missing:
        access.require(user, "person.change", organization)
    importer = AssetImporter(user=user, organization=organization, update=update,
                             create_missing=create_missing)
    return run(importer, source, sheet=sheet, mapping=mapping, dry_run=dry_run, progress=progress)


def _run_job(*, user, job, source, dry_run, progress):
    options = job.options
    return asset_import(user=user, organization=job.organization, source=source, dry_run=dry_run,
                        update=bool(options.get("update")),
                        create_missing=bool(options.get("create_missing")),
                        mapping=options.get("mapping") or None, sheet=options.get("sheet") or None,
                        progress=progress)


KIND = ImportKind(
    name="assets", label=gettext_lazy("equipment"), permission="asset.change", run=_run_job,
    done_url=lambda job: reverse("inventory:asset_list"),
    back_url=lambda job: reverse("inventory:asset_list"),
    back_label=lambda job: _("Hardware register"),
)
