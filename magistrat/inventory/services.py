"""Every write to the hardware register. Views, the API, the CLI and imports call these."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core import formatting, tree
from magistrat.core.changelog import log_change, snapshot
from magistrat.core.models import ChangeLogEntry
from magistrat.core.records import record_create, record_delete, record_update
from magistrat.organizations import access
from magistrat.organizations.models import Organization, Person

from .handover import acting_name, asset_handover, asset_return  # noqa: F401 - services' API
from .models import (
    Asset,
    AssetAttachment,
    AssetCategory,
    Assignment,
    Location,
)
from .retirement import asset_restore, asset_retire, durability_warning  # noqa: F401 - services' API

CENT = Decimal("0.01")


# --- Categories ------------------------------------------------------------------------------

def _require_category_rights(user, organization: Organization | None) -> None:
    if organization is None:
        if not access.is_superuser(user):
            raise access.AccessDenied("Shared categories are kept by installation administrators.")
    else:
        access.require(user, "asset.change", organization)


def category_create(*, user, name: str, code: str, organization: Organization | None = None,
                    **fields) -> AssetCategory:
    _require_category_rights(user, organization)
    return record_create(user=user, model=AssetCategory,
                         data={"organization": organization, "name": name, "code": code, **fields})


def category_update(*, user, assetcategory: AssetCategory, **fields) -> AssetCategory:
    _require_category_rights(user, assetcategory.organization)
    if "organization" in fields and fields["organization"] != assetcategory.organization:
        _require_category_rights(user, fields["organization"])
    return record_update(user=user, instance=assetcategory, data=fields)


def category_delete(*, user, assetcategory: AssetCategory) -> None:
    _require_category_rights(user, assetcategory.organization)
    record_delete(user=user, instance=assetcategory)


# --- Locations -------------------------------------------------------------------------------

@transaction.atomic
def location_create(*, user, organization: Organization, name: str,
                    parent: Location | None = None, **fields) -> Location:
    access.require(user, "asset.change", organization)
    location = record_create(user=user, model=Location,
                             data={"organization": organization, "name": name, "parent": parent,
                                   **fields})
    tree.place(location, parent)
    return location


@transaction.atomic
def location_update(*, user, location: Location, **fields) -> Location:
    access.require(user, "asset.change", location.organization)
    old_parent_id, old_path = location.parent_id, location.tree_path
    location = record_update(user=user, instance=location, data=fields)
    if location.parent_id != old_parent_id:
        tree.move(location, old_path)
    return location


def location_delete(*, user, location: Location) -> None:
    access.require(user, "asset.change", location.organization)
    record_delete(user=user, instance=location)


# --- Assets ----------------------------------------------------------------------------------

def _prices(data: dict) -> None:
    """Fill the missing one of net/gross from the other and the VAT rate."""
    net, gross, vat = data.get("net_price"), data.get("gross_price"), data.get("vat_rate")
    if vat is not None:
        factor = Decimal(1) + Decimal(vat) / Decimal(100)
        if net is not None and gross is None:
            data["gross_price"] = (Decimal(net) * factor).quantize(CENT, ROUND_HALF_UP)
        elif gross is not None and net is None:
            data["net_price"] = (Decimal(gross) / factor).quantize(CENT, ROUND_HALF_UP)


def next_inventory_number(*, organization: Organization, category: AssetCategory,
                          year: int | None = None, room: str = "",
                          taken: set[str] | None = None) -> str:
    """The first free number the organization's template gives for this category and year.

    For many numbers at once (imports) use `numbering.Numberer(organization, preload=True)`."""
    from .numbering import Numberer

    return Numberer(organization, taken=taken).next(category, year=year, room=room)


def tidy_identifiers(data: dict) -> None:
    """The manufacturer with single spaces, the serial number without spaces around it: how the
    serial-number rule ("unique within the organization and manufacturer") compares them."""
    if isinstance(data.get("manufacturer"), str):
        data["manufacturer"] = " ".join(data["manufacturer"].split())
    if isinstance(data.get("serial_number"), str):
        data["serial_number"] = data["serial_number"].strip()


# Said wherever a write tries what only the retire, restore, handover or return operations do.
def _use_retire() -> str:
    return _("Withdrawal, disposal and loss are recorded with their date, reason and protocol by "
             "“Withdraw or dispose” on the asset's page (API: POST /api/v1/assets/{id}/retire/).")


def _use_restore(asset: Asset) -> str:
    return _("%(asset)s is %(status)s: bring it back with “Restore” on its page (API: POST "
             "/api/v1/assets/{id}/restore/), which keeps the withdrawal in its history.") % {
        "asset": asset, "status": asset.get_status_display()}


def _use_protocol() -> str:
    return _("Equipment changes hands only with a protocol: hand it over at /assets/handover/ or take "
             "it back at /assets/return/ (API: POST /api/v1/assets/handover/ or /api/v1/assets/return/).")


RETIREMENT_FIELDS = ("retired_on", "retirement_reason", "retirement_protocol")


@transaction.atomic
def asset_create(*, user, organization: Organization, name: str, category: AssetCategory,
                 inventory_number: str = "", **fields) -> Asset:
    """Register an asset. With `person` it is then handed over to them with a protocol dated
    today, as the handover screen would: nobody holds equipment without a protocol."""
    access.require(user, "asset.change", organization)
    person = fields.pop("person", None)
    status = fields.get("status")
    if status in Asset.RETIRED:
        raise ValidationError({"status": _("Register the asset first; then withdraw it, dispose of it "
                                           "or record its loss. ") + _use_retire()})
    if any(fields.get(name) for name in RETIREMENT_FIELDS):
        raise ValidationError(_use_retire())
    if person is not None and status not in (None, "", Asset.Status.IN_STOCK, Asset.Status.IN_USE):
        raise ValidationError({"status": _("Equipment handed to someone is “in use”: leave the status "
                                           "empty, or change it after the handover.")})
    data = {"organization": organization, "name": name, "category": category, **fields}
    _prices(data)
    tidy_identifiers(data)
    if person is not None:
        data["status"] = Asset.Status.IN_STOCK
    if not inventory_number.strip():
        purchase = data.get("purchase_date")
        location = data.get("location")
        inventory_number = next_inventory_number(
            organization=organization, category=category,
            year=purchase.year if purchase else None, room=location.name if location else "")
    data["inventory_number"] = inventory_number.strip()
    asset = Asset()
    for key, value in data.items():
        setattr(asset, key, value)
    asset.full_clean()
    asset.save()
    log_change(user=user, instance=asset, action=ChangeLogEntry.Action.CREATE)
    if person is not None:
        try:
            asset_handover(user=user, person=person, assets=[asset])
        except ValidationError as exc:
            messages = exc.message_dict if hasattr(exc, "error_dict") else {"person": exc.messages}
            raise ValidationError({"person" if field in ("assets", "date", NON_FIELD_ERRORS) else field:
                                   problems for field, problems in messages.items()}) from exc
        asset.refresh_from_db()
    return asset


def _refuse_lifecycle_changes(asset: Asset, fields: dict) -> None:
    """Status into or out of withdrawn/disposed/lost, the retirement record and the holder change
    only through their own operations, which keep their documents and history."""
    status = fields.get("status", asset.status)
    if status != asset.status:
        if asset.status in Asset.RETIRED:
            raise ValidationError({"status": _use_restore(asset)})
        if status in Asset.RETIRED:
            raise ValidationError({"status": _use_retire()})
    changed = [name for name in RETIREMENT_FIELDS
               if name in fields and fields[name] != getattr(asset, name)]
    if changed:
        raise ValidationError({changed[0]: _use_retire()})
    if "person" in fields and getattr(fields["person"], "pk", fields["person"]) != asset.person_id:
        raise ValidationError({"person": _use_protocol()})


def asset_update(*, user, asset: Asset, **fields) -> Asset:
    """Change an asset's own data. Withdrawal/disposal (`asset_retire`), restoration
    (`asset_restore`) and the holder (`asset_handover`, `asset_return`) have their own operations."""
    access.require(user, "asset.change", asset.organization)
    _refuse_lifecycle_changes(asset, fields)
    return _save(user=user, asset=asset, fields=fields)


@transaction.atomic
def _save(*, user, asset: Asset, fields: dict) -> Asset:
    """The write every asset change ends in: derived values, the model's rules, the change log."""
    if "organization" in fields and fields["organization"] != asset.organization:
        raise ValidationError({"organization": _("An asset cannot move to another organization; "
                                                 "withdraw it and register it there.")})
    if "inventory_number" in fields and not (fields["inventory_number"] or "").strip():
        fields.pop("inventory_number")
    tidy_identifiers(fields)
    before = snapshot(asset)
    for key, value in fields.items():
        setattr(asset, key, value)
    prices = {"net_price": asset.net_price, "gross_price": asset.gross_price,
              "vat_rate": asset.vat_rate}
    _prices(prices)
    asset.net_price, asset.gross_price = prices["net_price"], prices["gross_price"]
    asset.forget_low_value()
    asset.full_clean()
    asset.save()
    log_change(user=user, instance=asset, action=ChangeLogEntry.Action.UPDATE, before=before)
    return asset


def follow_holders(assets, date: datetime.date | None = None) -> None:
    """Keep the assignments in step with the holders an import wrote (legacy data, no protocol):
    each holder gets an open assignment without a protocol, a previous holder's open one is
    closed — a few queries, not a few per asset."""
    date = date or timezone.localdate()
    assets = [asset for asset in assets if asset.pk]
    open_ones = {}
    for assignment in Assignment.objects.filter(asset__in=[a.pk for a in assets], end_date__isnull=True):
        open_ones.setdefault(assignment.asset_id, []).append(assignment)
    closed, opened = [], []
    for asset in assets:
        still_open = open_ones.get(asset.pk, [])
        for assignment in still_open:
            if assignment.person_id != asset.person_id:
                assignment.end_date = max(date, assignment.start_date)
                closed.append(assignment)
        if asset.person_id and not any(a.person_id == asset.person_id for a in still_open):
            opened.append(Assignment(organization_id=asset.organization_id, asset=asset,
                                     person_id=asset.person_id, start_date=date))
    Assignment.objects.bulk_update(closed, ["end_date", "updated_at"], batch_size=2000)
    Assignment.objects.bulk_create(opened, batch_size=2000)


def asset_has_history(asset: Asset) -> bool:
    """More than its creation recorded: it was changed, handed over, documented or paid for
    from a grant (an expenditure lists it)."""
    if (asset.assignments.exists() or asset.protocol_items.exists() or asset.attachments.exists()
            or asset.expenditures.exists()):
        return True
    from magistrat.core.changelog import history_for

    return history_for(asset).exclude(action=ChangeLogEntry.Action.CREATE).exists()


def _history_summary(asset: Asset) -> str:
    """What deleting would erase, e.g. "protocols: 2; attachments: 1; recorded changes: 3"."""
    from magistrat.core.changelog import history_for
    from magistrat.grants.models import Expenditure

    counts = ((_("handover and return protocols"), asset.protocol_items.count()),
              (_("attachments"), asset.attachments.count()),
              (Expenditure._meta.verbose_name_plural, asset.expenditures.count()),
              (_("recorded changes"),
               history_for(asset).exclude(action=ChangeLogEntry.Action.CREATE).count()))
    return "; ".join(f"{label}: {count}" for label, count in counts if count)


def asset_delete_refusal(asset: Asset) -> str:
    """Why the asset cannot be deleted and what to do instead ("" when it may be deleted:
    a record entered by mistake that nothing has happened to yet)."""
    if not asset_has_history(asset):
        return ""
    history = _history_summary(asset)
    if asset.status in Asset.RETIRED:
        return _("%(asset)s is %(status)s (since %(date)s) and has history (%(history)s): the register "
                 "keeps equipment that has left use, with its history, for stocktaking and audits, so it "
                 "cannot be deleted. Nothing more is needed — it no longer counts as equipment in use. "
                 "If it was withdrawn by mistake, restore it from its page.") % {
            "asset": asset, "status": asset.get_status_display(),
            "date": formatting.date(asset.retired_on) if asset.retired_on else "—", "history": history}
    return _("%(asset)s has history: withdraw or dispose of it instead of deleting it (“Withdraw or "
             "dispose”): it then stays in the register with its history (%(history)s), as the inventory "
             "requires. Deleting is only for a record entered by mistake that nothing has happened to "
             "yet.") % {"asset": asset, "history": history}


def asset_delete(*, user, asset: Asset) -> None:
    """Deleting is for mistakes only: an asset with history is withdrawn or disposed instead."""
    access.require(user, "asset.change", asset.organization)
    refusal = asset_delete_refusal(asset)
    if refusal:
        raise ValidationError(refusal)
    record_delete(user=user, instance=asset)


def holder_of(asset: Asset) -> Person | None:
    """Who holds the asset: the register's holder, else an assignment left open."""
    if asset.person_id:
        return asset.person
    assignment = asset.assignments.filter(end_date__isnull=True).select_related("person").first()
    return assignment.person if assignment else None


@transaction.atomic
def asset_bulk_update(*, user, assets, **fields) -> int:
    """Set the status or the location of several assets at once (each change logged).

    Who holds equipment changes only with a protocol (`asset_handover`, `asset_return`);
    withdrawal and restoration have their own operations (`asset_retire`, `asset_restore`)."""
    allowed = {"status", "location"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("Only the status and the location can be changed in bulk; equipment "
                                "changes hands with a handover or return protocol."))
    count = 0
    for asset in assets:
        try:
            asset_update(user=user, asset=asset, **fields)
        except ValidationError as exc:
            raise ValidationError([_("%(asset)s: %(problem)s") % {"asset": asset, "problem": message}
                                   for message in exc.messages]) from exc
        count += 1
    return count


# --- Attachments -----------------------------------------------------------------------------

@transaction.atomic
def attachment_add(*, user, asset: Asset, upload, name: str = "") -> AssetAttachment:
    """Attach an invoice PDF or a photo; the type is checked by content, not by the file name."""
    from magistrat.core.uploads import check_upload

    access.require(user, "asset.change", asset.organization)
    content_type = check_upload(upload)
    return record_create(user=user, model=AssetAttachment, data={
        "organization": asset.organization, "asset": asset, "file": upload,
        "name": (name or upload.name)[:200], "content_type": content_type, "size": upload.size,
    })


def attachment_delete(*, user, attachment: AssetAttachment) -> None:
    access.require(user, "asset.change", attachment.organization)
    attachment.file.delete(save=False)
    record_delete(user=user, instance=attachment)
