"""Reads of organizations and people, always restricted by the access module."""

from django.db.models import Prefetch, QuerySet

from magistrat.core.ids import parse_id

from . import access
from .models import Account, Membership, Organization, Person


def within_subtree(queryset: QuerySet, organization: Organization | None, prefix: str = "") -> QuerySet:
    """Narrow to an organization and its subordinate units (the current-organization scope)."""
    if organization is None:
        return queryset
    return queryset.filter(**{f"{prefix}tree_path__startswith": organization.tree_path})


def tenant_queryset(queryset: QuerySet, *, user, permission: str,
                    within: Organization | None = None) -> QuerySet:
    """What every selector of a tenant model uses: rows of organizations the user may see."""
    queryset = queryset.filter(access.organization_filter(user, permission, "organization__"))
    return within_subtree(queryset, within, "organization__")


def organization_list(*, user, within: Organization | None = None) -> QuerySet[Organization]:
    queryset = Organization.objects.filter(access.organization_filter(user, "organization.view"))
    return within_subtree(queryset, within).select_related("parent")


def organization_choices(*, user, permission: str) -> QuerySet[Organization]:
    """Organizations offered in a form where the user is about to do `permission`."""
    return access.organizations_with(user, permission).order_by("tree_path")


def person_list(*, user, within: Organization | None = None) -> QuerySet[Person]:
    queryset = tenant_queryset(Person.objects.all(), user=user, permission="person.view", within=within)
    return queryset.select_related("organization", "account")


def membership_list(*, user, within: Organization | None = None) -> QuerySet[Membership]:
    queryset = tenant_queryset(
        Membership.objects.all(), user=user, permission="membership.view", within=within
    )
    return queryset.select_related("organization", "user")


def find_organization(*, user, reference: str) -> Organization:
    """An organization by slug or id, for the CLI; Organization.DoesNotExist when not visible."""
    queryset = organization_list(user=user)
    if parse_id(reference) is not None:
        return queryset.get(pk=parse_id(reference))
    return queryset.get(slug=reference)


def account_list(*, user, within: Organization | None = None) -> QuerySet[Account]:
    """Login accounts the user manages roles of: those with a role in a unit where the user
    may see memberships (within the current unit's subtree). Superusers see every account,
    also those without any role, unless a unit is chosen."""
    if access.is_superuser(user) and within is None:
        queryset = Account.objects.all()
    else:
        roles = membership_list(user=user, within=within)
        queryset = Account.objects.filter(pk__in=roles.values("user_id"))
    return queryset.select_related("person").prefetch_related(Prefetch(
        "memberships", to_attr="shown_memberships",
        queryset=membership_list(user=user).order_by("organization__tree_path")))


def find_account(*, user, username: str) -> Account:
    """An account by user name among those the user sees (Account.DoesNotExist otherwise)."""
    return account_list(user=user).get(username=username)
