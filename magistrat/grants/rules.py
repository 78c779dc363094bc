"""The values the grant services derive or check before saving, as plain functions: a project's
dates filled in from its agreement and programme, a share of an amount to the grosz, a funding
source's amount from its share of the project's value, what an indicator counts."""

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import FundingSource, GrantProject, Indicator, Program
from .validators import in_range

CENT = Decimal("0.01")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """28.04.2022 + 18 months -> 28.10.2022 + … ; the last day when the month is shorter."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def share_of(amount: Decimal, percent) -> Decimal:
    return (Decimal(amount) * Decimal(str(percent)) / Decimal(100)).quantize(CENT, ROUND_HALF_UP)


def fill_dates(program: Program, values: dict) -> dict:
    """The dates a project takes when they are empty: the start from the agreement date, the end
    from the programme's maximum duration, but never after its eligibility end (Cyfrowa Gmina:
    18 months from the agreement, and finished by 30.09.2023). Returns only what it filled in."""
    filled = {}
    start = values.get("start_date") or values.get("agreement_date")
    if not in_range(start):
        return filled           # the date's own field error says what is wrong
    if start and not values.get("start_date"):
        filled["start_date"] = start
    if start and not values.get("end_date") and program.max_duration_months:
        end = add_months(start, program.max_duration_months) - datetime.timedelta(days=1)
        if program.eligibility_end and start <= program.eligibility_end < end:
            end = program.eligibility_end
        filled["end_date"] = end
    return filled


def funding_amount(project: GrantProject, data: dict, instead_of: FundingSource | None = None) -> dict:
    """A source given as a share (%) of the project's value gets its amount: the value is the
    grant and the own contribution, so the own contribution itself is share × grant / (100 − share),
    another source share × (grant + the other own contributions). An amount given wins."""
    share = data.pop("share", None)
    if data.get("amount") is not None or share is None:
        if data.get("amount") is None and instead_of is None:
            raise ValidationError({"amount": _("Give the amount or the share of the project's value.")})
        return data
    share = Decimal(share)
    kind = data.get("kind") or getattr(instead_of, "kind", "")
    others = project.funding_sources.filter(kind=FundingSource.Kind.OWN)
    if instead_of is not None:
        others = others.exclude(pk=instead_of.pk)
    own = sum((s.amount for s in others), Decimal("0"))
    if kind == FundingSource.Kind.OWN:
        if share >= 100:
            raise ValidationError({"share": _("The own contribution is a share of the value below 100%.")})
        amount = project.granted_amount * share / (100 - share)
    else:
        amount = (project.granted_amount + own) * share / 100
    data["amount"] = Decimal(amount).quantize(CENT, ROUND_HALF_UP)
    return data


def indicator_source(project: GrantProject, data: dict, instance: Indicator | None = None) -> dict:
    """What an indicator counts, checked: cost areas that exist (the Polish names are taken:
    "sprzęt" is stored as "hardware"), equipment categories the organization has — a misspelled
    name would silently count nothing."""
    if instance is not None and "source" not in data and "source_filter" not in data:
        return data
    from django.db.models import Q

    from magistrat.core.imports.parsers import normalize_name
    from magistrat.inventory.models import AssetCategory

    from .patterns import clean_source_filter

    source = data.get("source", getattr(instance, "source", Indicator.Source.MANUAL))
    text = data.get("source_filter", getattr(instance, "source_filter", ""))
    categories = {}
    if source == Indicator.Source.ASSETS:
        names = AssetCategory.objects.filter(Q(organization__isnull=True) | Q(organization=project.organization))
        categories = {normalize_name(name): name for name in names.values_list("name", flat=True)}
    value, problem = clean_source_filter(source, text or "", categories=categories)
    if problem:
        raise ValidationError({"source_filter": problem})
    return {**data, "source_filter": value}


EVIDENCE_FIELDS = ("evidence_url", "evidence_note")


def promotion_done_on(data: dict, item=None) -> dict:
    """Recording evidence marks a promotion duty done: a duty not done yet whose address or
    description of evidence is added without a date gets today's date. A date given is kept
    (checked by the model: not in the future); a date removed makes the duty not done again
    even though its evidence stays. `item` is the duty being edited (None when new)."""
    from django.utils import timezone

    before = item.done_on if item is not None else None
    after = data.get("done_on", before)
    added = any(str(data.get(name) or "").strip() and data.get(name) != getattr(item, name, "")
                for name in EVIDENCE_FIELDS if name in data)
    if added and before is None and after is None:
        data["done_on"] = timezone.localdate()
    return data
