"""Filter widgets people understand: "any / yes / no" instead of "Unknown", real date pickers."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


class YesNoField(forms.NullBooleanField):
    """"true"/"false" (also yes/no, 1/0) or empty; anything else is an error, not "any"."""

    VALUES = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}

    def to_python(self, value):
        if value in (None, "") or isinstance(value, bool):
            return value if isinstance(value, bool) else None
        try:
            return self.VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(_("Choose yes or no (true or false), not “%(value)s”."),
                                        code="invalid", params={"value": value}) from None

    def validate(self, value):
        pass


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
