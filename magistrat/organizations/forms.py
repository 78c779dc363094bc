from django import forms
from django.utils.translation import gettext_lazy as _

from magistrat.core.forms import ModelForm

from .models import Organization, Person
from .selectors import organization_choices


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class OrganizationForm(ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "short_name", "slug", "kind", "parent", "teryt", "nip", "regon",
                  "street", "postal_code", "city", "email", "phone", "inventory_number_template",
                  "low_value_threshold"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        parents = organization_choices(user=user, permission="organization.add_child")
        if self.instance.pk:
            parents = parents.exclude(tree_path__startswith=self.instance.tree_path)
        self.fields["parent"].queryset = parents
        self.fields["parent"].required = not user.is_superuser
        if self.instance.pk and self.instance.parent_id is None and not user.is_superuser:
            # A top-level office stays at the top; only installation administrators move it.
            self.fields["parent"].disabled = True
            self.fields["parent"].required = False
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Generated from the short name when left empty.")
        self.fields["teryt"].help_text = _("7 digits for a gmina (e.g. 3001073), 4 for a powiat.")
        self.fields["nip"].help_text = _("10 digits; dashes and a PL prefix are accepted.")

    def clean_slug(self):
        # Left empty: keep the current identifier, or let the service generate a new one.
        return self.cleaned_data.get("slug") or (self.instance.slug if self.instance.pk else "")


class PersonForm(ModelForm):
    class Meta:
        model = Person
        fields = ["organization", "first_name", "last_name", "position", "department", "email",
                  "phone", "employed_from", "employed_to", "active"]
        widgets = {"employed_from": DateInput(), "employed_to": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organization_choices(
            user=user, permission="person.change"
        )
