"""Forms of the "users and roles" screens. They only read and check what was typed; the rules
(who may give which role, whose account may be changed) are the services' (accounts.py)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.collation import polish

from . import access
from .forms import UnitChoiceField
from .models import Account, Person, Role
from .selectors import organization_choices, within_subtree


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} — {obj.organization.short_name}"


def people_to_link(*, user, within=None, account=None):
    """People of the units the user administers (in the current unit) with no account yet —
    and the account's own person, wherever it works, so that saving keeps it."""
    administered = Person.objects.filter(
        access.organization_filter(user, "membership.change", "organization__"), account__isnull=True)
    choice = Q(pk__in=within_subtree(administered, within, "organization__").values("pk"))
    if account is not None and account.pk:
        choice |= Q(account=account)
    return Person.objects.filter(choice).select_related("organization").order_by(
        polish("last_name"), polish("first_name"), "pk")


class PasswordFields(forms.Form):
    password1 = forms.CharField(
        label=_("Password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."))
    password2 = forms.CharField(
        label=_("Password again"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class PasswordForm(PasswordFields):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class RoleForm(forms.Form):
    organization = UnitChoiceField(label=_("Unit"), queryset=None)
    # The least privilege is what a role starts as; more is chosen on purpose.
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VIEWER)
    include_descendants = forms.BooleanField(
        label=_("Also in its subordinate units"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organization_choices(user=user,
                                                                    permission="membership.change")


class AccountForm(forms.ModelForm):
    """A new account (with its first role and, optionally, its person) or an account's data."""

    person = PersonChoiceField(label=_("Person (employee)"), queryset=None, required=False,
                               help_text=_("The employee this account belongs to, if any."))

    class Meta:
        model = Account
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, user, within=None, **kwargs):
        super().__init__(*args, **kwargs)
        creating = self.instance.pk is None
        self.fields["username"].help_text = _("Letters, digits and @ . + - _ only, e.g. jan.kowalski.")
        if creating:
            self.fields.update(PasswordFields().fields)
            roles = RoleForm(user=user).fields
            self.fields["organization"] = roles["organization"]
            self.fields["organization"].required = not access.is_superuser(user)
            self.fields["organization"].initial = within
            self.fields["role"] = roles["role"]
            self.fields["role"].required = False
            self.fields["role"].choices = [("", "---------"), *Role.choices]
            self.fields["include_descendants"] = roles["include_descendants"]
        else:
            self.fields["person"].initial = Person.objects.filter(account=self.instance).first()
        if access.is_superuser(user):
            self.fields["is_superuser"] = forms.BooleanField(
                label=_("Installation administrator"), required=False,
                initial=self.instance.is_superuser,
                help_text=_("Full access to every organization and account."))
        self.fields["person"].queryset = people_to_link(user=user, within=within,
                                                        account=self.instance)
        self.order_fields(["username", "first_name", "last_name", "email", "password1",
                           "password2", "organization", "role", "include_descendants", "person"])

    def clean(self):
        data = super().clean()
        if self.instance.pk is None:
            if data.get("organization") and not data.get("role"):
                self.add_error("role", _("Choose the role the account has in this unit."))
            if not data.get("organization") and data.get("role") == Role.VIEWER:
                # The role the field starts with means nothing without a unit (an installation
                # administrator's account may have none); another role chosen without one is
                # refused by the service.
                data["role"] = ""
            if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
                self.add_error("password2", _("The two passwords differ."))
        return data
