"""The one permission module. Every check in the UI, the API and the CLI asks it.

A user holds roles through Memberships. A permission is a named action ("person.change") that
some roles grant on an organization (and, where the membership says so, its subordinate units).
Superusers administer the whole installation.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from magistrat.core.exceptions import AccessDenied

from .models import Membership, Organization, Role

ALL_ROLES = frozenset(Role.values)
ADMIN = frozenset({Role.ADMINISTRATOR})

# Which roles grant which action. Later domains add their lines here, nowhere else.
PERMISSIONS: dict[str, frozenset[str]] = {
    "organization.view": ALL_ROLES,
    "organization.change": ADMIN,
    "organization.add_child": ADMIN,
    "organization.delete": ADMIN,
    "person.view": ALL_ROLES,
    "person.change": ADMIN | {Role.IT_OFFICER},
    "membership.view": ADMIN,
    "membership.change": ADMIN,
    "changelog.view": ADMIN,
    # Hardware register: assets, categories, locations, handover, disposal, import.
    "asset.view": ALL_ROLES,
    "asset.change": ADMIN | {Role.IT_OFFICER},
    # Grant projects: budget, expenditures, indicators, deadlines, promotion, settlement.
    "grant.view": ALL_ROLES,
    "grant.change": ADMIN | {Role.GRANT_COORDINATOR},
    # Installation-wide reference data (the KŚT classification): installation administrators only.
    "reference.change": frozenset(),
}


@dataclass(frozen=True)
class Grant:
    organization_id: int
    tree_path: str
    role: str
    include_descendants: bool

    def covers(self, organization: Organization) -> bool:
        if organization.pk == self.organization_id:
            return True
        return self.include_descendants and organization.tree_path.startswith(self.tree_path)


def _roles(permission: str) -> frozenset[str]:
    try:
        return PERMISSIONS[permission]
    except KeyError:
        raise ValueError(f"Unknown permission {permission!r}") from None


def grants(user) -> list[Grant]:
    """The user's memberships, loaded once per user object (one query per request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_magistrat_grants", None)
    if cached is None:
        cached = [
            Grant(m.organization_id, m.organization.tree_path, m.role, m.include_descendants)
            for m in Membership.objects.filter(user=user).select_related("organization")
        ]
        user._magistrat_grants = cached
    return cached


def forget(user) -> None:
    """Drop the cached grants after memberships change."""
    if hasattr(user, "_magistrat_grants"):
        del user._magistrat_grants


def is_superuser(user) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


def has_perm(user, permission: str, organization: Organization | None) -> bool:
    roles = _roles(permission)
    if not getattr(user, "is_active", False):
        return False
    if is_superuser(user):
        return True
    if organization is None:
        return False
    return any(g.role in roles and g.covers(organization) for g in grants(user))


def has_perm_anywhere(user, permission: str) -> bool:
    roles = _roles(permission)
    return is_superuser(user) or any(g.role in roles for g in grants(user))


def require(user, permission: str, organization: Organization | None) -> None:
    if not has_perm(user, permission, organization):
        public = (_("Your role does not allow this in %(organization)s.") % {"organization": organization}
                  if organization is not None else _("Your role does not allow this."))
        raise AccessDenied(f"{permission} denied", public=public)


def covers_subtree(user, permission: str, organization: Organization) -> bool:
    """Does the user hold `permission` on `organization` and every unit under it?"""
    roles = _roles(permission)
    if is_superuser(user):
        return True
    if not getattr(user, "is_active", False):
        return False
    return any(g.role in roles and g.include_descendants
               and organization.tree_path.startswith(g.tree_path) for g in grants(user))


def may_grant(user, organization: Organization, include_descendants: bool = False) -> bool:
    """May the user give (change, remove) a role in `organization`? With `include_descendants`
    the role reaches every unit below, so the user must administer all of them too."""
    if include_descendants:
        return covers_subtree(user, "membership.change", organization)
    return has_perm(user, "membership.change", organization)


def may_manage_account(user, account) -> bool:
    """May the user change `account` itself (names, password, active state, deletion, its
    person)?

    Superusers may change any account. An office administrator may change an account only when
    they may grant every role it holds (`may_grant`: a role reaching the subordinate units
    only when they administer them all) — never a superuser's, and never an account without
    roles (nobody's in particular, so the installation administrators')."""
    if is_superuser(user):
        return True
    if not getattr(user, "is_active", False) or getattr(account, "is_superuser", False):
        return False
    memberships = list(Membership.objects.filter(user=account).select_related("organization"))
    return bool(memberships) and all(
        may_grant(user, m.organization, m.include_descendants) for m in memberships)


def organization_filter(user, permission: str, prefix: str = "") -> Q:
    """A Q restricting `<prefix>organization` rows to those where the user holds `permission`.

    With prefix "" it filters Organization itself; with "organization__" a tenant model.
    """
    if is_superuser(user):
        return Q()
    roles = _roles(permission)
    conditions = []
    direct = [g.organization_id for g in grants(user) if g.role in roles]
    if direct:
        conditions.append(Q(**{f"{prefix}id__in" if prefix == "" else f"{prefix}in": direct}))
    for g in grants(user):
        if g.role in roles and g.include_descendants:
            conditions.append(Q(**{f"{prefix}tree_path__startswith": g.tree_path}))
    if not conditions:
        return Q(pk__in=[])
    return reduce(or_, conditions)


def organizations_with(user, permission: str) -> QuerySet[Organization]:
    return Organization.objects.filter(organization_filter(user, permission))


class _SystemActor:
    """The operator at the server's console (CLI without --as, demo loader, migrations).

    Whoever can run commands on the server can read its database anyway; the CLI's --as USER
    option acts as a named user with that user's permissions instead.
    """

    pk = None
    id = None
    username = "system"
    is_active = True
    is_superuser = True
    is_staff = True
    is_authenticated = True
    is_anonymous = False

    def __str__(self):
        return "system"


SYSTEM = _SystemActor()
