"""The equipment picker: search as you type instead of a list of every asset.

A form field (`AssetPickerField`, one asset; `AssetsPickerField`, several) renders what is chosen
as ticked checkboxes, a search box and at most `LIMIT` matches. With htmx the box asks
`asset_picker` (below) for matches as one types; ticking one moves it among the chosen
(magistrat.js). Without JavaScript the box takes exact inventory numbers (separated by commas);
text that is not one lists the matches to tick, with a clear error. So a page never grows with
the number of assets, whether it offers 30 or 300 000.

What a picker offers (its scope: the organization, in stock, held by someone, …) travels signed
with each search, so the endpoint answers with exactly the assets the form would accept, read
through `selectors.asset_list` like every other list.
"""

import re
from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from magistrat.core.ids import parse_id, parse_ids

from . import selectors
from .models import Asset, ProtocolItem

LIMIT = 25
SALT = "magistrat.inventory.picker"
MAX_TYPED = 50          # inventory numbers typed at once (without JavaScript)
NAME = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")
ID = re.compile(r"^[A-Za-z_][\w-]{0,60}$")
MAX_CHOSEN = 1000


def asset_label(asset) -> str:
    """"UMiG/KS/0001/22 · Serwer wieżowy · DEMO-SRV-0001 · Serwerownia (withdrawn)"."""
    parts = (asset.inventory_number, asset.name, asset.serial_number,
             asset.location.name if asset.location_id else "")
    label = " · ".join(part for part in parts if part)
    if asset.status in Asset.RETIRED:
        label += f" ({asset.get_status_display()})"
    return label


# --- What a picker offers ----------------------------------------------------------------------

def scoped(*, user, scope: dict):
    """The assets a picker with this scope offers to `user` (the same the field accepts).

    Scope keys (all optional): within (organization id: it and its units), org (exactly this
    organization), active (not withdrawn, disposed or lost), stock (held by nobody), holder
    (held by this person), unit_of (in this person's organization), exclude ([asset ids]),
    project / expenditure (not paid for by another expenditure of this grant project)."""
    from magistrat.organizations.models import Organization, Person

    within = Organization.objects.filter(pk=scope["within"]).first() if scope.get("within") else None
    queryset = selectors.asset_list(user=user, within=within)
    if scope.get("org"):
        queryset = queryset.filter(organization_id=scope["org"])
    if scope.get("active"):
        queryset = queryset.exclude(status__in=Asset.RETIRED)
    if scope.get("stock"):
        queryset = queryset.filter(person__isnull=True)
    if scope.get("holder"):
        queryset = queryset.filter(person_id=scope["holder"])
    if scope.get("unit_of"):
        unit = Person.objects.filter(pk=scope["unit_of"]).values("organization_id")
        queryset = queryset.filter(organization_id__in=unit)
    if scope.get("exclude"):
        queryset = queryset.exclude(pk__in=scope["exclude"])
    if scope.get("project"):
        from magistrat.grants.models import Expenditure

        # One document pays for an asset: what another document (of any project) paid for is
        # not offered.
        paid = Expenditure.assets.through.objects.all()
        if scope.get("expenditure"):
            paid = paid.exclude(expenditure_id=scope["expenditure"])
        queryset = queryset.exclude(pk__in=paid.values("asset_id"))
    return queryset


def search(queryset, text: str, *, request=None):
    """Matches of `text` (inventory number, serial, name, hostname, person…; every word must
    match, diacritics ignored), an exact inventory number first."""
    from .filters import AssetFilter

    text = (text or "").strip()
    if not text:
        return queryset.order_by("inventory_number")
    queryset = AssetFilter({"search": text}, queryset=queryset, request=request).qs
    exact = Case(When(inventory_number__iexact=text, then=Value(0)), default=Value(1),
                 output_field=IntegerField())
    return queryset.order_by(exact, "inventory_number")


@dataclass
class Item:
    asset: Asset
    checked: bool
    fits: bool = True
    condition: str = ""
    accessories: str = ""
    status: str = ""          # a return: where the item goes (in stock / in repair)
    note: str = ""

    @property
    def label(self) -> str:
        return asset_label(self.asset)


class Picked(list):
    """The ids ticked, and what was typed in the search box (without JavaScript)."""

    typed = ""


# --- The widget --------------------------------------------------------------------------------

class AssetPicker(forms.Widget):
    """Chosen assets as ticked checkboxes, a search box, and the matches of the search."""

    template_name = "inventory/widgets/asset_picker.html"
    results_template = "inventory/_picker_results.html"

    def __init__(self, attrs=None, *, multiple: bool = True):
        super().__init__(attrs)
        self.allow_multiple_selected = multiple
        self.queryset = Asset.objects.none()      # what the field accepts (set by the field)
        self.user = None
        self.scope: dict = {}                      # what the search offers (see `scoped`)
        self.details = None                        # callable(pk, name) -> text: protocol columns
        self.return_status = False                 # a return: each item's status after it
        self.search_label = ""                     # a label of its own (when in a fieldset)
        self.show_first = False                    # list matches before anything is typed
        self.search_text = ""                      # the search that produced the listed matches
        self.find_button = ""                      # without JavaScript: a button that searches
        self.element_id = ""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if values is None or isinstance(values, str | int):
            values = [values] if values else []
        picked = Picked(str(pk) for pk in parse_ids(values))
        picked.typed = (data.get(f"{name}_q") or "").strip()
        return picked

    def value_omitted_from_data(self, data, files, name):
        return False

    def signed_scope(self, name: str, element_id: str) -> str:
        return signing.dumps({**self.scope, "field": name, "id": element_id,
                              "multiple": self.allow_multiple_selected,
                              "details": self.details is not None,
                              "returning": self.return_status}, salt=SALT, compress=True)

    def chosen_items(self, value) -> list[Item]:
        """The chosen assets, each marked whether it is among what the picker offers now."""
        ids = parse_ids(value)
        if not ids:
            return []
        chosen = {asset.pk: asset for asset in self.queryset.filter(pk__in=ids)}
        fitting = set()
        if chosen and self.user is not None:
            fitting = set(scoped(user=self.user, scope=self.scope).filter(pk__in=list(chosen))
                          .values_list("pk", flat=True))
        return [self._item(chosen[pk], checked=True, fits=pk in fitting) for pk in ids if pk in chosen]

    def matches(self, value) -> dict:
        """The matches of the search (at most LIMIT), leaving out what is chosen."""
        text = getattr(value, "typed", "") or self.search_text
        searched = bool(text or self.show_first) and self.user is not None
        found = []
        if searched:
            found = list(search(scoped(user=self.user, scope=self.scope).exclude(pk__in=parse_ids(value)),
                                text)[:LIMIT + 1])
        return {"results": [self._item(asset, checked=False) for asset in found[:LIMIT]],
                "more": len(found) > LIMIT, "query": text, "limit": LIMIT, "searched": searched}

    def items(self, value) -> dict:
        context = {"chosen": self.chosen_items(value), **self.matches(value)}
        self._notes(context["chosen"] + context["results"])
        return context

    def _item(self, asset, *, checked, fits=True) -> Item:
        item = Item(asset=asset, checked=checked, fits=fits)
        if self.details is not None:
            item.condition = self.details(asset.pk, "condition")
            item.accessories = self.details(asset.pk, "accessories")
            if self.return_status:
                item.status = self.details(asset.pk, "status") or Asset.Status.IN_STOCK
        return item

    @staticmethod
    def _notes(items) -> None:
        """Whose and which unit's an item is, where the label alone would not say."""
        several = len({item.asset.organization_id for item in items}) > 1
        for item in items:
            parts = []
            if not item.fits and item.asset.person_id:
                parts.append(str(item.asset.person))
            if several or not item.fits:
                parts.append(item.asset.organization.short_name or item.asset.organization.name)
            item.note = ", ".join(parts)

    def return_statuses(self) -> list:
        """The choices of where a returned item goes (empty unless this is a return)."""
        if not self.return_status:
            return []
        return [(value, Asset.Status(value).label) for value in ProtocolItem.RETURN_STATUSES]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        element_id = widget["attrs"].pop("id", "") or f"id_{name}"
        widget["attrs"].pop("required", None)
        widget.update(self.items(value))
        widget.update({
            "id": element_id, "multiple": self.allow_multiple_selected,
            "details": self.details is not None, "search_label": self.search_label,
            "return_statuses": self.return_statuses(),
            "conditions": ProtocolItem.CONDITION_SUGGESTIONS if self.details is not None else (),
            "url": reverse("inventory:asset_picker"), "scope": self.signed_scope(name, element_id),
            "find_button": self.find_button,
        })
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template engine (its filters and tags), not the forms renderer's.
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))


# --- The fields --------------------------------------------------------------------------------

class _PickerMixin:
    default_error_messages = {
        "unknown": _("No equipment you may choose here has the inventory number %(numbers)s. "
                     "Tick one of the matches listed, or type exact inventory numbers "
                     "separated by commas."),
        "one": _("Choose one asset."),
    }

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.queryset = self._queryset

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def set_scope(self, *, user, **scope):
        self.widget.user = user
        self.widget.scope = {key: value for key, value in scope.items() if value not in (None, "", [], False)}

    def prepare_value(self, value):
        if isinstance(value, Picked):
            return value
        picked = Picked()
        if value is None or value == "":
            return picked
        for item in value if isinstance(value, list | tuple | set) else [value]:
            pk = parse_id(getattr(item, "pk", item))
            if pk is not None:
                picked.append(str(pk))
        return picked

    def typed_ids(self, typed: str) -> list[str]:
        """Ids of the inventory numbers typed (whole text first, then split by commas or
        spaces); a ValidationError names those not found."""
        if not typed:
            return []
        queryset = self.queryset
        whole = queryset.filter(inventory_number__iexact=typed).values_list("pk", flat=True)[:1]
        if whole:
            return [str(whole[0])]
        tokens = list(dict.fromkeys(t for t in re.split(r"[,;\s]+", typed) if t))[:MAX_TYPED]
        condition = Q()
        for token in tokens:
            condition |= Q(inventory_number__iexact=token)
        found = {number.casefold(): pk for pk, number in
                 queryset.filter(condition).values_list("pk", "inventory_number")}
        missing = [token for token in tokens if token.casefold() not in found]
        if missing and not found:
            missing = [typed]        # a search, not a list of numbers: say it as it was typed
        if missing:
            raise ValidationError(self.error_messages["unknown"], code="unknown", params={
                "numbers": ", ".join(f"“{token}”" for token in missing)})
        return [str(found[token.casefold()]) for token in tokens]


class AssetsPickerField(_PickerMixin, forms.ModelMultipleChoiceField):
    """Several assets, searched for as one types."""

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("widget", AssetPicker(multiple=True))
        super().__init__(queryset if queryset is not None else Asset.objects.none(), **kwargs)

    def clean(self, value):
        ids = list(dict.fromkeys(list(value or []) + self.typed_ids(getattr(value, "typed", ""))))
        return super().clean(ids)

    def label_from_instance(self, obj):
        return asset_label(obj)


class AssetPickerField(_PickerMixin, forms.ModelChoiceField):
    """One asset (e.g. what an asset is part of), searched for as one types."""

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("widget", AssetPicker(multiple=False))
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset if queryset is not None else Asset.objects.none(), **kwargs)

    def clean(self, value):
        ids = list(dict.fromkeys(list(value or []) + self.typed_ids(getattr(value, "typed", ""))))
        if len(ids) > 1:
            raise ValidationError(self.error_messages["one"], code="one")
        return super().clean(ids[0] if ids else None)

    def has_changed(self, initial, data):
        initial = self.prepare_value(initial)
        return list(initial) != list(data or [])

    def label_from_instance(self, obj):
        return asset_label(obj)


# --- The endpoint ------------------------------------------------------------------------------

@login_required
def asset_picker(request):
    """The matches of a picker's search (htmx): `scope` (signed by the form), `<field>_q` the
    text, `<field>` the ids already chosen (left out of the matches)."""
    try:
        scope = signing.loads(request.GET.get("scope", ""), salt=SALT)
    except signing.BadSignature:
        return HttpResponseBadRequest(gettext("This search has expired; reload the page."))
    name, element_id = scope.pop("field", ""), scope.pop("id", "")
    if not NAME.match(name) or not ID.match(element_id):
        return HttpResponseBadRequest(gettext("This search has expired; reload the page."))
    widget = AssetPicker(multiple=bool(scope.pop("multiple", True)))
    if scope.pop("details", False):
        widget.details = lambda pk, field: ""
    widget.return_status = bool(scope.pop("returning", False))
    widget.user, widget.scope, widget.show_first = request.user, scope, True
    widget.search_text = request.GET.get(f"{name}_q", "").strip()[:200]
    chosen = Picked(str(pk) for pk in parse_ids(request.GET.getlist(name), limit=MAX_CHOSEN))
    context = widget.matches(chosen)
    widget._notes(context["results"])
    context.update(name=name, id=element_id, multiple=widget.allow_multiple_selected,
                   details=widget.details is not None, return_statuses=widget.return_statuses())
    return render(request, widget.results_template, {"widget": context})
