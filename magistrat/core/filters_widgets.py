"""Filters people understand: "any / yes / no" instead of "Unknown", real date pickers, and
numbers checked against sensible bounds, so a mistyped value is an error by the filter (a 400
from the API, a one-line error on the command line) instead of a crash in the database. A
range whose end comes before its start ("from 31.12" "to 1.01") is such an error too, named on
the range's end, rather than an empty list that looks like an answer."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .ids import MAX_ID

TRUE_WORDS = {"true", "1", "yes", "on", "tak"}
FALSE_WORDS = {"false", "0", "no", "off", "nie"}


class YesNoField(forms.NullBooleanField):
    """Empty means "any"; true/false (also 1/0, yes/no, tak/nie) filter; anything else is an
    error rather than being ignored silently."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError(_("Choose yes or no (true or false), not “%(value)s”."),
                              code="invalid", params={"value": str(value)[:50]})


def _ticked(value) -> bool:
    try:
        return bool(YesNoField().to_python(value))
    except ValidationError:
        return False


class StrictCheckboxInput(forms.CheckboxInput):
    """A checkbox that hands its field what was sent, for the field to read strictly (Django's
    takes any text but "false" as ticked), and is drawn ticked only for a yes ("false" from a
    query is not ticked); a ticked box sends "on"."""

    def __init__(self, attrs=None, check_test=None):
        super().__init__(attrs, check_test or _ticked)

    def format_value(self, value):
        return None

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class YesNoCheckboxField(forms.BooleanField):
    """A tick box (not required) that also reads yes/no words from a query or an option:
    absent or empty is no, true/false (1/0, yes/no, on/off, tak/nie) as they say, anything else
    an error naming the value."""

    widget = StrictCheckboxInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        return bool(YesNoField().to_python(value))


class YesNoFilter(django_filters.BooleanFilter):
    field_class = YesNoField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.Select(choices=[("", _("any")), ("true", _("yes")),
                                                          ("false", _("no"))]))
        super().__init__(*args, **kwargs)


class DateFilter(django_filters.DateFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(*args, **kwargs)


class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number between `min_value` and `max_value` (both required: an unbounded number
    ends up in a query or a date calculation that overflows). A NumberFilter, so the OpenAPI
    document calls it a number."""

    field_class = forms.IntegerField

    def __init__(self, *args, min_value: int, max_value: int, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)

    def get_max_validator(self):
        return None   # max_value says it


class IdFilter(WholeNumberFilter):
    """A record's id, as the API and the command line pass it (`?organization=12`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        kwargs.setdefault("error_messages", {
            "min_value": _("Enter a record id: a whole number greater than 0."),
            "max_value": _("No record has an id this large."),
        })
        super().__init__(*args, **kwargs)


# --- Ranges: "from" and "to" filters on one field --------------------------------------------

START_LOOKUPS = ("gte", "gt")
END_LOOKUPS = ("lte", "lt")


def ranges(filters: dict) -> list[tuple[str, str]]:
    """(start, end) filter names of each range: a `gte` and an `lte` filter on the same field
    (`date_from`/`date_to`, `purchased_from`/`purchased_to`)."""
    starts, ends = {}, {}
    for name, flt in filters.items():
        if getattr(flt, "method", None):
            continue
        if flt.lookup_expr in START_LOOKUPS:
            starts.setdefault(flt.field_name, name)
        elif flt.lookup_expr in END_LOOKUPS:
            ends.setdefault(flt.field_name, name)
    return [(starts[field], ends[field]) for field in starts if field in ends]


def _shown(value) -> str:
    from . import formatting

    if isinstance(value, datetime.date):
        return formatting.date(value)
    return str(value)


def check_ranges(form, pairs: list[tuple[str, str]]) -> None:
    """Add an error to the end of every range that ends before it starts; the message names
    both fields and their values. Call it on a validated form (cleaned_data filled)."""
    data = getattr(form, "cleaned_data", None) or {}
    for start, end in pairs:
        low, high = data.get(start), data.get(end)
        if low is None or high is None or low <= high:
            continue
        params = {"start": form.fields[start].label, "end": form.fields[end].label,
                  "low": _shown(low), "high": _shown(high)}
        if isinstance(low, datetime.date):
            message = _("“%(end)s” (%(high)s) is before “%(start)s” (%(low)s): swap the dates.")
        else:
            message = _("“%(end)s” (%(high)s) is less than “%(start)s” (%(low)s): swap the values.")
        form.add_error(end, ValidationError(message, code="reversed_range", params=params))


def check_filterset_ranges(filterset) -> None:
    """The range check for any bound FilterSet, also one not built on RangeCheckedFilterSet:
    the list screens, the API and the command line's export call it before reading the
    filters (a FilterSet that checks its ranges itself has nothing left to add)."""
    if filterset is None or not filterset.is_bound:
        return
    form = filterset.form
    if form.is_valid():
        check_ranges(form, ranges(filterset.filters))


class RangeCheckedFilterSet(django_filters.FilterSet):
    """A FilterSet whose form refuses a reversed range (`ranges()` finds them), so every user
    of the FilterSet gets the error on the range's end."""

    def get_form_class(self):
        form_class = super().get_form_class()
        pairs = ranges(self.filters)
        if not pairs:
            return form_class

        class RangeCheckedForm(form_class):
            def clean(self):
                data = super().clean()
                check_ranges(self, pairs)
                return data

        RangeCheckedForm.__name__ = form_class.__name__
        return RangeCheckedForm
