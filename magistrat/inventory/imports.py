"""Importing equipment from the spreadsheets offices keep: how rows are checked against the
register (columns in `import_columns`, names in `import_lookups`), and `asset_import`, the one
service the CLI, the web and the API call."""

import copy
import datetime
import functools
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from magistrat.core import formatting
from magistrat.core.changelog import log_changes, snapshot
from magistrat.core.imports.bulk import build, bulk_insert, bulk_update
from magistrat.core.imports.engine import Importer, run
from magistrat.core.imports.jobs import ImportKind
from magistrat.core.imports.parsers import normalize_name
from magistrat.core.models import ChangeLogEntry, ImportJob
from magistrat.organizations import access
from magistrat.organizations.models import Organization

from . import services
from .handover import employed_on
from .import_columns import FIELDS, KEPT_WHEN_EMPTY, PLAIN, REFERENCES, RETIREMENT
from .import_lookups import Lookups, Missing
from .models import Asset
from .numbering import Numberer
from .retirement import durability_refusal, retire_errors
from .rules import asset_rule_errors, normalize_maker
from .selectors import durability_projects

BATCH = 5000
NUMBERED_LATER = gettext_lazy("(numbered from the template)")
# What the asset's rules read on an updated asset, and which file columns a rule's error is about.
MERGED_RULE_FIELDS = ("net_price", "vat_rate", "gross_price", "purchase_date", "commissioning_date",
                      "warranty_end", "status", "mac_addresses", "ip_addresses", "category",
                      "quantity", "person", "retired_on", "retirement_reason")
RULE_INPUTS = {
    "gross_price": ("gross_price", "net_price", "vat_rate"),
    "purchase_date": ("purchase_date", "status"),
    "commissioning_date": ("commissioning_date", "purchase_date"),
    "warranty_end": ("warranty_end", "purchase_date"),
    "quantity": ("quantity", "category"),
    "status": ("status", "person", "retired_on", "retirement_reason"),
    "retired_on": ("retired_on", "status"),
    "retirement_reason": ("retirement_reason", "status"),
    "retirement_protocol": ("retirement_protocol", "status"),
}
# The retirement operation's fields (retirement.retire_errors) as the import's columns.
RETIRE_FIELDS = {"status": "status", "date": "retired_on", "reason": "retirement_reason",
                 "protocol_number": "retirement_protocol", "durability_confirmed": "status"}


PREVIEWED = ("status", "purchase_date", "gross_price")


class _Labels:
    """Field and status names as the screens show them, translated once per language: a
    100 000-row preview would otherwise translate the same few words half a million times."""

    def __init__(self):
        self.fields = {}
        self.statuses = {str(value): str(label) for value, label in Asset.Status.choices}

    def __getitem__(self, name: str) -> str:
        if name not in self.fields:
            self.fields[name] = capfirst(str(Asset._meta.get_field(name).verbose_name))
        return self.fields[name]


@functools.lru_cache(maxsize=8)
def _labels(language: str | None) -> _Labels:
    return _Labels()


def _shown(name: str, value, labels: _Labels) -> str:
    """A value as the screens show it: dates 28.04.2022, amounts 4 350,00 zł, statuses by name."""
    if value is None or value == "":
        return ""
    if name == "status":
        return labels.statuses[value]
    if isinstance(value, datetime.date):
        return formatting.date(value)
    if name in ("net_price", "gross_price"):
        return formatting.money(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _summary(values: dict, refs: dict) -> dict:
    """A new row for the preview: its status, purchase date and price, and what it was matched to
    ("Sala 12 (new)" when it will be created)."""
    summary = {}
    labels = _labels(get_language())
    data = dict(values)
    if not data.get("status"):
        data["status"] = Asset.Status.IN_USE if refs.get("person") else Asset.Status.IN_STOCK
    if data.get("gross_price") is None and data.get("net_price") is not None:
        prices = {"net_price": data["net_price"], "gross_price": None, "vat_rate": data.get("vat_rate")}
        services._prices(prices)
        data["gross_price"] = prices["gross_price"]
    for name in PREVIEWED:
        if data.get(name) not in (None, ""):
            summary[labels[name]] = _shown(name, data[name], labels)
    if data.get("gross_price") is None and data.get("net_price") is not None:
        summary[labels["net_price"]] = _shown("net_price", data["net_price"], labels)   # no VAT rate given
    for name, record in refs.items():
        if record is not None:
            summary[labels[name]] = str(record) if record.pk else _("%(name)s (new)") % {"name": record}
    return summary


def _left(person, today) -> str:
    """Why equipment cannot be assigned to this (stored) person now, or ""."""
    if isinstance(person, Missing) or person is None or employed_on(person, today):
        return ""
    if person.employed_to is not None:
        return _("%(person)s no longer works here (employment ended on %(date)s): equipment cannot be "
                 "assigned to them.") % {"person": person, "date": formatting.date(person.employed_to)}
    return _("%(person)s no longer works here: equipment cannot be assigned to them.") % {"person": person}


class AssetImporter(Importer):
    kind = "assets"
    fields = FIELDS

    def __init__(self, *, user, organization: Organization, update=False, create_missing=False,
                 import_job=None):
        self.user, self.organization = user, organization
        self.import_job = _as_logged(import_job)
        self.update, self.create_missing = update, create_missing
        self.creates, self.updates = [], []        # [(row number, values, refs)], [(row, id, values, refs, …)]
        self.seen_numbers, self.seen_serials, self.seen_assets = {}, {}, {}
        self.today = timezone.localdate()

    def prepare(self, columns, report):
        self.columns = columns
        self.present = columns.present()
        self.field_of = {columns.header[index]: field.name for index, field in columns.fields.items()}
        self.lookups = Lookups(self.organization)
        self.existing = {}                         # inventory number -> (id, manufacturer, serial)
        self.serials = {}                          # (manufacturer as compared, serial) -> id
        self.by_serial = {}                        # serial -> [ids]
        self.numbers = {}                          # id -> inventory number (to name a clash)
        for pk, number, maker, serial in Asset.objects.filter(organization=self.organization) \
                .values_list("pk", "inventory_number", "manufacturer", "serial_number"):
            self.existing[number] = (pk, maker, serial)
            self.numbers[pk] = number
            if serial:
                self.serials[(normalize_maker(maker), serial)] = pk
                self.by_serial.setdefault(serial, []).append(pk)

    def _failed_cells(self, row, report) -> set[str]:
        """The fields of this row whose cells could not be read (their errors are already said)."""
        failed = set()
        for error in reversed(report.errors):
            if error.row != row.number:
                break
            failed.add(self.field_of.get(error.column, ""))
        return failed

    def _our_unit(self, text: str) -> bool:
        """Whether the "Organization" cell names the organization the file is imported into (by
        its name, short name, slug or id, as exports and people write it)."""
        org = self.organization
        names = {normalize_name(n) for n in (org.name, org.short_name, org.slug, str(org.pk)) if n}
        return normalize_name(text) in names

    def check_row(self, row, report):
        values = row.values
        services.tidy_identifiers(values)
        unit = values.get("organization")
        if unit and not self._our_unit(unit):
            row.error("organization", _(
                "This row belongs to %(unit)s, but the file is being imported into %(organization)s. Import "
                "that unit's rows into it, or remove the row; to copy the equipment into %(organization)s, "
                "remove the “%(column)s” column.") % {
                    "unit": unit, "organization": self.organization.name,
                    "column": self.columns.column_of("organization")})
        number = values.get("inventory_number") or ""
        failed = self._failed_cells(row, report) if row.failed else set()
        target, usable = self._target(row, number)
        if target is None:
            for name in ("name", "category"):
                if not values.get(name) and name not in failed:
                    row.error(name, _("Required for a new asset."))
        refs = {}
        for name in REFERENCES:
            if values.get(name):
                found, problem = self.lookups.resolve(name, values[name], create=self.create_missing)
                if problem:
                    row.error(name, problem)
                    failed.add(name)
                refs[name] = found
        if target is None:
            self._new_rules(row, values, refs, failed, report)
        self._unique(row, number, target)
        if target is None:
            if row.failed:
                return
            self.creates.append((row.number, values, refs))
            report.to_create += 1
            report.add_preview(row.number, "create", f"{number or NUMBERED_LATER} "
                                                     f"{values.get('name') or ''}".strip(), _summary(values, refs))
        elif usable:
            self.updates.append((row.number, target, values, refs, failed, row.failed))

    def _target(self, row, number):
        """(the existing asset the row names, whether it may update it): (None, True) for a new one."""
        pk = None
        if number and number in self.existing:
            pk = self.existing[number][0]
        elif not number and self.update and row.values.get("serial_number"):
            serial = row.values["serial_number"]
            key = (normalize_maker(row.values.get("manufacturer")), serial)
            ids = [self.serials[key]] if key in self.serials else self.by_serial.get(serial, [])
            if len(ids) == 1:
                pk = ids[0]
        if pk is None:
            return None, True
        if not self.update:
            row.error("inventory_number" if number else "serial_number",
                      _("Already in the register as %(number)s; import with “update” to change it.")
                      % {"number": self.numbers.get(pk, number)})
            return pk, False
        if pk in self.seen_assets:
            row.error("inventory_number", _("Row %(row)s already updates this asset.")
                      % {"row": self.seen_assets[pk]})
            return pk, False
        self.seen_assets[pk] = row.number
        return pk, True

    def _rule_errors(self, number, errors: dict, report, *, said: set | None = None) -> bool:
        """Report the rules' errors on the columns they are about (the first of their inputs the
        file has); an error already said for the row and column is not repeated."""
        said = self._said if said is None else said
        found = False
        for name, messages in errors.items():
            inputs = RULE_INPUTS.get(name, (name,))
            column = next((self.columns.column_of(f) for f in inputs if self.columns.column_of(f)), "")
            for message in messages:
                if (number, column, str(message)) not in said:
                    said.add((number, column, str(message)))
                    report.error(number, column, message)
                found = True
        return found

    def _missing_columns(self, status) -> list[str]:
        """The columns a row setting this retired status needs and the file does not have."""
        needed = ["retired_on", "retirement_reason"]
        if status == Asset.Status.DISPOSED:
            needed.append("retirement_protocol")
        return [str(next(f.label for f in FIELDS if f.name == name)) for name in needed
                if name not in self.present]

    def _retirement_columns_error(self, number, status, report) -> bool:
        missing = self._missing_columns(status)
        if missing:
            report.error(number, self.columns.column_of("status"), _(
                "A row that records equipment as %(status)s needs the columns %(columns)s: the date and "
                "reason (and for a disposal the protocol number) of the withdrawal.") % {
                    "status": Asset.Status(status).label, "columns": ", ".join(f"“{c}”" for c in missing)})
        return bool(missing)

    def _new_rules(self, row, values, refs, failed, report):
        """The asset's own rules (inventory.rules, as Asset.clean() applies them) on a new row."""
        checked = {**values, **refs}    # the records found (None when not found: said already)
        if not checked.get("status"):
            checked["status"] = Asset.Status.IN_USE if checked.get("person") else Asset.Status.IN_STOCK
        status = checked["status"]
        errors = asset_rule_errors(checked, today=self.today)
        if status in Asset.RETIRED:
            if self._retirement_columns_error(row.number, status, report):
                row.failed = True
                for name in ("retired_on", "retirement_reason"):
                    errors.pop(name, None)
            elif status == Asset.Status.DISPOSED and not values.get("retirement_protocol"):
                errors.setdefault("retirement_protocol", []).append(
                    _("Give the number of the disposal protocol (protokół likwidacji)."))
        for name in failed:
            errors.pop(name, None)
        if self._rule_errors(row.number, errors, report, said=set()):
            row.failed = True
        problem = _left(refs.get("person"), self.today)
        if problem:
            row.error("person", problem)
        category = refs.get("category")
        if isinstance(category, Missing) and (values.get("quantity") or 1) > 1:
            category.counted = True

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
        key = (normalize_maker(maker), serial)
        if key in self.seen_serials:
            row.error("serial_number", _("The same manufacturer and serial number are in row %(row)s.")
                      % {"row": self.seen_serials[key]})
        else:
            self.seen_serials[key] = row.number
        owner = self.serials.get(key)
        if owner and owner != target:
            row.error("serial_number", _("%(number)s in the register already has this manufacturer and "
                                         "serial number.") % {"number": self.numbers.get(owner, "?")})

    def finish(self, report):
        """Each updated asset as it will be — the file's values over the stored ones — checked
        against the rules, for every row at once (even when other rows have errors)."""
        self.changed, self._said = [], set()
        assets = self.lookups.assets([item[1] for item in self.updates])
        for number, pk, values, refs, failed, row_failed in self.updates:
            asset = assets[pk]
            data = {name: value for name, value in self._data(values, refs, asset).items()
                    if name not in failed}
            changes = {name: value for name, value in data.items()
                       if getattr(asset, name if name not in REFERENCES else f"{name}_id")
                       != (value.pk if name in REFERENCES and value is not None else value)}
            if not changes:             # nothing to check: the stored asset passed the rules
                if not row_failed:
                    report.unchanged += 1
                continue
            notes = self._gross_only(number, asset, changes, report)
            ok = self._merged_rules(number, asset, changes, report)
            ok = self._lifecycle(number, asset, changes, values, failed, report) and ok
            if not ok or row_failed:
                continue
            self.changed.append((asset, changes))
            report.to_update += 1
            labels = _labels(get_language())
            shown = {labels[k]: _shown(k, v, labels) for k, v in changes.items()}
            shown.update(notes)
            report.add_preview(number, "update", str(asset), pk=asset.pk, changes=shown)

    def _gross_only(self, number, asset, changes, report) -> dict:
        """A new gross price without a net price column: the net follows the gross (from the VAT
        rate, else it is cleared) instead of contradicting it. Said in the preview."""
        if "gross_price" not in changes or "net_price" in self.present or asset.net_price is None:
            return {}
        gross, vat = changes["gross_price"], changes.get("vat_rate", asset.vat_rate)
        label = _labels(get_language())["net_price"]
        if gross is not None and vat is not None:
            prices = {"gross_price": gross, "vat_rate": vat, "net_price": None}
            services._prices(prices)
            changes["net_price"] = prices["net_price"]
            note = _("%(net)s, computed from the new gross price and the VAT rate of %(vat)s%%") % {
                "net": formatting.money(prices["net_price"]), "vat": format(Decimal(vat).normalize(), "f")}
        else:
            changes["net_price"] = None
            note = _("cleared: without a VAT rate it cannot follow the new gross price")
        report.warning(number, self.columns.column_of("gross_price"),
                       _("Net price %(note)s.") % {"note": note})
        return {label: note}

    def _merged_rules(self, number, asset, changes, report) -> bool:
        """The model's rules on the asset as it will be: the file's values over the stored ones."""
        merged = {k: changes.get(k, getattr(asset, k)) for k in MERGED_RULE_FIELDS}
        category = merged.get("category")
        if isinstance(category, Missing) and (merged.get("quantity") or 1) > 1:
            category.counted = True
        # A rule the stored asset already broke is not the file's doing, unless the file touches it.
        stored = asset_rule_errors({k: getattr(asset, k) for k in MERGED_RULE_FIELDS}, today=self.today)
        errors = {name: messages for name, messages in asset_rule_errors(merged, today=self.today).items()
                  if name not in stored or set(RULE_INPUTS.get(name, (name,))) & set(changes)}
        if merged["status"] in Asset.RETIRED and changes.get("status", asset.status) != asset.status:
            # Said by _lifecycle with the retirement operation's own words.
            errors.pop("retired_on", None)
            errors.pop("retirement_reason", None)
        return not self._rule_errors(number, errors, report)

    def _lifecycle(self, number, asset, changes, values, failed, report) -> bool:
        """Withdrawal, disposal and loss from a file follow the retirement operation's rules; a
        retired asset is not brought back or rewritten by a file; nobody who left gets equipment."""
        ok = True
        problem = _left(changes.get("person"), self.today) if "person" in changes else ""
        if problem:
            report.error(number, self.columns.column_of("person"), problem)
            ok = False
        status = changes.get("status", asset.status)
        status_column = self.columns.column_of("status")
        if asset.status in Asset.RETIRED and status not in Asset.RETIRED:
            report.error(number, status_column, _(
                "%(asset)s is %(status)s: a file cannot bring it back. Restore it on its page (API: POST "
                "/api/v1/assets/{id}/restore/); the withdrawal stays in its history.") % {
                    "asset": asset, "status": asset.get_status_display()})
            return False
        if status == asset.status:
            rewritten = [name for name in RETIREMENT if name in changes]
            if asset.status in Asset.RETIRED and rewritten:
                report.error(number, self.columns.column_of(rewritten[0]), _(
                    "%(asset)s was recorded as %(status)s on %(date)s; a file cannot change that record.")
                    % {"asset": asset, "status": asset.get_status_display(),
                       "date": formatting.date(asset.retired_on) if asset.retired_on else "—"})
                return False
            return ok
        if status not in Asset.RETIRED:
            return ok
        if self._retirement_columns_error(number, status, report):
            return False
        errors = retire_errors(asset, status=status, date=values.get("retired_on"),
                               reason=values.get("retirement_reason") or "",
                               protocol_number=values.get("retirement_protocol") or "")
        projects = list(durability_projects(asset))
        if projects:
            errors.setdefault("durability_confirmed", []).append(durability_refusal(projects))
        by_column = {}
        for name, messages in errors.items():
            column = RETIRE_FIELDS.get(name, name)
            if column not in failed:      # an unreadable cell has its own error already
                by_column.setdefault(column, []).extend(messages)
        return not self._rule_errors(number, by_column, report) and ok

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
                fields |= set(changes) | {"net_price", "gross_price"}
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
        asset = build(Asset, organization=self.organization, import_job=self.import_job, **data)
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


def _as_logged(job):
    """The import job as each created asset's change log names it: the file, as it will be once
    written ("lista.csv (done)"), not in the middle of writing (the log reads the record given,
    so no query per asset)."""
    if job is None:
        return None
    shown = copy.copy(job)
    shown.status = ImportJob.Status.DONE
    return shown


def asset_import(*, user, organization: Organization, source, update: bool = False,
                 create_missing: bool = False, dry_run: bool = False, mapping=None, sheet=None,
                 progress=None, import_job=None):
    """Import equipment from a CSV or XLSX file (bytes, a path or a file object).

    Every row is checked first; nothing is saved unless all rows are valid (or on a dry run).
    With `update`, rows whose inventory number (or serial number) is in the register update
    that asset. With `create_missing`, unknown categories, locations and people are created.
    The assets created remember `import_job` (a web or API import), so its list can be shown."""
    access.require(user, "asset.change", organization)
    if create_missing:
        access.require(user, "person.change", organization)
    importer = AssetImporter(user=user, organization=organization, update=update,
                             create_missing=create_missing, import_job=import_job)
    return run(importer, source, sheet=sheet, mapping=mapping, dry_run=dry_run, progress=progress)


def _run_job(*, user, job, source, dry_run, progress):
    options = job.options
    return asset_import(user=user, organization=job.organization, source=source, dry_run=dry_run,
                        update=bool(options.get("update")),
                        create_missing=bool(options.get("create_missing")),
                        mapping=options.get("mapping") or None, sheet=options.get("sheet") or None,
                        progress=progress, import_job=job)


def _done_url(job) -> str:
    """"Show the imported records": the assets this import created, else the register."""
    url = reverse("inventory:asset_list")
    if (job.report or {}).get("created"):
        return f"{url}?import_job={job.pk}"
    return url


KIND = ImportKind(
    name="assets", label=gettext_lazy("equipment"), permission="asset.change", run=_run_job,
    done_url=_done_url,
    back_url=lambda job: reverse("inventory:asset_list"),
    back_label=lambda job: _("Hardware register"),
)
