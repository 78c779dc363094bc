"""Withdrawal, disposal and loss (likwidacja), and bringing equipment back: the only writes that
move an asset into or out of the retired statuses. `services` re-exports them; every interface
(screens, API, import, CLI) ends here, so the date, the reason and the protocol are always
recorded, and equipment a grant paid for is never retired without the user's confirmation."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from magistrat.core import formatting
from magistrat.organizations import access

from . import rules
from .models import Asset

# A withdrawn asset may later be disposed of or found lost; disposal and loss are final until
# the asset is restored.
NEXT_RETIREMENT = {Asset.Status.WITHDRAWN: {Asset.Status.DISPOSED, Asset.Status.LOST}}


def durability_warning(projects) -> str:
    names = "; ".join(_("%(project)s (until %(date)s)") % {
        "project": p.title, "date": formatting.date(p.durability_end)} for p in projects)
    return _("Bought from a grant still in its durability period: %(projects)s. Withdrawing it may "
             "breach the grant agreement. Confirm that you know this and give the reason.") % {
        "projects": names}


def durability_refusal(projects) -> str:
    """For an import, which cannot ask: the screen or the API can."""
    return durability_warning(projects) + " " + _(
        "A file cannot confirm it: withdraw it on its page (“Withdraw or dispose”) or with POST "
        "/api/v1/assets/{id}/retire/ and confirm_durability.")


def retire_errors(asset: Asset, *, status: str, date: datetime.date | None, reason: str,
                  protocol_number: str = "") -> dict:
    """What keeps this withdrawal, disposal or loss from being recorded, by field."""
    errors = {}
    if status not in Asset.RETIRED:
        errors["status"] = [_("Choose withdrawn, disposed or lost.")]
    elif asset.status in Asset.RETIRED and status not in NEXT_RETIREMENT.get(asset.status, ()):
        errors["status"] = [_(
            "%(asset)s was already recorded as %(status)s on %(date)s (reason: %(reason)s); that record "
            "is kept. If it came back, restore it first.") % {
                "asset": asset, "status": asset.get_status_display(),
                "date": formatting.date(asset.retired_on) if asset.retired_on else "—",
                "reason": asset.retirement_reason or "—"}]
    if not (reason or "").strip():
        errors["reason"] = [_("Give the reason.")]
    if status == Asset.Status.DISPOSED and not (protocol_number or "").strip():
        errors["protocol_number"] = [_("Give the number of the disposal protocol (protokół likwidacji).")]
    if date is None:
        errors["date"] = [_("Give the date.")]
    else:
        after = None
        if asset.status in Asset.RETIRED and asset.retired_on:
            after = (asset.retired_on, _("%(asset)s was withdrawn on %(when)s, after %(date)s.") % {
                "asset": asset, "when": formatting.date(asset.retired_on), "date": formatting.date(date)})
        else:
            returned = asset.assignments.aggregate(last=Max("end_date"))["last"]
            if returned:
                after = (returned, _("%(asset)s was returned by its last holder on %(when)s, after "
                                     "%(date)s.") % {"asset": asset, "when": formatting.date(returned),
                                                     "date": formatting.date(date)})
        errors.update(rules.retirement_date_errors(date, purchase_date=asset.purchase_date, after=after))
    return errors


@transaction.atomic
def asset_retire(*, user, asset: Asset, status: str, date: datetime.date, reason: str,
                 protocol_number: str = "", durability_confirmed: bool = False) -> Asset:
    """Withdraw (wycofanie), dispose of (likwidacja) or record a loss; the asset stays in history.

    The date is not in the future nor before the purchase; a disposal names its protocol. An
    asset a grant paid for, still in the project's durability period, needs the user's explicit
    confirmation: the grant may have to be paid back. A disposal or loss already recorded is
    kept — a withdrawn asset may still be disposed of or lost later."""
    from . import services
    from .selectors import durability_projects

    access.require(user, "asset.change", asset.organization)
    errors = retire_errors(asset, status=status, date=date, reason=reason, protocol_number=protocol_number)
    bound = list(durability_projects(asset))
    if bound and not durability_confirmed:
        errors["durability_confirmed"] = [durability_warning(bound)]
    if errors:
        raise ValidationError(errors)
    holder = services.holder_of(asset)
    if holder is not None:
        raise ValidationError(_("%(asset)s is still held by %(person)s: take it back first.")
                              % {"asset": asset, "person": holder})
    return services._save(user=user, asset=asset, fields={
        "status": status, "retired_on": date, "retirement_reason": reason.strip(),
        "retirement_protocol": (protocol_number or "").strip()})


@transaction.atomic
def asset_restore(*, user, asset: Asset, date: datetime.date, reason: str) -> Asset:
    """Bring a withdrawn, disposed-of or lost asset back into the register (found again, put
    back into use, a withdrawal entered by mistake): it goes in stock. The withdrawal's date,
    reason and protocol stay in the change log, and a line in the notes says when and why it
    came back."""
    access.require(user, "asset.change", asset.organization)
    errors = {}
    if asset.status not in Asset.RETIRED:
        errors["status"] = [_("%(asset)s is not withdrawn, disposed of or lost.") % {"asset": asset}]
    if not (reason or "").strip():
        errors["reason"] = [_("Give the reason.")]
    if date is None:
        errors["date"] = [_("Give the date.")]
    elif asset.retired_on:
        errors.update(rules.retirement_date_errors(date, after=(
            asset.retired_on, _("%(asset)s was withdrawn on %(when)s, after %(date)s.") % {
                "asset": asset, "when": formatting.date(asset.retired_on), "date": formatting.date(date)})))
    else:
        errors.update(rules.retirement_date_errors(date))
    if errors:
        raise ValidationError(errors)
    from . import services

    line = _("Restored on %(date)s (was %(status)s on %(retired)s, protocol %(protocol)s, reason: "
             "%(old_reason)s): %(reason)s") % {
        "date": formatting.date(date), "status": asset.get_status_display(),
        "retired": formatting.date(asset.retired_on) if asset.retired_on else "—",
        "protocol": asset.retirement_protocol or "—", "old_reason": asset.retirement_reason or "—",
        "reason": reason.strip()}
    notes = "\n".join(part for part in (asset.notes.rstrip(), line) if part)
    return services._save(user=user, asset=asset, fields={
        "status": Asset.Status.IN_STOCK, "retired_on": None, "retirement_reason": "",
        "retirement_protocol": "", "notes": notes})
