from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.forms import ModelForm

from . import access
from .models import Account, Organization, Person
from .selectors import account_list, organization_choices


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def tree_label(organization) -> str:
    """A unit's name indented under its parent (choices are ordered by tree_path)."""
    return "\u2003" * organization.depth + organization.name


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return tree_label(obj)


def _may_manage_children(user, parent) -> bool:
    if parent is None:
        return access.is_superuser(user)
    return access.has_perm(user, "organization.add_child", parent)


class OrganizationForm(ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "short_name", "slug", "kind", "parent", "teryt", "nip", "regon",
                  "street", "postal_code", "city", "email", "phone", "inventory_number_template",
                  "low_value_threshold"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        parents = organization_choices(user=user, permission="organization.add_child")
        instance = self.instance
        if instance.pk:
            parents = parents.exclude(tree_path__startswith=instance.tree_path)
            # The current parent stays a valid answer, even where the user manages only the unit.
            parents = Organization.objects.filter(
                Q(pk__in=parents.values("pk")) | Q(pk=instance.parent_id)).order_by("tree_path")
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = tree_label
        self.fields["parent"].required = not user.is_superuser
        if instance.pk and not _may_manage_children(user, instance.parent):
            # Moving a unit takes it from its parent: only who manages the parent may (a
            # top-level office stays at the top unless an installation administrator moves it).
            self.fields["parent"].disabled = True
            self.fields["parent"].required = False
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Generated from the short name when left empty.")
        self.fields["teryt"].help_text = _("7 digits for a gmina (e.g. 3001073), 4 for a powiat.")
        self.fields["nip"].help_text = _("10 digits; dashes and a PL prefix are accepted.")

    def clean_slug(self):
        # Left empty: keep the current identifier, or let the service generate a new one.
        return self.cleaned_data.get("slug") or (self.instance.slug if self.instance.pk else "")


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{obj.username} ({name})" if name else obj.username


class PersonForm(ModelForm):
    class Meta:
        model = Person
        fields = ["organization", "first_name", "last_name", "position", "department", "email",
                  "phone", "employed_from", "employed_to", "active", "account"]
        widgets = {"employed_from": DateInput(), "employed_to": DateInput()}
        field_classes = {"account": AccountChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organization_choices(
            user=user, permission="person.change"
        )
        self.fields["organization"].label_from_instance = tree_label
        if not access.has_perm_anywhere(user, "membership.change"):
            # Linking accounts is for those who manage accounts; others leave it as it is.
            del self.fields["account"]
            return
        current = self.instance.account_id
        free = Account.objects.filter(pk__in=account_list(user=user).values("pk")).filter(
            Q(person__isnull=True) | Q(pk=current))
        self.fields["account"].queryset = free.order_by("username")
        self.fields["account"].help_text = _("The login account of this person, if they have one.")
