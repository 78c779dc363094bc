from django import forms
from django.utils.translation import gettext_lazy as _

from magistrat.core.forms import ModelForm
from magistrat.organizations.forms import DateInput
from magistrat.organizations.selectors import organization_choices, person_list

from . import selectors
from .fields import LocationChoiceField
from .models import Asset, AssetCategory, Location


class AssetForm(ModelForm):
    """The asset's own data. Who holds it is not edited here: equipment changes hands with a
    handover or return protocol (the page shows the holder with links to those forms)."""

    class Meta:
        model = Asset
        fields = ["organization", "inventory_number", "fixed_asset_number", "name", "category",
                  "manufacturer", "model", "serial_number", "status", "quantity", "location",
                  "parent", "purchase_date", "commissioning_date", "supplier_name",
                  "supplier_nip", "invoice_number", "net_price", "vat_rate", "gross_price",
                  "funding", "warranty_end", "hostname", "os_name", "os_version", "cpu", "ram",
                  "disk", "mac_addresses", "ip_addresses", "firmware", "notes"]
        field_classes = {"location": LocationChoiceField}
        widgets = {"purchase_date": DateInput(), "commissioning_date": DateInput(),
                   "warranty_end": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "mac_addresses": _("Separated by commas or spaces, e.g. 3c:52:82:4a:1f:09."),
            "ip_addresses": _("IPv4 or IPv6, separated by commas or spaces."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organization_choices(user=user, permission="asset.change")
        self.fields["category"].queryset = selectors.category_list(user=user)
        self.fields["location"].queryset = selectors.location_list(user=user)
        self.fields["parent"].queryset = selectors.asset_list(user=user).exclude(
            pk=self.instance.pk).exclude(status__in=Asset.RETIRED)
        self.fields["inventory_number"].required = False
        self.fields["inventory_number"].help_text = _(
            "Leave empty to number it from the organization's template.")
        self.fields["gross_price"].help_text = _("Computed from the net price and VAT when empty.")
        if self.instance.pk:
            # Retirement has its own form with the reason and protocol.
            self.fields["status"].choices = [
                c for c in Asset.Status.choices
                if c[0] not in Asset.RETIRED or c[0] == self.instance.status]

    def clean_inventory_number(self):
        value = (self.cleaned_data.get("inventory_number") or "").strip()
        return value or (self.instance.inventory_number if self.instance.pk else "")


class AssetCategoryForm(ModelForm):
    class Meta:
        model = AssetCategory
        fields = ["organization", "name", "code", "kst", "tracking"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organization_choices(user=user, permission="asset.change")
        self.fields["organization"].required = not user.is_superuser


class LocationForm(ModelForm):
    class Meta:
        model = Location
        fields = ["organization", "name", "kind", "parent", "notes"]
        field_classes = {"parent": LocationChoiceField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"parent": _("A building stands on its own (or inside an “other” location), a "
                                  "floor inside a building, a room inside a building or on a floor.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organization_choices(user=user, permission="asset.change")
        parents = selectors.location_list(user=user)
        if self.instance.pk:
            parents = parents.exclude(tree_path__startswith=self.instance.tree_path)
        self.fields["parent"].queryset = parents


class BulkAssetForm(forms.Form):
    """Status or location for the rows ticked in the list. Who holds equipment changes only with
    a handover or return protocol, never here."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", "—")] + [
        c for c in Asset.Status.choices if c[0] not in Asset.RETIRED])
    location = LocationChoiceField(label=_("Location"), required=False, queryset=Location.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = selectors.location_list(user=user)

    def changes(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("status", "location") if data.get(name)}


class RetireForm(forms.Form):
    status = forms.ChoiceField(label=_("What happens"), choices=[
        (Asset.Status.WITHDRAWN, _("withdrawn from use")),
        (Asset.Status.DISPOSED, _("disposed of (likwidacja)")),
        (Asset.Status.LOST, _("lost"))])
    date = forms.DateField(label=_("Date"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=255, widget=forms.Textarea(attrs={"rows": 3}))
    protocol_number = forms.CharField(label=_("Protocol number"), max_length=100, required=False)
    durability_confirmed = forms.BooleanField(
        label=_("I know the asset is under a grant's durability period and the reason is recorded"),
        required=False)

    def __init__(self, *args, under_durability: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not under_durability:
            del self.fields["durability_confirmed"]


class HandoverForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Employee"), queryset=None)
    assets = forms.ModelMultipleChoiceField(
        label=_("Equipment"), queryset=None, widget=forms.CheckboxSelectMultiple(attrs={"class": "checklist"}),
        help_text=_("Tick everything that goes on this protocol."))
    date = forms.DateField(label=_("Date"), widget=DateInput())
    issued_by = forms.CharField(label=_("Handed over by"), max_length=200, required=False,
                                help_text=_("Name and position; yours when empty."))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, within=None, returning: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        people = person_list(user=user, within=within)
        assets = selectors.asset_list(user=user, within=within).exclude(status__in=Asset.RETIRED)
        if returning:
            self.fields["assets"].queryset = assets.filter(person__isnull=False)
            self.fields["person"].queryset = people.filter(assets__isnull=False).distinct()
            self.fields["issued_by"].label = _("Received by")
        else:
            self.fields["assets"].queryset = assets.filter(person__isnull=True)
            self.fields["person"].queryset = people.filter(active=True)
