"""The hardware register's cards on the start page (listed in settings.DASHBOARD_CARDS)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from magistrat.core.dashboard import Card

from .models import Asset
from .selectors import asset_list

WARRANTY_DAYS = 90


def cards(*, user, within) -> list[Card]:
    """Equipment in the register, warranties ending soon, equipment still held by leavers."""
    from .filters import AssetFilter

    assets = asset_list(user=user, within=within)
    holder_left = AssetFilter({"holder_left": "true"}, queryset=assets).qs
    warranty = AssetFilter({"warranty_within": str(WARRANTY_DAYS)}, queryset=assets).qs
    counts = assets.aggregate(
        total=Count("pk", filter=~Q(status__in=Asset.RETIRED)),
        in_use=Count("pk", filter=Q(status=Asset.Status.IN_USE)),
        retired=Count("pk", filter=Q(status__in=Asset.RETIRED)),
    )
    url = reverse("inventory:asset_list")
    total = counts["total"]
    # The list shows what the card counts: every status but withdrawn, disposed and lost.
    register = urlencode([("status", s) for s in Asset.Status.values if s not in Asset.RETIRED])
    result = [Card(number=total, url=f"{url}?{register}",
                   label=ngettext("asset in the register", "assets in the register", total),
                   note=_register_note(counts))]
    ending = warranty.count()
    result.append(Card(number=ending, url=f"{url}?warranty_within={WARRANTY_DAYS}",
                       label=ngettext("warranty ends within %(days)s days",
                                      "warranties end within %(days)s days", ending)
                       % {"days": WARRANTY_DAYS}))
    held = holder_left.count()
    if held:
        result.append(Card(number=held, url=f"{url}?holder_left=true", warning=True,
                           label=ngettext("asset still held by a former employee",
                                          "assets still held by former employees", held)))
    return result


def _register_note(counts: dict) -> str:
    """"29 in use", and what the number leaves out (the list of all shows it too)."""
    note = _("%(count)s in use") % {"count": counts["in_use"]}
    if counts["retired"]:
        note += " · " + ngettext("%(count)s more withdrawn, disposed of or lost",
                                 "%(count)s more withdrawn, disposed of or lost",
                                 counts["retired"]) % {"count": counts["retired"]}
    return note
