"""One FilterSet per model, shared by the list screens, the API, exports and labels."""

import datetime

import django_filters
from django import forms
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from magistrat.core.collation import Polish, PolishOrderingFilter
from magistrat.core.filters_widgets import DateFilter, IdFilter, WholeNumberFilter, YesNoFilter
from magistrat.core.search import search_key_terms
from magistrat.organizations.filters import search_terms

from .fields import LocationChoiceField
from .models import Asset, AssetCategory, HandoverProtocol, Location


def _visible(selector):
    """Choices for a filter: what the requesting user may see (all rows for the console)."""
    def queryset(request):
        from magistrat.organizations.access import SYSTEM

        user = getattr(request, "user", None) or SYSTEM
        return selector(user=user)
    return queryset


def _categories(request):
    from .selectors import category_list

    return _visible(category_list)(request)


def _locations(request):
    from .selectors import location_list

    return _visible(location_list)(request)


def _people(request):
    from magistrat.organizations.selectors import person_list

    return _visible(person_list)(request)


class TreeOrderingFilter(PolishOrderingFilter):
    """"tree" is the tree with siblings by name naturally, not the stored path (ordered by id)."""

    def filter(self, qs, value):
        if value and list(value)[:1] == ["tree"]:
            from .selectors import location_tree_order

            return location_tree_order(qs)
        return super().filter(qs, value)


class AssetOrderingFilter(PolishOrderingFilter):
    """The holder sorts by last name, then first name; empty values (no holder, no location, no
    price) come last going up and first going down on both databases (SQLite would put them
    first, PostgreSQL last); rows of equal value by inventory number, so a page never repeats
    or skips an asset."""

    THEN = {"person__last_name": ("person__first_name",)}

    @staticmethod
    def _lifecycle():
        """Statuses in the order of an asset's life (ordered … in use … disposed, lost), which
        reads the same in every language, instead of the stored codes' alphabet."""
        return Case(*(When(status=value, then=Value(index))
                      for index, value in enumerate(Asset.Status.values)), output_field=IntegerField())

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        ordering = []
        for param in value:
            descending = param.startswith("-")
            field = self.param_map.get(param.lstrip("-"), param.lstrip("-"))
            for name in (field, *self.THEN.get(field, ())):
                if name == "status":
                    expression = self._lifecycle()
                elif name in self.polish_fields or field in self.THEN:
                    expression = Polish(name)
                else:
                    expression = F(name)
                ordering.append(expression.desc(nulls_first=True) if descending
                                else expression.asc(nulls_last=True))
        if not {"inventory_number", "-inventory_number"} & set(value):
            ordering.append(F("inventory_number").asc())
        return qs.order_by(*ordering, "pk")


class LocationChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = LocationChoiceField


class AssetFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Search"), method="filter_search")
    category = django_filters.ModelChoiceFilter(empty_label=_("any"), label=_("Category"), queryset=_categories)
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=Asset.Status.choices,
                                                 widget=forms.CheckboxSelectMultiple)
    location = LocationChoiceFilter(empty_label=_("any"), label=_("Location (with rooms inside)"),
                                    queryset=_locations, method="filter_location")
    person = django_filters.ModelChoiceFilter(empty_label=_("any"), label=_("Assigned to"), queryset=_people)
    organization = IdFilter(label=_("Organization (id)"), field_name="organization_id")
    import_job = IdFilter(label=_("Created by the import (id)"), field_name="import_job_id")
    # Up to 100 years ahead: a larger number would overflow the date it is added to.
    warranty_within = WholeNumberFilter(label=_("Warranty ends within (days)"),
                                        method="filter_warranty", min_value=0, max_value=36500)
    low_value = YesNoFilter(label=_("Low-value item"), method="filter_low_value")
    holder_left = YesNoFilter(label=_("Held by someone no longer employed"),
                                               method="filter_holder_left")
    under_durability = YesNoFilter(label=_("Under a grant's durability period"),
                                                    method="filter_durability")
    purchased_from = DateFilter(label=_("Purchased from"), field_name="purchase_date",
                                               lookup_expr="gte")
    purchased_to = DateFilter(label=_("Purchased until"), field_name="purchase_date",
                                             lookup_expr="lte")
    ordering = AssetOrderingFilter(
        fields=(("inventory_number", "inventory_number"), ("name", "name"),
                ("category__name", "category"), ("manufacturer", "manufacturer"),
                ("serial_number", "serial_number"), ("status", "status"),
                ("location__name", "location"), ("person__last_name", "person"),
                ("purchase_date", "purchase_date"), ("gross_price", "gross_price"),
                ("warranty_end", "warranty_end"), ("organization__name", "organization")),
        # Names people read sort in Polish order; the inventory number (the default order, on
        # the organization's unique index) and the serial number sort as the database does.
        polish=["name", "category__name", "manufacturer", "location__name", "person__last_name",
                "organization__name"],
        label=_("Sort by"),
    )

    class Meta:
        model = Asset
        fields = ["search", "category", "status", "location", "person", "organization", "import_job",
                  "warranty_within", "low_value", "holder_left", "under_durability"]

    def filter_search(self, queryset, name, value):
        from magistrat.organizations.models import Person
        from magistrat.organizations.selectors import person_list

        # The holder is looked for among the people the user may see (fewer to scan); the
        # assets themselves are already limited to what the user may see.
        user = getattr(self.request, "user", None)
        people = person_list(user=user) if user is not None else Person.objects.all()
        return search_key_terms(queryset, value, related={"person": people.select_related(None)})

    def filter_location(self, queryset, name, value):
        return queryset.filter(location__organization_id=value.organization_id,
                               location__tree_path__startswith=value.tree_path)

    def filter_warranty(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.filter(warranty_end__gte=today,
                               warranty_end__lte=today + datetime.timedelta(days=int(value)))

    def filter_durability(self, queryset, name, value):
        today = timezone.localdate()
        bound = Q(expenditures__project__durability_end__gte=today)
        ids = queryset.model.objects.filter(bound).values("pk")
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)

    def filter_low_value(self, queryset, name, value):
        from .selectors import low_value_condition

        return queryset.filter(low_value_condition()) if value else queryset.exclude(low_value_condition())

    def filter_holder_left(self, queryset, name, value):
        left = Q(person__active=False) | Q(person__employed_to__lt=timezone.localdate())
        return queryset.filter(left) if value else queryset.exclude(left)


class AssetCategoryFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Search"), method="filter_search")
    tracking = django_filters.ChoiceFilter(empty_label=_("any"), label=_("Tracking"),
                                           choices=AssetCategory.Tracking.choices)
    ordering = PolishOrderingFilter(fields=(("name", "name"), ("code", "code")), polish=["name"],
                                    label=_("Sort by"))

    class Meta:
        model = AssetCategory
        fields = ["search", "tracking"]

    def filter_search(self, queryset, name, value):
        return search_terms(queryset, ["name", "code"], value)


class LocationFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Search"), method="filter_search")
    kind = django_filters.ChoiceFilter(empty_label=_("any"), label=_("Kind"), choices=Location.Kind.choices)
    organization = IdFilter(label=_("Organization (id)"), field_name="organization_id")
    ordering = TreeOrderingFilter(fields=(("tree_path", "tree"), ("name", "name")), polish=["name"],
                                  label=_("Sort by"))

    class Meta:
        model = Location
        fields = ["search", "kind", "organization"]

    def filter_search(self, queryset, name, value):
        return search_terms(queryset, ["name", "notes"], value)


class ProtocolFilter(django_filters.FilterSet):
    """Handover and return protocols: of a person, of an asset, of a kind, within dates."""

    person = django_filters.ModelChoiceFilter(empty_label=_("any"), label=_("Employee"), queryset=_people)
    asset = IdFilter(label=_("Asset (id)"), method="filter_asset")
    kind = django_filters.ChoiceFilter(empty_label=_("any"), label=_("Kind"),
                                       choices=HandoverProtocol.Kind.choices)
    organization = IdFilter(label=_("Organization (id)"), field_name="organization_id")
    date_from = DateFilter(label=_("From"), field_name="date", lookup_expr="gte")
    date_to = DateFilter(label=_("Until"), field_name="date", lookup_expr="lte")
    ordering = django_filters.OrderingFilter(fields=(("date", "date"), ("number", "number")),
                                             label=_("Sort by"))

    class Meta:
        model = HandoverProtocol
        fields = ["person", "asset", "kind", "organization", "date_from", "date_to"]

    def filter_asset(self, queryset, name, value):
        return queryset.filter(pk__in=HandoverProtocol.objects.filter(items__asset_id=value).values("pk"))
