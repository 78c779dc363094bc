"""Every write to login accounts and their roles (Membership): the "users and roles" screens,
the API (/api/v1/users/, /api/v1/memberships/) and the CLI (createuser, role) call these.

The rules, all asked of `access`:
- a role is given, changed or removed only in a unit the acting user administers; a role that
  reaches the subordinate units (before or after the change) only by someone who administers
  all of them;
- an account itself (names, password, active state, deletion, its person) is changed only by a
  superuser, or by someone who may grant every role the account holds — never a superuser's;
- only superusers make superusers;
- a unit that has an active administrator (its own or one above it reaching the subordinate
  units) keeps one: only superusers take away the last (see `_keep_administrators`).
Everything is logged; passwords are masked.
"""

from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from magistrat.core.changelog import log_change, snapshot
from magistrat.core.models import ChangeLogEntry
from magistrat.core.records import record_create, record_delete, record_update

from . import access
from .models import Account, Membership, Organization, Person, Role

User = get_user_model()
ACCOUNT_FIELDS = {"username", "first_name", "last_name", "email", "is_active", "is_superuser"}


def _refuse(public: str, detail: str = "") -> None:
    raise access.AccessDenied(detail or public, public=public)


def _journal_id(user, account) -> int | None:
    """Whose journal an entry about `account` belongs to: the top-most unit of its roles that
    the acting user administers (or of any of its roles)."""
    memberships = sorted(Membership.objects.filter(user=account).select_related("organization"),
                         key=lambda m: m.organization.tree_path)
    for membership in memberships:
        if access.has_perm(user, "membership.change", membership.organization):
            return membership.organization_id
    return memberships[0].organization_id if memberships else None


def _require_account_rights(user, account) -> None:
    if not access.may_manage_account(user, account):
        _refuse(_("You may change only accounts whose every role is in units you administer."),
                "account change denied")


def _check_password(password: str, account) -> None:
    try:
        validate_password(password, account)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the roles: %(roles)s.")
                               % {"roles": ", ".join(Role.values)}})


# --- Every unit keeps an administrator ---------------------------------------------------------

def _path_prefixes(tree_path: str) -> list[str]:
    """"/1/5/9/" -> ["/1/", "/1/5/", "/1/5/9/"]: the paths of the unit and the units above it."""
    parts = tree_path.strip("/").split("/")
    return [f"/{'/'.join(parts[:n])}/" for n in range(1, len(parts) + 1)]


def _reach(membership: Membership, *, without_root: bool = False) -> tuple:
    return (membership.organization, membership.include_descendants, without_root)


def _keep_administrators(user, *, lost: list[tuple], leaving: Q, field: str | None = None) -> None:
    """Refuse a change that leaves a unit without an active administrator.

    `lost` lists what the administrator roles being changed stop covering, as
    (organization, with its subordinate units, but not the organization itself); `leaving`
    selects the memberships that no longer count after the change. A unit in `lost` stays
    covered by another active administrator's role in it, or one above it reaching the
    subordinate units. Superusers may leave a unit without one (and are who repairs it)."""
    if not lost or access.is_superuser(user):
        return
    units, candidates = [], []
    for organization, subtree, without_root in lost:
        candidates.append(Q(organization_id__in=[int(pk) for pk in
                                                  organization.tree_path.strip("/").split("/")]))
        if subtree:
            candidates.append(Q(organization__tree_path__startswith=organization.tree_path))
            below = Q(tree_path__startswith=organization.tree_path)
            units.append(below & ~Q(pk=organization.pk) if without_root else below)
        elif not without_root:
            units.append(Q(pk=organization.pk))
    if not units:
        return
    remaining = list(Membership.objects.filter(reduce(or_, candidates), role=Role.ADMINISTRATOR,
                                               user__is_active=True).exclude(leaving)
                     .values_list("organization_id", "organization__tree_path", "include_descendants"))
    direct = {pk for pk, _path, _wide in remaining}
    wide = {path for _pk, path, reaches in remaining if reaches}
    orphans = [name for pk, path, name in Organization.objects.filter(reduce(or_, units))
               .order_by("tree_path").values_list("pk", "tree_path", "name")
               if pk not in direct and not wide.intersection(_path_prefixes(path))]
    if not orphans:
        return
    named = ", ".join(orphans[:3])
    if len(orphans) > 3:
        more = len(orphans) - 3
        named = ngettext("%(units)s and %(count)d more unit", "%(units)s and %(count)d more units",
                         more) % {"units": named, "count": more}
    message = ngettext(
        "This would leave the unit %(units)s without an active administrator: first give the "
        "administrator role there to someone else.",
        "This would leave the units %(units)s without an active administrator: first give the "
        "administrator role there to someone else.", len(orphans)) % {"units": named}
    raise ValidationError({field: [message]} if field else message)


def _administrator_roles(account) -> list[tuple]:
    """What an active account's administrator roles cover (nothing for an inactive account)."""
    if not account.is_active:
        return []
    return [_reach(m) for m in Membership.objects.filter(
        user=account, role=Role.ADMINISTRATOR).select_related("organization")]


# --- Accounts --------------------------------------------------------------------------------

@transaction.atomic
def user_create(*, user, username: str, password: str | None = None, email: str = "",
                first_name: str = "", last_name: str = "", is_superuser: bool = False,
                organization: Organization | None = None, role: str = "",
                include_descendants: bool = False, person: Person | None = None,
                check_strength: bool = True) -> Account:
    """Create a login account, with a role in `organization` when given (viewer, the least
    privilege, unless `role` says otherwise). Superusers create any account; an office
    administrator creates one only with a role in a unit they administer (so that it is theirs
    to manage)."""
    if is_superuser and not access.is_superuser(user):
        _refuse(_("Only installation administrators make installation administrators."),
                "superuser creation denied")
    if organization is None and role:
        raise ValidationError({"organization": _("Choose the unit where the role applies.")})
    if organization is not None:
        role = role or Role.VIEWER
        _check_role(role)
        if not access.may_grant(user, organization, include_descendants):
            _refuse(_("You may give roles only in units you administer."), "membership.change denied")
    elif not access.is_superuser(user):
        raise ValidationError({"organization": _("Choose the unit where the new account has its role.")})
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("Enter a user name.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("A user with this name already exists.")})
    account = Account(username=username, email=email, first_name=first_name, last_name=last_name,
                      is_superuser=is_superuser, is_staff=is_superuser)
    if password:
        if check_strength:
            _check_password(password, account)
        account.set_password(password)
    else:
        account.set_unusable_password()
    account.full_clean(exclude=["password"])
    account.save()
    log_change(user=user, instance=account, action=ChangeLogEntry.Action.CREATE,
               organization_id=getattr(organization, "pk", None))
    if organization is not None:
        membership_set(user=user, member=account, organization=organization, role=role,
                       include_descendants=include_descendants)
    if person is not None:
        person_link(user=user, person=person, account=account)
    return account


@transaction.atomic
def user_update(*, user, account, person: Person | None | bool = False, **fields) -> Account:
    """Change an account's names, e-mail, active state (and, for superusers, superuser
    status); `person` links it to a person of the unit (None unlinks; False leaves it)."""
    unknown = set(fields) - ACCOUNT_FIELDS
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    account = Account.objects.get(pk=account.pk)
    changing = {name: value for name, value in fields.items() if getattr(account, name) != value}
    if changing:
        _require_account_rights(user, account)
    if "is_superuser" in changing and not access.is_superuser(user):
        _refuse(_("Only installation administrators make installation administrators."),
                "superuser change denied")
    if changing.get("is_active") is False:
        if account.pk == getattr(user, "pk", None):
            raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
        _keep_administrators(user, lost=_administrator_roles(account), leaving=Q(user_id=account.pk),
                             field="is_active")
    if "username" in changing:
        username = (changing["username"] or "").strip()
        if User.objects.filter(username__iexact=username).exclude(pk=account.pk).exists():
            raise ValidationError({"username": _("A user with this name already exists.")})
        changing["username"] = username
    if "is_superuser" in changing:
        changing["is_staff"] = changing["is_superuser"]
    if changing:
        account = record_update(user=user, instance=account, data=changing,
                                organization_id=_journal_id(user, account))
    if person is not False:
        current = Person.objects.filter(account=account).first()
        if person != current:
            _require_account_rights(user, account)
            if current is not None:
                person_link(user=user, person=current, account=None)
            if person is not None:
                person_link(user=user, person=person, account=account)
    access.forget(account)
    return account


@transaction.atomic
def user_set_password(*, user, account, password: str) -> Account:
    account = Account.objects.get(pk=account.pk)
    _require_account_rights(user, account)
    if not password:
        raise ValidationError({"password": _("Enter the new password.")})
    _check_password(password, account)
    before = snapshot(account)
    account.set_password(password)
    account.save(update_fields=["password"])
    log_change(user=user, instance=account, action=ChangeLogEntry.Action.UPDATE, before=before,
               organization_id=_journal_id(user, account), changed_secrets=("password",))
    return account


@transaction.atomic
def user_delete(*, user, account) -> None:
    """Delete an account with its roles and API tokens (each removal logged). Changes it made
    stay in the journal under its name."""
    account = Account.objects.get(pk=account.pk)
    _require_account_rights(user, account)
    if account.pk == getattr(user, "pk", None):
        raise ValidationError(_("You cannot delete your own account."))
    _keep_administrators(user, lost=_administrator_roles(account), leaving=Q(user_id=account.pk))
    journal = _journal_id(user, account)
    for membership in Membership.objects.filter(user=account).select_related("organization"):
        record_delete(user=user, instance=membership, organization_id=journal)
    for person in Person.objects.filter(account=account):
        record_update(user=user, instance=person, data={"account": None})
    for token in account.api_tokens.all():   # the database would delete them unlogged
        record_delete(user=user, instance=token, organization_id=journal)
    record_delete(user=user, instance=account, organization_id=journal)
    access.forget(account)


# --- Roles -----------------------------------------------------------------------------------

@transaction.atomic
def membership_set(*, user, member, organization: Organization, role: str = Role.VIEWER,
                   include_descendants: bool = False) -> Membership:
    """Give `member` a role in `organization` (replacing the role they had there)."""
    _check_role(role)
    if not access.may_grant(user, organization, include_descendants):
        if include_descendants and access.has_perm(user, "membership.change", organization):
            _refuse(_("You may give a role reaching the subordinate units only where you "
                      "administer them all."), "membership.change on the subtree denied")
        _refuse(_("You may give roles only in units you administer."), "membership.change denied")
    existing = Membership.objects.filter(user=member, organization=organization).first()
    data = {"role": role, "include_descendants": include_descendants}
    if existing:
        # Changing a role is taking the old one away: its reach counts too.
        _require_grant_over(user, existing, _("You may change a role reaching the subordinate "
                                              "units only where you administer them all."))
        _keep_administrators(user, lost=_narrowed(existing, role, include_descendants),
                             leaving=Q(pk=existing.pk))
        result = record_update(user=user, instance=existing, data=data)
    else:
        result = record_create(user=user, model=Membership,
                               data={"user": member, "organization": organization, **data})
    access.forget(member)
    return result


def _require_grant_over(user, membership: Membership, subtree_message: str) -> None:
    """The acting user must be one who could give `membership` as it is."""
    if not access.may_grant(user, membership.organization, membership.include_descendants):
        if access.has_perm(user, "membership.change", membership.organization):
            _refuse(subtree_message, "membership.change on the subtree denied")
        _refuse(_("You may change or remove roles only in units you administer."),
                "membership.change denied")


def _narrowed(existing: Membership, role: str, include_descendants: bool) -> list[tuple]:
    """What an administrator role stops covering when it becomes `role` (`include_descendants`)."""
    if existing.role != Role.ADMINISTRATOR or not existing.user.is_active:
        return []
    if role != Role.ADMINISTRATOR:
        return [_reach(existing)]
    if existing.include_descendants and not include_descendants:
        return [_reach(existing, without_root=True)]
    return []


@transaction.atomic
def membership_delete(*, user, membership: Membership) -> None:
    _require_grant_over(user, membership, _("You may remove a role reaching the subordinate units "
                                            "only where you administer them all."))
    others = Membership.objects.filter(user_id=membership.user_id).exclude(pk=membership.pk)
    if not access.is_superuser(user) and not others.exists():
        # The account would then belong to no unit, and only installation administrators
        # would see it: the office deactivates or deletes it instead.
        raise ValidationError(_("This is the account's only role: deactivate or delete the "
                                "account instead."))
    if membership.role == Role.ADMINISTRATOR and membership.user.is_active:
        _keep_administrators(user, lost=[_reach(membership)], leaving=Q(pk=membership.pk))
    record_delete(user=user, instance=membership)
    access.forget(membership.user)


# --- The person an account belongs to ---------------------------------------------------------

def check_person_link(*, user, person: Person, account) -> None:
    """May the user link `person` (pracownik) to `account` (or unlink it, account=None)? They
    need the rights to change the person and to manage roles in the person's unit; linking or
    unlinking changes the account too, so both the new account and the one the person had must
    be accounts they manage (docs/decisions/0016); an account belongs to one person."""
    if not access.is_superuser(user):
        if not (access.has_perm(user, "person.change", person.organization)
                and access.has_perm(user, "membership.change", person.organization)):
            _refuse(_("You may link accounts only to people of units you administer."),
                    "person account link denied")
        previous = Account.objects.filter(pk=person.account_id).first() if person.account_id else None
        for changed in (account, previous):
            if changed is not None and not access.may_manage_account(user, changed):
                _refuse(_("You may link and unlink only accounts whose every role is in units "
                          "you administer."), "account not managed")
    if account is not None:
        taken = Person.objects.filter(account=account).exclude(pk=person.pk).first()
        if taken is not None:
            raise ValidationError({"account": _("This account already belongs to %(person)s.")
                                   % {"person": taken}})


def person_link(*, user, person: Person, account) -> Person:
    """Link a person to a login account, or unlink it (account=None)."""
    check_person_link(user=user, person=person, account=account)
    return record_update(user=user, instance=person, data={"account": account})
