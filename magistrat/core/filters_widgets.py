"""Filters people understand: "any / yes / no" instead of "Unknown", real date pickers, and
numbers checked against sensible bounds, so a mistyped value is an error by the filter (a 400
from the API, a one-line error on the command line) instead of a crash in the database."""

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
