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
