"""Importing equipment from the spreadsheets offices keep: how rows are checked against the
register (columns in `import_columns`, names in `import_lookups`), and `asset_import`, the one
service the CLI, the web and the API call."""

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from magistrat.core.changelog import log_changes, snapshot
from magistrat.core.imports.bulk import build, bulk_insert, bulk_update
from magistrat.core.imports.engine import Importer, run
from magistrat.core.imports.jobs import ImportKind
from magistrat.core.models import ChangeLogEntry
from magistrat.organizations import access
from magistrat.organizations.models import Organization

from . import services
from .import_columns import FIELDS, KEPT_WHEN_EMPTY, PLAIN, REFERENCES
from .import_lookups import Lookups
from .models import Asset
from .numbering import Numberer
from .rules import asset_rule_errors

BATCH = 5000
NUMBERED_LATER = gettext_lazy("(numbered from the template)")
# What the asset's rules read on an updated asset, and which file columns a rule's error is about.
MERGED_RULE_FIELDS = ("net_price", "vat_rate", "gross_price", "purchase_date", "commissioning_date",
                      "warranty_end", "status", "mac_addresses", "ip_addresses")
RULE_INPUTS = {
    "gross_price": ("gross_price", "net_price", "vat_rate"),
    "purchase_date": ("purchase_date", "status"),
    "commissioning_date": ("commissioning_date", "purchase_date"),
    "warranty_end": ("warranty_end", "purchase_date"),
}


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
        self.columns = columns
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
            report.add_preview(row.number, "create", f"{number or NUMBERED_LATER} "
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
        """The asset's own rules (inventory.rules, as Asset.clean() applies them) on the row."""
        checked = dict(values)
        if not checked.get("status"):
            checked["status"] = Asset.Status.IN_USE if values.get("person") else Asset.Status.IN_STOCK
        for name, messages in asset_rule_errors(checked).items():
            for message in messages:
                row.error(name, message)

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
            if changes and not self._merged_rules(number, asset, changes, report):
                continue
            if changes:
                self.changed.append((asset, changes))
                report.to_update += 1
                report.add_preview(number, "update", str(asset), pk=asset.pk, changes={
                    capfirst(str(Asset._meta.get_field(k).verbose_name)): str(v if v is not None else "")
                    for k, v in changes.items()})
            else:
                report.unchanged += 1

    def _merged_rules(self, number, asset, changes, report) -> bool:
        """The model's rules on the asset as it will be: the file's values over the stored ones."""
        merged = {k: changes.get(k, getattr(asset, k)) for k in MERGED_RULE_FIELDS}
        # A rule the stored asset already broke is not the file's doing, unless the file touches it.
        stored = asset_rule_errors({k: getattr(asset, k) for k in MERGED_RULE_FIELDS})
        ok = True
        for name, messages in asset_rule_errors(merged).items():
            inputs = RULE_INPUTS.get(name, (name,))
            if name in stored and not set(inputs) & set(changes):
                continue
            column = next((self.columns.column_of(field) for field in inputs if self.columns.column_of(field)), None)
            for message in messages:
                report.error(number, column, message)
            ok = False
        return ok

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
            services.follow_holders([a for a in assets if a.person_id])
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
            services.follow_holders([a for a, changes in chunk if "person" in changes])
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
