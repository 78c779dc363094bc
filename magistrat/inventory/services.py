"""Every write to the hardware register. Views, the API, the CLI and imports call these."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core import tree
from magistrat.core.changelog import log_change, snapshot
from magistrat.core.models import ChangeLogEntry
from magistrat.core.records import record_create, record_delete, record_update
from magistrat.organizations import access
from magistrat.organizations.models import Organization, Person

from .models import (
    Asset,
    AssetAttachment,
    AssetCategory,
    Assignment,
    HandoverProtocol,
    Location,
    ProtocolItem,
)

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


def is_low_value(asset: Asset, organization: Organization) -> bool:
    price = asset.gross_price if asset.gross_price is not None else asset.net_price
    return price is not None and price <= organization.low_value_threshold


def next_inventory_number(*, organization: Organization, category: AssetCategory,
                          year: int | None = None, room: str = "",
                          taken: set[str] | None = None) -> str:
    """The first free number the organization's template gives for this category and year.

    For many numbers at once (imports) use `numbering.Numberer(organization, preload=True)`."""
    from .numbering import Numberer

    return Numberer(organization, taken=taken).next(category, year=year, room=room)


@transaction.atomic
def asset_create(*, user, organization: Organization, name: str, category: AssetCategory,
                 inventory_number: str = "", **fields) -> Asset:
    access.require(user, "asset.change", organization)
    data = {"organization": organization, "name": name, "category": category, **fields}
    _prices(data)
    if not inventory_number.strip():
        purchase = data.get("purchase_date")
        location = data.get("location")
        inventory_number = next_inventory_number(
            organization=organization, category=category,
            year=purchase.year if purchase else None, room=location.name if location else "")
    data["inventory_number"] = inventory_number.strip()
    if data.get("person") and data.get("status") in (None, "", Asset.Status.IN_STOCK):
        data["status"] = Asset.Status.IN_USE
    asset = Asset()
    for key, value in data.items():
        setattr(asset, key, value)
    asset.low_value = is_low_value(asset, organization)
    asset.full_clean()
    asset.save()
    log_change(user=user, instance=asset, action=ChangeLogEntry.Action.CREATE)
    if asset.person_id:
        _follow_holder(asset)
    return asset


@transaction.atomic
def asset_update(*, user, asset: Asset, **fields) -> Asset:
    access.require(user, "asset.change", asset.organization)
    if "organization" in fields and fields["organization"] != asset.organization:
        raise ValidationError({"organization": _("An asset cannot move to another organization; "
                                                 "withdraw it and register it there.")})
    if "inventory_number" in fields and not (fields["inventory_number"] or "").strip():
        fields.pop("inventory_number")
    before = snapshot(asset)
    holder = asset.person_id
    for key, value in fields.items():
        setattr(asset, key, value)
    if asset.person_id and asset.person_id != holder and asset.status == Asset.Status.IN_STOCK:
        asset.status = Asset.Status.IN_USE
    prices = {"net_price": asset.net_price, "gross_price": asset.gross_price,
              "vat_rate": asset.vat_rate}
    _prices(prices)
    asset.net_price, asset.gross_price = prices["net_price"], prices["gross_price"]
    asset.low_value = is_low_value(asset, asset.organization)
    asset.full_clean()
    asset.save()
    log_change(user=user, instance=asset, action=ChangeLogEntry.Action.UPDATE, before=before)
    if asset.person_id != holder:
        _follow_holder(asset)
    return asset


def _follow_holder(asset: Asset, date: datetime.date | None = None) -> None:
    """Keep the assignments in step with the register's holder.

    Handover and return write their own assignments (with the protocol) before they set the
    holder, so this finds nothing to do for them. It matters when the holder is set without a
    protocol — legacy data through the API or `asset_create(person=…)`: the holder gets an open
    assignment without a protocol, and the previous holder's open one is closed, so the
    Assignments tab and the register always agree."""
    date = date or timezone.localdate()
    still_open = list(asset.assignments.filter(end_date__isnull=True))
    for assignment in still_open:
        if assignment.person_id != asset.person_id:
            assignment.end_date = max(date, assignment.start_date)
            assignment.save(update_fields=["end_date", "updated_at"])
    if asset.person_id and not any(a.person_id == asset.person_id for a in still_open):
        Assignment.objects.create(organization=asset.organization, asset=asset, person=asset.person,
                                  start_date=date)


def follow_holders(assets, date: datetime.date | None = None) -> None:
    """`_follow_holder` for many assets at once (imports): a few queries, not a few per asset."""
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
    """More than its creation recorded: it was changed, handed over or documented."""
    if asset.assignments.exists() or asset.protocol_items.exists() or asset.attachments.exists():
        return True
    from magistrat.core.changelog import history_for

    return history_for(asset).exclude(action=ChangeLogEntry.Action.CREATE).exists()


def asset_delete_refusal(asset: Asset) -> str:
    if asset_has_history(asset):
        return _("%(asset)s has history: withdraw or dispose of it instead of deleting it.") % {"asset": asset}
    return ""


def asset_delete(*, user, asset: Asset) -> None:
    """Deleting is for mistakes only: an asset with history is withdrawn or disposed instead."""
    access.require(user, "asset.change", asset.organization)
    refusal = asset_delete_refusal(asset)
    if refusal:
        raise ValidationError(refusal)
    record_delete(user=user, instance=asset)


@transaction.atomic
def asset_retire(*, user, asset: Asset, status: str, date: datetime.date, reason: str,
                 protocol_number: str = "", durability_confirmed: bool = False) -> Asset:
    """Withdraw (wycofanie), dispose of (likwidacja) or record a loss; the asset stays in history.

    An asset a grant paid for, still in the project's durability period, needs the user's
    explicit confirmation: the grant may have to be paid back."""
    from .selectors import durability_projects

    bound = list(durability_projects(asset))
    if bound and not durability_confirmed:
        raise ValidationError({"durability_confirmed": durability_warning(bound)})
    if status not in Asset.RETIRED:
        raise ValidationError({"status": _("Choose withdrawn, disposed or lost.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    if date is None:
        raise ValidationError({"date": _("Give the date.")})
    holder = holder_of(asset)
    if holder is not None:
        raise ValidationError(_("%(asset)s is still held by %(person)s: take it back first.")
                              % {"asset": asset, "person": holder})
    return asset_update(user=user, asset=asset, status=status, retired_on=date,
                        retirement_reason=reason.strip(), retirement_protocol=protocol_number.strip())


def holder_of(asset: Asset) -> Person | None:
    """Who holds the asset: the register's holder, else an assignment left open."""
    if asset.person_id:
        return asset.person
    assignment = asset.assignments.filter(end_date__isnull=True).select_related("person").first()
    return assignment.person if assignment else None


def durability_warning(projects) -> str:
    names = "; ".join(_("%(project)s (until %(date)s)") % {
        "project": p.title, "date": p.durability_end.strftime("%d.%m.%Y")} for p in projects)
    return _("Bought from a grant still in its durability period: %(projects)s. Withdrawing it may "
             "breach the grant agreement. Confirm that you know this and give the reason.") % {
        "projects": names}


@transaction.atomic
def asset_bulk_update(*, user, assets, **fields) -> int:
    """Set the status or the location of several assets at once (each change logged).

    Who holds equipment changes only with a protocol (`asset_handover`, `asset_return`)."""
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


# --- Handover and return ---------------------------------------------------------------------

def _protocol_number(organization: Organization, kind: str, date: datetime.date) -> str:
    prefix = "PP" if kind == HandoverProtocol.Kind.HANDOVER else "PZ"
    count = HandoverProtocol.objects.filter(organization=organization, kind=kind,
                                            date__year=date.year).count()
    while True:
        count += 1
        number = f"{prefix}/{count}/{date.year}"
        if not HandoverProtocol.objects.filter(organization=organization, number=number).exists():
            return number


def _protocol(user, *, kind, person: Person, assets, date, issued_by, notes, details) -> HandoverProtocol:
    protocol = record_create(user=user, model=HandoverProtocol, data={
        "organization": person.organization, "kind": kind, "person": person, "date": date,
        "number": _protocol_number(person.organization, kind, date),
        "issued_by": issued_by, "notes": notes,
    })
    for asset in assets:
        extra = (details or {}).get(asset.pk, {})
        ProtocolItem.objects.create(protocol=protocol, asset=asset,
                                    quantity=extra.get("quantity", asset.quantity),
                                    condition=extra.get("condition", ""),
                                    accessories=extra.get("accessories", ""))
    return protocol


def _check_assets(person: Person, assets) -> list[Asset]:
    assets = list(assets)
    if not assets:
        raise ValidationError({"assets": _("Choose at least one asset.")})
    for asset in assets:
        if asset.organization_id != person.organization_id:
            raise ValidationError({"assets": _("%(asset)s belongs to another organization.")
                                   % {"asset": asset}})
        if asset.status in Asset.RETIRED:
            raise ValidationError({"assets": _("%(asset)s is withdrawn or disposed of.")
                                   % {"asset": asset}})
    return assets


@transaction.atomic
def asset_handover(*, user, person: Person, assets, date: datetime.date | None = None,
                   issued_by: str = "", notes: str = "", details: dict | None = None) -> HandoverProtocol:
    """Hand assets to a person: one protocol, one assignment per asset, the register updated.

    The date may be in the past (a signed protocol entered later): the person must have been
    employed on that date."""
    access.require(user, "asset.change", person.organization)
    date = date or timezone.localdate()
    if not _employed_on(person, date):
        raise ValidationError({"person": _("%(person)s is no longer employed.") % {"person": person}})
    assets = list(assets)
    foreign = [asset for asset in assets if asset.organization_id != person.organization_id]
    if foreign:
        unit = person.organization.name
        raise ValidationError({
            "person": _("%(person)s works in %(unit)s; choose equipment of %(unit)s.")
            % {"person": person, "unit": unit},
            "assets": _("Not of %(unit)s: %(assets)s.") % {
                "unit": unit, "assets": "; ".join(f"{a} ({a.organization.name})" for a in foreign)},
        })
    assets = _check_assets(person, assets)
    for asset in assets:
        if asset.person_id == person.pk:
            raise ValidationError({"assets": _("%(person)s already holds %(asset)s.")
                                   % {"asset": asset, "person": person}})
        if asset.person_id:
            raise ValidationError({"assets": _("%(asset)s is held by %(person)s: take it back first.")
                                   % {"asset": asset, "person": asset.person}})
    issued_by = issued_by or _acting_name(user)
    protocol = _protocol(user, kind=HandoverProtocol.Kind.HANDOVER, person=person, assets=assets,
                         date=date, issued_by=issued_by, notes=notes, details=details)
    for asset in assets:
        Assignment.objects.create(organization=asset.organization, asset=asset, person=person,
                                  start_date=date, handover=protocol)
        asset_update(user=user, asset=asset, person=person, status=Asset.Status.IN_USE)
    return protocol


@transaction.atomic
def asset_return(*, user, person: Person, assets, date: datetime.date | None = None,
                 issued_by: str = "", notes: str = "", details: dict | None = None) -> HandoverProtocol:
    """Take assets back from a person (protokół zwrotu); they go back in stock."""
    access.require(user, "asset.change", person.organization)
    assets = _check_assets(person, assets)
    for asset in assets:
        if asset.person_id != person.pk:
            raise ValidationError({"assets": _("%(asset)s is not held by %(person)s.")
                                   % {"asset": asset, "person": person}})
    date = date or timezone.localdate()
    protocol = _protocol(user, kind=HandoverProtocol.Kind.RETURN, person=person, assets=assets,
                         date=date, issued_by=issued_by or _acting_name(user), notes=notes,
                         details=details)
    for asset in assets:
        Assignment.objects.filter(asset=asset, person=person, end_date__isnull=True).update(
            end_date=date, return_protocol=protocol)
        asset_update(user=user, asset=asset, person=None, status=Asset.Status.IN_STOCK)
    return protocol


def _employed_on(person: Person, date: datetime.date) -> bool:
    if person.employed_to is not None:
        return date <= person.employed_to
    return person.active


def _acting_name(user) -> str:
    person = getattr(user, "person", None) if getattr(user, "pk", None) else None
    if person is not None:
        return f"{person.full_name}, {person.position}".strip(", ")
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or getattr(user, "username", "")


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
