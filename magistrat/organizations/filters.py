"""One FilterSet per model: the UI list, the API list and the exports all use it."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.filters_widgets import IdFilter, YesNoFilter
from magistrat.core.search import search_terms

from .models import Organization, Person


class OrganizationFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Search"), method="filter_search")
    kind = django_filters.ChoiceFilter(empty_label=_("any"), label=_("Kind"), choices=Organization.Kind.choices)
    parent = IdFilter(label=_("Parent organization (id)"))
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("short_name", "short_name"), ("kind", "kind"),
                ("city", "city"), ("created_at", "created_at")),
        label=_("Sort by"),
    )

    class Meta:
        model = Organization
        fields = ["search", "kind", "parent"]

    def filter_search(self, queryset, name, value):
        return search_terms(queryset, ["name", "short_name", "slug", "city", "nip", "regon", "teryt"],
                            value)


class PersonFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Search"), method="filter_search")
    organization = IdFilter(label=_("Organization (id)"), field_name="organization_id")
    department = django_filters.CharFilter(label=_("Department"), lookup_expr="icontains")
    active = YesNoFilter(label=_("Active"))
    employment_ended = YesNoFilter(
        label=_("Employment ended"), method="filter_employment_ended"
    )
    ordering = django_filters.OrderingFilter(
        fields=(("last_name", "last_name"), ("first_name", "first_name"),
                ("position", "position"), ("department", "department"),
                ("organization__name", "organization"), ("employed_from", "employed_from")),
        label=_("Sort by"),
    )

    class Meta:
        model = Person
        fields = ["search", "organization", "department", "active"]

    def filter_search(self, queryset, name, value):
        return search_terms(
            queryset, ["first_name", "last_name", "position", "department", "email", "phone"], value
        )

    def filter_employment_ended(self, queryset, name, value):
        from django.utils import timezone

        ended = Q(employed_to__lt=timezone.localdate())
        return queryset.filter(ended) if value else queryset.exclude(ended)
