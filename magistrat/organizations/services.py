"""Every write to organizations, people and memberships. Views, API and CLI call these."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from magistrat.core import numbering, tree
from magistrat.core.changelog import log_change
from magistrat.core.models import ChangeLogEntry
from magistrat.core.records import delete_refusal, record_create, record_delete, record_update, referring_records

from . import access
from .models import Membership, Organization, Person

User = get_user_model()


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
    return record_create(user=user, model=Person, data=data)


def person_update(*, user, person: Person, **fields) -> Person:
    access.require(user, "person.change", person.organization)
    new_org = fields.get("organization")
    if new_org is not None and new_org.pk != person.organization_id:
        access.require(user, "person.change", new_org)
    return record_update(user=user, instance=person, data=fields)


def person_delete(*, user, person: Person) -> None:
    access.require(user, "person.change", person.organization)
    record_delete(user=user, instance=person)


# --- Users and memberships -------------------------------------------------------------------

@transaction.atomic
def user_create(*, user, username: str, password: str | None = None, email: str = "",
                first_name: str = "", last_name: str = "", is_superuser: bool = False,
                check_strength: bool = True):
    """Create a login account. Only installation administrators (or the console) may."""
    if not access.is_superuser(user):
        raise access.AccessDenied("Only installation administrators create accounts.")
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("Enter a user name.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("A user with this name already exists.")})
    account = User(username=username, email=email, first_name=first_name, last_name=last_name,
                   is_superuser=is_superuser, is_staff=is_superuser)
    if password:
        if check_strength:
            from django.contrib.auth.password_validation import validate_password

            try:
                validate_password(password, account)
            except ValidationError as exc:
                raise ValidationError({"password": exc.messages}) from None
        account.set_password(password)
    else:
        account.set_unusable_password()
    account.full_clean(exclude=["password"])
    account.save()
    log_change(user=user, instance=account, action=ChangeLogEntry.Action.CREATE)
    return account


@transaction.atomic
def membership_set(*, user, member, organization: Organization, role: str,
                   include_descendants: bool = False) -> Membership:
    """Give `member` a role in `organization` (replacing the role they had there)."""
    access.require(user, "membership.change", organization)
    existing = Membership.objects.filter(user=member, organization=organization).first()
    data = {"role": role, "include_descendants": include_descendants}
    if existing:
        result = record_update(user=user, instance=existing, data=data)
    else:
        result = record_create(user=user, model=Membership,
                               data={"user": member, "organization": organization, **data})
    access.forget(member)
    return result


def membership_delete(*, user, membership: Membership) -> None:
    access.require(user, "membership.change", membership.organization)
    record_delete(user=user, instance=membership)
    access.forget(membership.user)

