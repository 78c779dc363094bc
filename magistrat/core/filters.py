import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from magistrat.core.filters_widgets import DateFilter, RangeCheckedFilterSet

from .models import ChangeLogEntry

# The apps whose records the change log describes (a new domain app adds its label here).
JOURNAL_APPS = ["organizations", "inventory", "grants", "core", "api", "auth"]
# ("organizations", "account") is a proxy of auth.user: its changes are logged as users.
NOT_LOGGED = [("auth", "group"), ("auth", "permission"), ("core", "changelogentry"),
              ("organizations", "account")]


class RecordTypeField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        model = obj.model_class()
        return capfirst(model._meta.verbose_name) if model else obj.model


class RecordTypeFilter(django_filters.ModelChoiceFilter):
    field_class = RecordTypeField


def _record_types(request=None):
    excluded = Q()
    for app_label, model in NOT_LOGGED:
        excluded |= Q(app_label=app_label, model=model)
    return ContentType.objects.filter(app_label__in=JOURNAL_APPS).exclude(excluded)


class ChangeLogFilter(RangeCheckedFilterSet):
    user = django_filters.CharFilter(label=_("User"), field_name="user_name",
                                     lookup_expr="icontains")
    channel = django_filters.ChoiceFilter(empty_label=_("any"), label=_("Channel"),
                                          choices=ChangeLogEntry.Channel.choices)
    action = django_filters.ChoiceFilter(empty_label=_("any"), label=_("Action"), choices=ChangeLogEntry.Action.choices)
    content_type = RecordTypeFilter(empty_label=_("any"), label=_("Record type"), queryset=_record_types)
    record = django_filters.CharFilter(label=_("Record"), field_name="object_repr",
                                       lookup_expr="icontains")
    date_from = DateFilter(label=_("From"), field_name="timestamp__date",
                                          lookup_expr="gte")
    date_to = DateFilter(label=_("To"), field_name="timestamp__date",
                                        lookup_expr="lte")

    class Meta:
        model = ChangeLogEntry
        fields = ["user", "channel", "action", "content_type", "record", "date_from", "date_to"]
