"""Filter widgets people understand: "any / yes / no" instead of "Unknown", real date pickers."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


class YesNoFilter(django_filters.BooleanFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.Select(choices=[("", _("any")), ("true", _("yes")),
                                                          ("false", _("no"))]))
        super().__init__(*args, **kwargs)


class DateFilter(django_filters.DateFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(*args, **kwargs)
