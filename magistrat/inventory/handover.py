"""Handover and return (protokół przekazania / zwrotu): the only writes that change who holds an
asset. One numbered protocol per operation, one assignment per asset, the register updated;
`services` re-exports them, and every interface (screens, API, import of legacy holders aside)
ends here."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core import formatting
from magistrat.core.records import record_create
from magistrat.organizations import access
from magistrat.organizations.models import Organization, Person

from .models import Asset, Assignment, HandoverProtocol, ProtocolItem


def _protocol_number(organization: Organization, kind: str, date: datetime.date) -> str:
    prefix = "PP" if kind == HandoverProtocol.Kind.HANDOVER else "PZ"
    count = HandoverProtocol.objects.filter(organization=organization, kind=kind,
                                            date__year=date.year).count()
    while True:
        count += 1
        number = f"{prefix}/{count}/{date.year}"
        if not HandoverProtocol.objects.filter(organization=organization, number=number).exists():
            return number


def _protocol(user, *, kind, person: Person, assets, date, issued_by, notes, details,
              statuses: dict | None = None) -> HandoverProtocol:
    """The numbered protocol and its items; `statuses`: where each returned asset goes."""
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
                                    accessories=extra.get("accessories", ""),
                                    status_after=(statuses or {}).get(asset.pk, ""))
    return protocol


def _return_statuses(assets, details: dict | None) -> dict:
    """Where each returned asset goes: in stock unless the officer sends it to repair."""
    statuses, wrong = {}, []
    for asset in assets:
        status = ((details or {}).get(asset.pk) or {}).get("status") or Asset.Status.IN_STOCK
        if status not in ProtocolItem.RETURN_STATUSES:
            wrong.append(str(asset))
        statuses[asset.pk] = status
    if wrong:
        raise ValidationError({"assets": _(
            "%(assets)s: a returned item goes back in stock or to repair (%(choices)s).") % {
                "assets": "; ".join(wrong),
                "choices": ", ".join(f"{value} = {Asset.Status(value).label}"
                                     for value in ProtocolItem.RETURN_STATUSES)}})
    return statuses


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


def _handover_date_errors(person: Person, assets, date: datetime.date) -> list[str]:
    """Every reason the handover cannot carry this date: in the future, outside the person's
    employment, before an asset was bought or commissioned or came back from its last holder."""
    problems = []
    today = timezone.localdate()
    if date > today:
        problems.append(_("%(date)s is in the future: date the protocol when the equipment changes "
                          "hands (at the latest today, %(today)s).") % {
            "date": formatting.date(date), "today": formatting.date(today)})
    if person.employed_from and date < person.employed_from:
        problems.append(_("%(person)s starts work on %(start)s, after %(date)s.") % {
            "person": person, "start": formatting.date(person.employed_from),
            "date": formatting.date(date)})
    last_returns = dict(Assignment.objects.filter(asset__in=[a.pk for a in assets], end_date__isnull=False)
                        .values("asset").annotate(last=Max("end_date")).values_list("asset", "last"))
    for asset in assets:
        for when, message in (
                (asset.purchase_date, _("%(asset)s was bought on %(when)s, after %(date)s.")),
                (asset.commissioning_date, _("%(asset)s was commissioned on %(when)s, after %(date)s.")),
                (last_returns.get(asset.pk), _("%(asset)s was returned by its previous holder on "
                                               "%(when)s, after %(date)s."))):
            if when and date < when:
                problems.append(message % {"asset": asset, "when": formatting.date(when),
                                           "date": formatting.date(date)})
                break
    return problems


@transaction.atomic
def asset_handover(*, user, person: Person, assets, date: datetime.date | None = None,
                   issued_by: str = "", notes: str = "", details: dict | None = None) -> HandoverProtocol:
    """Hand assets to a person: one protocol, one assignment per asset, the register updated.

    The date may be in the past (a signed protocol entered later) but not in the future: the
    person must have been employed on that date, and each asset bought (and commissioned) by then."""
    from . import services  # it re-exports this module: imported when first used

    access.require(user, "asset.change", person.organization)
    date = date or timezone.localdate()
    if not employed_on(person, date):
        ended = person.employed_to
        raise ValidationError({"person": _("%(person)s's employment ended on %(end)s, before %(date)s.") % {
            "person": person, "end": formatting.date(ended), "date": formatting.date(date)}
            if ended else _("%(person)s is no longer employed.") % {"person": person}})
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
    problems = _handover_date_errors(person, assets, date)
    if problems:
        raise ValidationError({"date": problems})
    issued_by = issued_by or acting_name(user)
    protocol = _protocol(user, kind=HandoverProtocol.Kind.HANDOVER, person=person, assets=assets,
                         date=date, issued_by=issued_by, notes=notes, details=details)
    for asset in assets:
        Assignment.objects.create(organization=asset.organization, asset=asset, person=person,
                                  start_date=date, handover=protocol)
        services._save(user=user, asset=asset, fields={"person": person, "status": Asset.Status.IN_USE})
    return protocol


@transaction.atomic
def asset_return(*, user, person: Person, assets, date: datetime.date | None = None,
                 issued_by: str = "", notes: str = "", details: dict | None = None) -> HandoverProtocol:
    """Take assets back from a person (protokół zwrotu). Each goes back in stock, or to repair
    when its details say `"status": "in_repair"`; the protocol states which. The date is not
    in the future nor before the person received the asset."""
    from . import services  # it re-exports this module: imported when first used

    access.require(user, "asset.change", person.organization)
    assets = _check_assets(person, assets)
    for asset in assets:
        if asset.person_id != person.pk:
            raise ValidationError({"assets": _("%(asset)s is not held by %(person)s.")
                                   % {"asset": asset, "person": person}})
    statuses = _return_statuses(assets, details)
    date = date or timezone.localdate()
    today = timezone.localdate()
    problems = []
    if date > today:
        problems.append(_("%(date)s is in the future: date the protocol when the equipment comes "
                          "back (at the latest today, %(today)s).") % {
            "date": formatting.date(date), "today": formatting.date(today)})
    started = dict(Assignment.objects.filter(asset__in=[a.pk for a in assets], person=person,
                                             end_date__isnull=True).values_list("asset", "start_date"))
    for asset in assets:
        if started.get(asset.pk) and date < started[asset.pk]:
            problems.append(_("%(person)s received %(asset)s on %(when)s, after %(date)s.") % {
                "person": person, "asset": asset, "when": formatting.date(started[asset.pk]),
                "date": formatting.date(date)})
    if problems:
        raise ValidationError({"date": problems})
    protocol = _protocol(user, kind=HandoverProtocol.Kind.RETURN, person=person, assets=assets,
                         date=date, issued_by=issued_by or acting_name(user), notes=notes,
                         details=details, statuses=statuses)
    for asset in assets:
        Assignment.objects.filter(asset=asset, person=person, end_date__isnull=True).update(
            end_date=date, return_protocol=protocol)
        services._save(user=user, asset=asset, fields={"person": None, "status": statuses[asset.pk]})
    return protocol


def employed_on(person: Person, date: datetime.date) -> bool:
    """Whether equipment may be assigned to the person on `date` (employed then, or active)."""
    if person.employed_to is not None:
        return date <= person.employed_to
    return person.active


def acting_name(user) -> str:
    """Who signs for the office on a protocol: the user's employee record (name, position), else
    the account's first and last name; empty (a line to write on) when the account has neither —
    never a login name such as "admin"."""
    person = getattr(user, "person", None) if getattr(user, "pk", None) else None
    if person is not None:
        return f"{person.full_name}, {person.position}".strip(", ")
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return (full or "").strip()
