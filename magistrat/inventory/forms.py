from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from magistrat.core.forms import ModelForm
from magistrat.organizations.forms import DateInput
from magistrat.organizations.selectors import organization_choices, person_list

from . import selectors
from .fields import LocationChoiceField, PersonByUnitField
from .models import Asset, AssetCategory, Location, ProtocolItem
from .picker import AssetPickerField, AssetsPickerField


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
        field_classes = {"location": LocationChoiceField, "parent": AssetPickerField}
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
        parent = self.fields["parent"]
        parent.queryset = selectors.asset_list(user=user).exclude(
            pk=self.instance.pk).exclude(status__in=Asset.RETIRED)
        # A search, not a list of every asset: an office may have tens of thousands.
        parent.set_scope(user=user, active=True, exclude=[self.instance.pk] if self.instance.pk else None,
                         org=self.instance.organization_id if self.instance.pk else None)
        parent.help_text = _("Type the inventory number, name or serial number of the computer, NAS "
                             "or other equipment it belongs to.")
        self.fields["inventory_number"].required = False
        self.fields["inventory_number"].help_text = _(
            "Leave empty to number it from the organization's template.")
        self.fields["gross_price"].help_text = _("Computed from the net price and VAT when empty.")
        # Withdrawal, disposal and loss have their own form (date, reason, protocol), and so
        # does bringing an asset back: the status field offers neither.
        if self.instance.pk and self.instance.status in Asset.RETIRED:
            self.fields["status"].choices = [c for c in Asset.Status.choices if c[0] == self.instance.status]
            self.fields["status"].help_text = _("To put it back into use, restore it from its page.")
        else:
            self.fields["status"].choices = [c for c in Asset.Status.choices if c[0] not in Asset.RETIRED]

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

    # The empty choice leaves the field as each row has it (it never clears a location).
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("— unchanged —"))] + [
        c for c in Asset.Status.choices if c[0] not in Asset.RETIRED])
    location = LocationChoiceField(label=_("Location"), required=False, queryset=Location.objects.none(),
                                   empty_label=_("— unchanged —"))

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
    protocol_number = forms.CharField(label=_("Protocol number"), max_length=100, required=False,
                                      help_text=_("Required for a disposal (protokół likwidacji)."))
    durability_confirmed = forms.BooleanField(
        label=_("I know the asset is under a grant's durability period and the reason is recorded"),
        required=False)

    def __init__(self, *args, under_durability: bool = False, current: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if not under_durability:
            del self.fields["durability_confirmed"]
        if current == Asset.Status.WITHDRAWN:
            # Withdrawn already: what may follow is its disposal or loss.
            self.fields["status"].choices = [c for c in self.fields["status"].choices
                                             if c[0] != Asset.Status.WITHDRAWN]


class RestoreForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=255, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("E.g. found again, put back into use, withdrawn by mistake."))


# --- Handover and return -----------------------------------------------------------------------

CONDITION_MAX = ProtocolItem._meta.get_field("condition").max_length
ACCESSORIES_MAX = ProtocolItem._meta.get_field("accessories").max_length


class HandoverForm(forms.Form):
    """Handover (or, with `returning`, return) of equipment: the person first, then their items.

    The equipment is a search-as-you-type picker: once a person is chosen it offers what may go
    on the protocol — equipment in stock in the person's unit for a handover, what the person
    holds for a return — the first matches at once, the rest by searching. Chosen items that
    do not fit stay listed, marked, so nothing disappears unseen. Each chosen item may carry
    its condition and accessories (`condition_<id>`, `accessories_<id>`) for the protocol; an
    item taken back also where it goes (`status_<id>`: in stock, the default, or in repair)."""

    person = PersonByUnitField(label=_("Employee"), queryset=None)
    assets = AssetsPickerField(
        label=_("Equipment"),
        help_text=_("Search by inventory number, name, serial number or room and tick everything "
                    "that goes on this protocol; the condition and accessories you enter are "
                    "printed on it."))
    date = forms.DateField(label=_("Date"), widget=DateInput())
    issued_by = forms.CharField(label=_("Handed over by"), max_length=200, required=False,
                                help_text=_("Name and position; yours when empty."))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, within=None, returning: bool = False, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.returning = returning
        people = person_list(user=user, within=within)
        assets = selectors.asset_list(user=user, within=within).exclude(
            status__in=Asset.RETIRED).select_related("person__organization")
        if returning:
            self.fields["assets"].queryset = assets.filter(person__isnull=False)
            self.fields["person"].queryset = people.filter(assets__isnull=False).distinct()
            self.fields["issued_by"].label = _("Received by")
        else:
            self.fields["assets"].queryset = assets.filter(person__isnull=True)
            self.fields["person"].queryset = people.filter(active=True)
        # Choosing the person redraws the equipment for them (htmx); without JavaScript the
        # "show" button next to the field does the same.
        self.fields["person"].widget.attrs.update({
            "hx-post": "", "hx-trigger": "change", "hx-target": "#handover-assets",
            "hx-swap": "outerHTML", "hx-include": "closest form", "hx-vals": '{"show": "1"}'})
        person = self.chosen_person
        field = self.fields["assets"]
        field.set_scope(user=user, within=getattr(within, "pk", None), active=True,
                        stock=not returning, unit_of=person.pk if person and not returning else None,
                        holder=person.pk if person and returning else None)
        picker = field.widget
        picker.details = self._detail
        picker.return_status = returning
        picker.show_first = person is not None or not returning
        picker.search_text = search
        picker.find_button = "show"
        picker.search_label = _("Find among what they hold") if returning else _("Find in stock")

    def _value(self, name):
        if self.is_bound:
            return self.data.get(name)
        return self.initial.get(name)

    @cached_property
    def chosen_person(self):
        """The person chosen so far (None when none, or one the user may not pick)."""
        value = self._value("person")
        if not value:
            return None
        try:
            return self.fields["person"].clean(value)
        except ValidationError:
            return None

    def _detail(self, pk, name: str) -> str:
        if self.is_bound:
            return (self.data.get(f"{name}_{pk}") or "").strip()
        return ((self.initial.get("details") or {}).get(str(pk)) or {}).get(name, "")

    @cached_property
    def chosen(self):
        """The chosen items, each marked whether it fits the person."""
        return self.fields["assets"].widget.chosen_items(self["assets"].value())

    def misfit_warning(self) -> str:
        """Said as soon as the list is shown: chosen items that cannot go on this protocol."""
        person = self.chosen_person
        misfits = [item.asset for item in self.chosen if not item.fits]
        if person is None or not misfits:
            return ""
        names = "; ".join(str(asset) for asset in misfits)
        if self.returning:
            return gettext("%(person)s does not hold: %(assets)s.") % {"person": person, "assets": names}
        return gettext("%(person)s works in %(unit)s; choose equipment of %(unit)s (not: %(assets)s).") % {
            "person": person, "unit": person.organization.name, "assets": names}

    def clean(self):
        data = super().clean()
        details = {}
        for asset in data.get("assets") or []:
            condition, accessories = self._detail(asset.pk, "condition"), self._detail(asset.pk, "accessories")
            if len(condition) > CONDITION_MAX or len(accessories) > ACCESSORIES_MAX:
                self.add_error("assets", gettext(
                    "%(asset)s: the condition may have at most %(condition)s characters and the "
                    "accessories %(accessories)s.") % {"asset": asset, "condition": CONDITION_MAX,
                                                       "accessories": ACCESSORIES_MAX})
            if condition or accessories:
                details[asset.pk] = {"condition": condition, "accessories": accessories}
            if self.returning:
                status = self._detail(asset.pk, "status") or Asset.Status.IN_STOCK
                if status not in ProtocolItem.RETURN_STATUSES:
                    self.add_error("assets", gettext("%(asset)s: choose whether it goes back in stock "
                                                      "or to repair.") % {"asset": asset})
                details.setdefault(asset.pk, {})["status"] = status
        data["details"] = details
        return data
