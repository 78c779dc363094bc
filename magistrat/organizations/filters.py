"""One FilterSet per model: the UI list, the API list and the exports all use it."""

import re

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from magistrat.core.collation import PolishOrderingFilter
from magistrat.core.filters_widgets import IdFilter, YesNoFilter
from magistrat.core.search import search_key_terms, search_terms

from .models import Account, Membership, Organization, Person, Role

# A NIP, REGON or TERYT as people write it: "526-000-12-46", "PL 5260001246", "63 0101 1".
IDENTIFIER = re.compile(r"(?<![\w-])(?:PL[\s-]?)?\d[\d\s-]*\d(?![\w-])", re.IGNORECASE)
IDENTIFIER_LENGTHS = {7, 9, 10, 14}   # TERYT, REGON, NIP, long REGON; anything else stays as typed


def compact_identifiers(text: str) -> str:
    """Write identifiers in a search the way they are stored, digits only: "526-000-12-46"
    and "PL5260001246" both become "5260001246"."""
    def digits(match):
        compact = re.sub(r"\D", "", match.group(0))
        return compact if len(compact) in IDENTIFIER_LENGTHS else match.group(0)

    return IDENTIFIER.sub(digits, text or "")


class TreeChoiceField(django_filters.fields.ModelChoiceField):
    """Units as a tree: each indented under its parent."""

    def label_from_instance(self, obj):
        from .forms import tree_label

        return tree_label(obj)


@extend_schema_field(OpenApiTypes.INT)   # the API passes the unit's id
class TreeChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = TreeChoiceField


def _visible_units(request):
    from .access import SYSTEM
    from .selectors import organization_list

    user = getattr(request, "user", None) or SYSTEM
    return organization_list(user=user).select_related(None).order_by("tree_path")


class OrganizationFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Search"), method="filter_search")
    kind = django_filters.ChoiceFilter(empty_label=_("any"), label=_("Kind"), choices=Organization.Kind.choices)
    # Units the user may see; the API and the command line pass the parent's id.
    parent = TreeChoiceFilter(empty_label=_("any"), label=_("Parent organization"),
                              queryset=_visible_units)
    ordering = PolishOrderingFilter(
        fields=(("name", "name"), ("short_name", "short_name"), ("kind", "kind"),
                ("city", "city"), ("created_at", "created_at")),
        polish=["name", "short_name", "city"], label=_("Sort by"),
    )

    class Meta:
        model = Organization
        fields = ["search", "kind", "parent"]

    def filter_search(self, queryset, name, value):
        return search_terms(queryset, ["name", "short_name", "slug", "city", "nip", "regon", "teryt"],
                            compact_identifiers(value))


class PersonFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Search"), method="filter_search")
    organization = IdFilter(label=_("Organization (id)"), field_name="organization_id")
    department = django_filters.CharFilter(label=_("Department"), lookup_expr="icontains")
    active = YesNoFilter(label=_("Active"))
    employment_ended = YesNoFilter(
        label=_("Employment ended"), method="filter_employment_ended"
    )
    ordering = PolishOrderingFilter(
        fields=(("last_name", "last_name"), ("first_name", "first_name"),
                ("position", "position"), ("department", "department"),
                ("organization__name", "organization"), ("employed_from", "employed_from")),
        polish=["last_name", "first_name", "position", "department", "organization__name"],
        label=_("Sort by"),
    )

    class Meta:
        model = Person
        fields = ["search", "organization", "department", "active"]

    def filter_search(self, queryset, name, value):
        return search_key_terms(queryset, value)

    def filter_employment_ended(self, queryset, name, value):
        from django.utils import timezone

        ended = Q(employed_to__lt=timezone.localdate())
        return queryset.filter(ended) if value else queryset.exclude(ended)


def _administered(request):
    """Units whose roles the requesting user sees (all for the console), in tree order."""
    from .access import SYSTEM
    from .selectors import organization_choices

    user = getattr(request, "user", None) or SYSTEM
    return organization_choices(user=user, permission="membership.view")


class AccountFilter(django_filters.FilterSet):
    """Accounts on the "users and roles" screen; a role filter and a unit filter together ask
    for that role in that unit."""

    search = django_filters.CharFilter(label=_("Search"), method="filter_search")
    organization = TreeChoiceFilter(empty_label=_("any"), label=_("Role in unit"),
                                    queryset=_administered, method="filter_roles")
    role = django_filters.ChoiceFilter(empty_label=_("any"), label=_("Role"), choices=Role.choices,
                                       method="filter_roles")
    active = YesNoFilter(label=_("Active"), field_name="is_active")
    ordering = PolishOrderingFilter(
        fields=(("username", "username"), ("last_name", "last_name"), ("email", "email"),
                ("last_login", "last_login"), ("date_joined", "date_joined")),
        polish=["username", "last_name"], label=_("Sort by"),
    )

    class Meta:
        model = Account
        fields = ["search", "organization", "role", "active"]

    def filter_search(self, queryset, name, value):
        return search_terms(queryset, ["username", "first_name", "last_name", "email"], value)

    def filter_roles(self, queryset, name, value):
        if name == "role" and self.form.cleaned_data.get("organization"):
            return queryset   # applied with the unit, below
        from . import access

        user = getattr(self.request, "user", None) or access.SYSTEM
        roles = Membership.objects.filter(access.organization_filter(user, "membership.view",
                                                                     "organization__"))
        organization = self.form.cleaned_data.get("organization")
        if organization is not None:
            roles = roles.filter(organization=organization)
        if self.form.cleaned_data.get("role"):
            roles = roles.filter(role=self.form.cleaned_data["role"])
        return queryset.filter(pk__in=roles.values("user_id"))


class MembershipFilter(django_filters.FilterSet):
    user = IdFilter(label=_("User (id)"), field_name="user_id")
    organization = IdFilter(label=_("Organization (id)"), field_name="organization_id")
    role = django_filters.ChoiceFilter(empty_label=_("any"), label=_("Role"), choices=Role.choices)
    ordering = PolishOrderingFilter(
        fields=(("user__username", "user"), ("organization__name", "organization"), ("role", "role")),
        polish=["user__username", "organization__name"], label=_("Sort by"))

    class Meta:
        model = Membership
        fields = ["user", "organization", "role"]
