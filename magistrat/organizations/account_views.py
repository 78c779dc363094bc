"""The "users and roles" screens (Użytkownicy i role): accounts with their roles in the units the
administrator administers. Generic list/detail/edit/delete views plus small POST actions; every
write goes through accounts.py."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from magistrat.core.exceptions import AccessDenied
from magistrat.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView

from . import access, accounts, selectors
from .account_forms import AccountForm, PasswordForm, RoleForm
from .filters import AccountFilter
from .models import Account, Membership, Role
from .tables import ACCOUNT_COLUMNS


class AccountViewMixin:
    model = Account
    selector = selectors.account_list
    view_permission = "membership.view"
    change_permission = "membership.change"
    url_namespace = "organizations"
    add_title = gettext_lazy("New user account")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not access.has_perm_anywhere(request.user, "membership.view"):
            raise AccessDenied
        return super().dispatch(request, *args, **kwargs)

    def can_change(self, obj) -> bool:
        return access.may_manage_account(self.request.user, obj)

    def can_delete(self, obj) -> bool:
        return self.can_change(obj) and obj.pk != self.request.user.pk


class AccountListView(AccountViewMixin, ObjectListView):
    filterset_class = AccountFilter
    columns = ACCOUNT_COLUMNS
    hidden_filters = ()


class AccountDetailView(AccountViewMixin, ObjectDetailView):
    fields = [
        (gettext_lazy("User name"), "username", "text"),
        (gettext_lazy("Name"), "full_name", "text"),
        (gettext_lazy("E-mail"), "email", "text"),
        (gettext_lazy("Active"), "is_active", "bool"),
        (gettext_lazy("Installation administrator"), "is_superuser", "bool"),
        (gettext_lazy("Person (employee)"), "linked_person", "link"),
        (gettext_lazy("Last login"), "last_login", "date"),
        (gettext_lazy("Account created"), "date_joined", "date"),
    ]
    tabs = [("data", gettext_lazy("Data")), ("history", gettext_lazy("History"))]
    actions_template = "organizations/_account_actions.html"
    after_tabs_template = "organizations/_account_roles.html"

    def tab_context(self, obj, tab):
        user = self.request.user
        shown = selectors.membership_list(user=user).filter(user=obj).order_by("organization__tree_path")
        return {
            "memberships": [(m, access.may_grant(user, m.organization, m.include_descendants))
                            for m in shown],
            "hidden_roles": Membership.objects.filter(user=obj).count() - len(shown),
            "role_form": RoleForm(user=user, auto_id="role_%s",
                                  initial={"organization": self.request.organization}),
            "can_grant": access.has_perm_anywhere(user, "membership.change"),
            "role_choices": Role.choices,
            "is_self": obj.pk == user.pk,
        }


class AccountEditView(AccountViewMixin, ObjectEditView):
    form_class = AccountForm

    def get_form(self, data=None):
        return AccountForm(data=data, instance=self.object, user=self.request.user,
                           within=self.request.organization)

    def save(self, data: dict):
        user = self.request.user
        common = {name: data[name] for name in ("username", "first_name", "last_name", "email")}
        if "is_superuser" in data:
            common["is_superuser"] = data["is_superuser"]
        if self.object is None:
            return accounts.user_create(
                user=user, password=data["password1"], organization=data.get("organization"),
                role=data.get("role") or "", include_descendants=data.get("include_descendants", False),
                person=data.get("person"), **common)
        return accounts.user_update(user=user, account=self.object, person=data.get("person"), **common)


class AccountDeleteView(AccountViewMixin, ObjectDeleteView):
    delete_service = accounts.user_delete

    def consequence(self, obj) -> str:
        return _("Its roles go with it; what the account changed stays in the change journal "
                 "under its name. To keep the account for later, deactivate it instead.")


# --- Small actions on one account ---------------------------------------------------------------

def _account(request, pk) -> Account:
    if not access.has_perm_anywhere(request.user, "membership.view"):
        raise AccessDenied
    account = selectors.account_list(user=request.user).filter(pk=pk).first()
    if account is None:
        raise Http404
    return account


def _refused(request, exc) -> None:
    if isinstance(exc, AccessDenied):
        messages.error(request, exc.public or _("You are not allowed to do this."))
    else:
        messages.error(request, " ".join(exc.messages))


@login_required
def account_password(request, pk: int):
    account = _account(request, pk)
    if not access.may_manage_account(request.user, account):
        raise AccessDenied
    form = PasswordForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                accounts.user_set_password(user=request.user, account=account,
                                           password=form.cleaned_data["password1"])
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("password1", message)
            else:
                if account.pk == request.user.pk:
                    update_session_auth_hash(request, account)   # stay logged in
                messages.success(request, _("The password of %(account)s was changed.") % {"account": account})
                return HttpResponseRedirect(account.get_absolute_url())
        status = 400
    return render(request, "organizations/account_password.html",
                  {"object": account, "form": form}, status=status)


@require_POST
@login_required
def account_active(request, pk: int):
    account = _account(request, pk)
    active = request.POST.get("active") == "1"
    try:
        accounts.user_update(user=request.user, account=account, is_active=active)
    except (ValidationError, AccessDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, (_("%(account)s can log in again.") if active else
                                   _("%(account)s can no longer log in.")) % {"account": account})
    return HttpResponseRedirect(account.get_absolute_url())


@require_POST
@login_required
def role_save(request, pk: int):
    """Give the account a role in a unit, or change the one it has there."""
    account = _account(request, pk)
    form = RoleForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(account.get_absolute_url())
    try:
        membership = accounts.membership_set(user=request.user, member=account, **form.cleaned_data)
    except (ValidationError, AccessDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("%(account)s: %(role)s.") % {"account": account,
                                                                "role": membership.describe()})
    return HttpResponseRedirect(account.get_absolute_url())


@require_POST
@login_required
def role_remove(request, pk: int, membership_pk: int):
    account = _account(request, pk)
    membership = selectors.membership_list(user=request.user).filter(user=account, pk=membership_pk).first()
    if membership is None:
        raise Http404
    try:
        accounts.membership_delete(user=request.user, membership=membership)
    except (ValidationError, AccessDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Role removed: %(role)s.") % {"role": membership.describe()})
    target = account.get_absolute_url()
    if not selectors.account_list(user=request.user).filter(pk=account.pk).exists():
        target = reverse("organizations:account_list")
    return HttpResponseRedirect(target)
