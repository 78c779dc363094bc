"""The API's filter backend: django-filter's, with the shared range check, so a range that
ends before it starts is a 400 naming the range's end, not an empty list."""

from django_filters.rest_framework import DjangoFilterBackend

from magistrat.core.filters_widgets import check_filterset_ranges


class FilterBackend(DjangoFilterBackend):
    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        check_filterset_ranges(filterset)
        return filterset
