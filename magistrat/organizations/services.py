"""Every write to organizations and people (accounts and roles: accounts.py). Views, API and
CLI call these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from magistrat.core import numbering, tree
from magistrat.core.records import delete_refusal, record_create, record_delete, record_update, referring_records

from . import access

# Accounts and roles live in accounts.py; these names stay importable from here.
from .accounts import check_person_link, membership_delete, membership_set, user_create  # noqa: F401
from .models import Organization, Person

# --- Organizations ---------------------------------------------------------------------------

def _unique_slug(base: str) -> str:
    # plain() first: slugify() drops "ł" ("GOK Łódź" would become "gok-odz").
    root = slugify(numbering.plain(base))[:40] or "jednostka"
    slug, n = root, 2
    while Organization.objects.filter(slug=slug).exists():
        slug, n = f"{root}-{n}", n + 1
    return slug


def _require_parent_rights(user, parent: Organization | None) -> None:
    if parent is None:
        if not access.is_superuser(user):
            raise access.AccessDenied("Only installation administrators create top-level units.")
    else:
        access.require(user, "organization.add_child", parent)


@transaction.atomic
def organization_create(*, user, name: str, short_name: str = "", slug: str = "",
                        parent: Organization | None = None, **fields) -> Organization:
    _require_parent_rights(user, parent)
    short_name = short_name or name[:50]
    data = {"name": name, "short_name": short_name, "slug": slug or _unique_slug(short_name),
            "parent": parent, **fields}
    # A new subunit appears in its parent's journal (whose administrators created it); a new
    # top-level unit in its own.
    organization = record_create(user=user, model=Organization, data=data,
                                 organization_id=getattr(parent, "pk", None))
    tree.place(organization, parent)
    return organization


@transaction.atomic
def organization_update(*, user, organization: Organization, **fields) -> Organization:
    access.require(user, "organization.change", organization)
    old_parent_id, old_path = organization.parent_id, organization.tree_path
    if "parent" in fields and getattr(fields["parent"], "pk", None) != old_parent_id:
        # Moving a unit takes it from one parent and gives it to another: both must agree.
        _require_parent_rights(user, organization.parent)
        _require_parent_rights(user, fields["parent"])
    organization = record_update(user=user, instance=organization, data=fields)
    if organization.parent_id != old_parent_id:
        tree.move(organization, old_path)
    return organization


def may_delete_organization(user, organization: Organization) -> bool:
    """A unit is deleted by those who manage its parent (top-level units: superusers only) —
    never by the unit's own administrators."""
    if organization.parent_id is None:
        return access.is_superuser(user)
    return access.has_perm(user, "organization.delete", organization.parent)


@transaction.atomic
def organization_delete(*, user, organization: Organization) -> None:
    if not may_delete_organization(user, organization):
        if organization.parent_id is None:
            raise access.AccessDenied("Only installation administrators delete top-level units.")
        raise access.AccessDenied("organization.delete on the parent unit denied")
    if referring_records(organization):
        raise ValidationError(delete_refusal(organization))
    journal = organization.parent_id or organization.pk
    # Roles in the unit go with it (the database would cascade them silently): each removal
    # is logged, in the journal of the parent, where the unit's deletion is logged too.
    for membership in organization.memberships.select_related("user", "organization"):
        record_delete(user=user, instance=membership, organization_id=journal)
        access.forget(membership.user)
    record_delete(user=user, instance=organization, organization_id=journal)


# --- People ----------------------------------------------------------------------------------

def person_create(*, user, organization: Organization, first_name: str, last_name: str,
                  **fields) -> Person:
    access.require(user, "person.change", organization)
    data = {"organization": organization, "first_name": first_name, "last_name": last_name,
            **fields}
    if fields.get("account") is not None:
        check_person_link(user=user, person=Person(organization=organization),
                          account=fields["account"])
    return record_create(user=user, model=Person, data=data)


def person_update(*, user, person: Person, **fields) -> Person:
    access.require(user, "person.change", person.organization)
    new_org = fields.get("organization")
    if new_org is not None and new_org.pk != person.organization_id:
        access.require(user, "person.change", new_org)
    if "account" in fields and getattr(fields["account"], "pk", None) != person.account_id:
        check_person_link(user=user, person=person, account=fields["account"])
    return record_update(user=user, instance=person, data=fields)


def person_delete(*, user, person: Person) -> None:
    access.require(user, "person.change", person.organization)
    record_delete(user=user, instance=person)

