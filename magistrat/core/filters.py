import django_filters
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from magistrat.core.filters_widgets import DateFilter

from .models import ChangeLogEntry


class ChangeLogFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(label=_("User"), field_name="user_name",
                                     lookup_expr="icontains")
    channel = django_filters.ChoiceFilter(empty_label=_("any"), label=_("Channel"),
                                          choices=ChangeLogEntry.Channel.choices)
    action = django_filters.ChoiceFilter(empty_label=_("any"), label=_("Action"), choices=ChangeLogEntry.Action.choices)
    content_type = django_filters.ModelChoiceFilter(
        empty_label=_("any"), label=_("Record type"),
        queryset=ContentType.objects.filter(app_label__in=["organizations", "api", "auth"]),
    )
    record = django_filters.CharFilter(label=_("Record"), field_name="object_repr",
                                       lookup_expr="icontains")
    date_from = DateFilter(label=_("From"), field_name="timestamp__date",
                                          lookup_expr="gte")
    date_to = DateFilter(label=_("To"), field_name="timestamp__date",
                                        lookup_expr="lte")

    class Meta:
        model = ChangeLogEntry
        fields = ["user", "channel", "action", "content_type", "record", "date_from", "date_to"]
