"""A programme's templates — cost areas, funding and tranche patterns, indicator and promotion
templates — checked in one place for the web form, the API, the catalogue files and the services.

Each `clean_*` takes what a person or a file gave (lists of dicts, numbers as text or numbers)
and returns it normalised (shares as text such as "81", codes stripped, defaults filled in), or
raises a ValidationError whose messages name the entry ("entry 2: …"). New projects are built
from these lists (services._apply_templates), so nothing malformed may be stored.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from magistrat.core.imports.parsers import normalize_name

HUNDRED = Decimal("100")


def cost_area_code(text) -> str | None:
    """"hardware", "sprzęt", "Sprzęt", "software and licences" -> the code; None if no area."""
    from django.utils.translation import override

    from .models import CostArea
    from .settlement import COST_AREAS

    names = {}
    for code, label in CostArea.choices:
        with override("en"):
            english = str(label)
        for name in (code, english, str(label), COST_AREAS.get(code, "")):
            names[normalize_name(name)] = code
    return names.get(normalize_name(text or "")) if str(text or "").strip() else None


def area_label(code: str) -> str:
    """"hardware" -> "hardware" / "sprzęt" in the interface's language; unknown codes as they are."""
    from .models import CostArea

    return str(dict(CostArea.choices).get(code, code))


def area_names() -> str:
    """"hardware (sprzęt), software (oprogramowanie i licencje), …" for error messages."""
    from .models import CostArea
    from .settlement import COST_AREAS

    return ", ".join(f"{code} ({COST_AREAS[code]})" for code in CostArea.values)


def _number(value, *, position: int, what: str, errors: list, minimum=Decimal("0"), maximum=None,
            above_minimum=False) -> Decimal | None:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
        if not number.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError, TypeError):
        errors.append(_("Entry %(position)s: %(what)s “%(value)s” is not a number.")
                      % {"position": position, "what": what, "value": value})
        return None
    if (number <= minimum if above_minimum else number < minimum) or (maximum is not None and number > maximum):
        if maximum is not None:
            errors.append(_("Entry %(position)s: %(what)s must be above %(minimum)s and at most %(maximum)s.")
                          % {"position": position, "what": what, "minimum": minimum, "maximum": maximum})
        else:
            errors.append(_("Entry %(position)s: %(what)s cannot be negative.") % {"position": position, "what": what})
        return None
    return number


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _check_length(text: str, maximum: int, message: str, *, position: int, errors: list) -> None:
    """`message` ("Entry %(position)s: the name is longer than %(max)s characters.") when too long."""
    if len(text) > maximum:
        errors.append(message % {"position": position, "max": maximum})


def _entries(value, allowed: set[str], errors: list) -> list[tuple[int, dict]]:
    """The list's entries with their positions (from 1); reports what is not a list of objects."""
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        errors.append(_("Give a list of entries."))
        return []
    entries = []
    for position, entry in enumerate(value, start=1):
        if not isinstance(entry, dict):
            errors.append(_("Entry %(position)s is not a set of fields.") % {"position": position})
            continue
        unknown = sorted(set(entry) - allowed)
        if unknown:
            errors.append(_("Entry %(position)s: unknown fields %(fields)s (allowed: %(allowed)s).")
                          % {"position": position, "fields": ", ".join(map(str, unknown)),
                             "allowed": ", ".join(sorted(allowed))})
            continue
        entries.append((position, entry))
    return entries


def _share_text(share: Decimal) -> str:
    """Decimal("81.00") -> "81", Decimal("33.33") -> "33.33" (as the catalogue files write it)."""
    return format(share.normalize(), "f")


def _sum_to_hundred(shares: list[Decimal], errors: list, what: str) -> None:
    if shares and not errors and sum(shares) != HUNDRED:
        errors.append(_("The %(what)s add up to %(total)s%%, not 100%%.")
                      % {"what": what, "total": _share_text(sum(shares))})


def _raise(field: str, errors: list) -> None:
    if errors:
        raise ValidationError({field: errors})


def clean_cost_areas(value) -> list[str]:
    errors, areas = [], []
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        _raise("cost_areas", [_("Give a list of cost areas.")])
    for item in value:
        code = cost_area_code(item) if isinstance(item, str) else None
        if code is None:
            errors.append(_("“%(value)s” is not a cost area; the areas are: %(areas)s.")
                          % {"value": item, "areas": area_names()})
        elif code not in areas:
            areas.append(code)
    _raise("cost_areas", errors)
    return areas


def clean_funding_pattern(value) -> list[dict]:
    from .models import FundingSource

    errors, result, shares = [], [], []
    kinds = set(FundingSource.Kind.values)
    for position, entry in _entries(value, {"kind", "share", "name"}, errors):
        kind = _text(entry.get("kind"))
        if kind not in kinds:
            errors.append(_("Entry %(position)s: “%(kind)s” is not a kind of funding source (%(kinds)s).")
                          % {"position": position, "kind": kind, "kinds": ", ".join(sorted(kinds))})
        share = _number(entry.get("share"), position=position, what=_("the share"), errors=errors,
                        maximum=HUNDRED, above_minimum=True)
        name = _text(entry.get("name"))
        _check_length(name, 200, _("Entry %(position)s: the name is longer than %(max)s characters."),
                      position=position, errors=errors)
        if share is not None:
            shares.append(share)
            result.append({"kind": kind, "share": _share_text(share), **({"name": name} if name else {})})
    _sum_to_hundred(shares, errors, _("shares of the grant"))
    _raise("funding_pattern", errors)
    return result


def clean_tranche_pattern(value) -> list[dict]:
    errors, result, shares = [], [], []
    for position, entry in _entries(value, {"share", "condition"}, errors):
        share = _number(entry.get("share"), position=position, what=_("the share"), errors=errors,
                        maximum=HUNDRED, above_minimum=True)
        condition = _text(entry.get("condition"))
        _check_length(condition, 255, _("Entry %(position)s: the condition is longer than %(max)s characters."),
                      position=position, errors=errors)
        if share is not None:
            shares.append(share)
            result.append({"share": _share_text(share), "condition": condition})
    _sum_to_hundred(shares, errors, _("tranches"))
    _raise("tranche_pattern", errors)
    return result


def _code_and_name(position, entry, seen, errors, *, name_max=255) -> tuple[str, str]:
    code, name = _text(entry.get("code")), _text(entry.get("name"))
    if not code:
        errors.append(_("Entry %(position)s: the code is required.") % {"position": position})
    elif len(code) > 30:
        errors.append(_("Entry %(position)s: the code is longer than %(max)s characters.")
                      % {"position": position, "max": 30})
    elif code in seen:
        errors.append(_("Entry %(position)s: the code %(code)s is also used by entry %(other)s.")
                      % {"position": position, "code": code, "other": seen[code]})
    else:
        seen[code] = position
    if not name:
        errors.append(_("Entry %(position)s: the name is required.") % {"position": position})
    elif len(name) > name_max:
        errors.append(_("Entry %(position)s: the name is longer than %(max)s characters.")
                      % {"position": position, "max": name_max})
    return code, name


def category_names() -> dict[str, str]:
    """Normalised name -> name of every equipment category in the installation (shared ones and
    those offices added), which indicator templates may count."""
    from magistrat.inventory.models import AssetCategory

    return {normalize_name(name): name for name in AssetCategory.objects.values_list("name", flat=True)}


def clean_source_filter(source: str, text: str, *, categories: dict[str, str]) -> tuple[str, str | None]:
    """An indicator's "computed from" filter, normalised: cost-area codes for a sum by area (the
    Polish names are accepted: "sprzęt" -> "hardware"), category names as the register writes
    them for a count of equipment. Returns (value, error message or None)."""
    from .models import Indicator

    names = [n.strip() for n in (text or "").split(",") if n.strip()]
    if source == Indicator.Source.EXPENDITURE_AREA:
        if not names:
            return "", _("Choose the cost area whose eligible expenditure is summed.")
        codes, unknown = [], []
        for name in names:
            code = cost_area_code(name)
            (unknown.append(name) if code is None else codes.append(code))
        if unknown:
            return text, _("“%(value)s” is not a cost area; the areas are: %(areas)s.") % {
                "value": ", ".join(unknown), "areas": area_names()}
        return ", ".join(dict.fromkeys(codes)), None
    if source == Indicator.Source.ASSETS:
        found, unknown = [], []
        for name in names:
            match = categories.get(normalize_name(name))
            (unknown.append(name) if match is None else found.append(match))
        if unknown:
            return text, _("No equipment category “%(value)s”; the categories are: %(categories)s.") % {
                "value": ", ".join(unknown), "categories": ", ".join(sorted(categories.values(), key=str.lower))}
        return ", ".join(dict.fromkeys(found)), None
    if names:
        return text, _("An indicator entered by hand counts nothing: leave the category or area empty.")
    return "", None


def clean_indicator_templates(value) -> list[dict]:
    from .models import Indicator

    errors, result, seen = [], [], {}
    sources = set(Indicator.Source.values)
    categories = None
    for position, entry in _entries(value, {"code", "name", "unit", "target", "source", "source_filter"}, errors):
        code, name = _code_and_name(position, entry, seen, errors)
        unit = _text(entry.get("unit")) or "szt."
        _check_length(unit, 30, _("Entry %(position)s: the unit is longer than %(max)s characters."),
                      position=position, errors=errors)
        target = _number(entry.get("target", 0) if entry.get("target") not in (None, "") else 0,
                         position=position, what=_("the target"), errors=errors)
        source = _text(entry.get("source")) or Indicator.Source.MANUAL
        if source not in sources:
            errors.append(_("Entry %(position)s: “%(source)s” is not a way of computing (%(sources)s).")
                          % {"position": position, "source": source, "sources": ", ".join(sorted(sources))})
            continue
        if source == Indicator.Source.ASSETS and categories is None:
            categories = category_names()
        source_filter, problem = clean_source_filter(source, _text(entry.get("source_filter")),
                                                     categories=categories or {})
        if problem:
            errors.append(_("Entry %(position)s: %(problem)s") % {"position": position, "problem": problem})
        if target is not None:
            result.append({"code": code, "name": name, "unit": unit, "source": source,
                           "source_filter": source_filter, "target": _share_text(target)})
    _raise("indicator_templates", errors)
    return result


def clean_promotion_templates(value) -> list[dict]:
    errors, result, seen = [], [], {}
    for position, entry in _entries(value, {"code", "name"}, errors):
        code, name = _code_and_name(position, entry, seen, errors)
        result.append({"code": code, "name": name})
    _raise("promotion_templates", errors)
    return result


CLEANERS = {
    "cost_areas": clean_cost_areas,
    "funding_pattern": clean_funding_pattern,
    "tranche_pattern": clean_tranche_pattern,
    "indicator_templates": clean_indicator_templates,
    "promotion_templates": clean_promotion_templates,
}


def clean_program(program) -> None:
    """Check and normalise a programme's templates in place; every field's errors at once."""
    errors = {}
    for field, clean in CLEANERS.items():
        try:
            setattr(program, field, clean(getattr(program, field)))
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if program.eligibility_start and program.eligibility_end and program.eligibility_start > program.eligibility_end:
        errors.setdefault("eligibility_end", []).append(
            _("The end of the eligibility window cannot be before its start."))
    if program.min_amount is not None and program.max_amount is not None and program.min_amount > program.max_amount:
        errors.setdefault("max_amount", []).append(_("The maximum grant cannot be below the minimum."))
    if errors:
        raise ValidationError(errors)
