"""An asset's own rules — prices, dates, network addresses, quantity, holder and retirement — as
plain functions of its values.

`Asset.clean()` applies them, so the web form, the API and every service do; an import can call
`asset_rule_errors()` on the values of a row. Each returns `{field: [message, …]}`, naming the
value that is wrong and, where there is one, the value that would be right.
"""

import datetime
import ipaddress
import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core import formatting

CENT = Decimal("0.01")
# The gross may differ from net × (1 + VAT) by one grosz: the net was itself rounded.
GROSS_TOLERANCE = CENT
MAX_VAT = Decimal("100")
MAC_ADDRESS = re.compile(r"[0-9a-f]{2}([:-])(?:[0-9a-f]{2}\1){4}[0-9a-f]{2}", re.IGNORECASE)
LIST_SEPARATORS = re.compile(r"[\s,;]+")


def split_list(text: str | None) -> list[str]:
    """"aa:bb…, cc:dd…\\n10.0.0.1" -> the entries (commas, semicolons, spaces, new lines)."""
    return [entry for entry in LIST_SEPARATORS.split(text or "") if entry]


def expected_gross(net: Decimal, vat_rate: Decimal) -> Decimal:
    return (Decimal(net) * (1 + Decimal(vat_rate) / 100)).quantize(CENT, ROUND_HALF_UP)


def _percent(value: Decimal) -> str:
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


def price_errors(*, net_price=None, vat_rate=None, gross_price=None) -> dict:
    errors = {}
    if vat_rate is not None and not (0 <= vat_rate <= MAX_VAT):
        errors["vat_rate"] = [_("The VAT rate must be between 0 and 100%.")]
    if net_price is None or gross_price is None:
        return errors
    if vat_rate is not None and "vat_rate" not in errors:
        expected = expected_gross(net_price, vat_rate)
        if abs(expected - gross_price) > GROSS_TOLERANCE:
            errors["gross_price"] = [_(
                "The net price %(net)s with %(vat)s%% VAT gives a gross price of %(expected)s, "
                "not %(gross)s. Correct one of the three, or leave the gross price empty to have "
                "it computed.") % {"net": formatting.money(net_price), "vat": _percent(vat_rate),
                                   "expected": formatting.money(expected),
                                   "gross": formatting.money(gross_price)}]
    elif gross_price < net_price:
        errors["gross_price"] = [_("The gross price cannot be lower than the net price.")]
    return errors


def date_errors(*, purchase_date=None, commissioning_date=None, warranty_end=None, status=None,
                today: datetime.date | None = None) -> dict:
    from .models import Asset

    today = today or timezone.localdate()
    errors = {}
    if purchase_date and purchase_date > today and status != Asset.Status.ORDERED:
        errors["purchase_date"] = [_(
            "The purchase date %(date)s is in the future: only ordered equipment (status "
            "“ordered”) may have a future purchase date.") % {"date": formatting.date(purchase_date)}]
    if purchase_date and commissioning_date and commissioning_date < purchase_date:
        errors["commissioning_date"] = [_("Commissioning cannot be before the purchase.")]
    if purchase_date and warranty_end and warranty_end < purchase_date:
        errors["warranty_end"] = [_("The warranty cannot end before the purchase (%(date)s).")
                                  % {"date": formatting.date(purchase_date)}]
    return errors


def network_errors(*, mac_addresses: str = "", ip_addresses: str = "") -> dict:
    errors = {}
    bad_macs = [entry for entry in split_list(mac_addresses) if not MAC_ADDRESS.fullmatch(entry)]
    if bad_macs:
        errors["mac_addresses"] = [
            _("“%(value)s” is not a MAC address: write six pairs of hexadecimal digits separated by "
              "colons or dashes, e.g. 3c:52:82:4a:1f:09.") % {"value": entry} for entry in bad_macs]
    bad_ips = []
    for entry in split_list(ip_addresses):
        try:
            ipaddress.ip_address(entry)
        except ValueError:
            bad_ips.append(entry)
    if bad_ips:
        errors["ip_addresses"] = [
            _("“%(value)s” is not an IP address: write an IPv4 address such as 192.168.10.21 or an "
              "IPv6 address.") % {"value": entry} for entry in bad_ips]
    return errors


def normalize_maker(text: str | None) -> str:
    """The manufacturer as the serial-number rule compares it: " HP  Inc " = "hp inc"."""
    return " ".join((text or "").split()).casefold()


def is_low_value(*, gross_price=None, net_price=None, threshold=None) -> bool:
    """Written off at once (środek niskocenny): the price (gross, else net) within the threshold."""
    price = gross_price if gross_price is not None else net_price
    return price is not None and threshold is not None and price <= threshold


def quantity_errors(*, category=None, quantity=None) -> dict:
    """An individually tracked category has one item per record; by quantity, any number."""
    from .models import AssetCategory

    tracking = getattr(category, "tracking", None)
    if tracking == AssetCategory.Tracking.INDIVIDUAL and quantity is not None and quantity > 1:
        return {"quantity": [_(
            "“%(category)s” is tracked individually: one item per record (quantity 1), each with "
            "its own inventory number. Register each item separately, or choose a category tracked "
            "by quantity.") % {"category": category}]}
    return {}


def holder_errors(*, person=None, status=None) -> dict:
    """Equipment someone holds is in use (or lent, in repair…), never in stock or retired."""
    from .models import Asset

    if not person:
        return {}
    if status == Asset.Status.IN_STOCK:
        return {"status": [_("%(person)s holds it: take it back with a return protocol to put it "
                             "in stock.") % {"person": person}]}
    if status in Asset.RETIRED:
        return {"status": [_("%(person)s holds it: take it back with a return protocol before it is "
                             "withdrawn, disposed of or recorded as lost.") % {"person": person}]}
    return {}


def retirement_errors(*, status=None, retired_on=None, retirement_reason="", purchase_date=None,
                      today: datetime.date | None = None) -> dict:
    """A withdrawn, disposed-of or lost asset has the date and the reason; no other one has them.
    The date is neither in the future nor before the purchase."""
    from .models import Asset

    errors = {}
    if status in Asset.RETIRED:
        if retired_on is None:
            errors["retired_on"] = [_("Give the date of the withdrawal, disposal or loss.")]
        if not (retirement_reason or "").strip():
            errors["retirement_reason"] = [_("Give the reason.")]
    elif retired_on is not None or (retirement_reason or "").strip():
        errors["status"] = [_("Only withdrawn, disposed-of or lost equipment has a withdrawal date and "
                              "reason.")]
    if retired_on is not None:
        errors.update(retirement_date_errors(retired_on, purchase_date=purchase_date, today=today,
                                             field="retired_on"))
    return errors


def retirement_date_errors(date: datetime.date, *, purchase_date=None, after=None,
                           today: datetime.date | None = None, field: str = "date") -> dict:
    """The date of a withdrawal, disposal, loss or restoration: not in the future, not before the
    purchase, not before `after` (an earlier event the date must follow: (date, message))."""
    today = today or timezone.localdate()
    if date > today:
        return {field: [_("The date %(date)s is in the future: record it when it has happened (at the "
                          "latest today, %(today)s).") % {"date": formatting.date(date),
                                                          "today": formatting.date(today)}]}
    if purchase_date and date < purchase_date:
        return {field: [_("The date %(date)s is before the purchase (%(purchase)s).")
                        % {"date": formatting.date(date), "purchase": formatting.date(purchase_date)}]}
    if after and after[0] and date < after[0]:
        return {field: [after[1]]}
    return {}


def asset_rule_errors(values, *, today: datetime.date | None = None) -> dict:
    """Every rule above for an asset or a dict of its values (missing values are not checked)."""
    get = values.get if isinstance(values, dict) else (lambda name: getattr(values, name, None))
    errors = {}

    def add(found):
        for field, messages in found.items():
            errors.setdefault(field, []).extend(messages)

    add(price_errors(net_price=get("net_price"), vat_rate=get("vat_rate"),
                     gross_price=get("gross_price")))
    add(date_errors(purchase_date=get("purchase_date"), commissioning_date=get("commissioning_date"),
                    warranty_end=get("warranty_end"), status=get("status"), today=today))
    add(network_errors(mac_addresses=get("mac_addresses") or "", ip_addresses=get("ip_addresses") or ""))
    add(quantity_errors(category=get("category"), quantity=get("quantity")))
    add(holder_errors(person=get("person"), status=get("status")))
    add(retirement_errors(status=get("status"), retired_on=get("retired_on"),
                          retirement_reason=get("retirement_reason") or "",
                          purchase_date=get("purchase_date"), today=today))
    return errors
