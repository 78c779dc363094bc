"""The programme's edit form: its fields, and its templates as rows of small forms (one formset
each) instead of JSON — cost areas as checkboxes, funding and tranche shares, indicator and
promotion templates. The rows are checked by patterns.py, as the API and the catalogue are."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from magistrat.core.forms import DecimalInput, ModelForm

from .forms import DATE_WIDGETS
from .models import CostArea, FundingSource, Indicator, Program


def _decimal(label, **kwargs):
    return forms.DecimalField(label=label, max_digits=14, decimal_places=2, localize=True,
                              widget=DecimalInput(), **kwargs)


class FundingShareForm(forms.Form):
    # Initial values are the first choices: an empty row, as the browser sends it, is unchanged.
    kind = forms.ChoiceField(label=_("Source"), choices=FundingSource.Kind.choices, initial=FundingSource.Kind.EU)
    share = _decimal(_("Share of the grant [%]"))
    name = forms.CharField(label=_("Name (optional)"), max_length=200, required=False)


class TrancheShareForm(forms.Form):
    share = _decimal(_("Share [%]"))
    condition = forms.CharField(label=capfirst(_("condition of payment")), max_length=255, required=False)


class IndicatorTemplateForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=255)
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False, initial="szt.")
    target = _decimal(_("Target"), required=False)
    source = forms.ChoiceField(label=_("Computed from"), choices=Indicator.Source.choices,
                               initial=Indicator.Source.MANUAL)
    source_filter = forms.CharField(label=_("Categories or cost area"), max_length=200, required=False)


class PromotionTemplateForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Duty"), max_length=255)


def _formset(form, extra=1):
    return forms.formset_factory(form, extra=extra, can_delete=True)


# field -> (formset class, prefix, heading, explanation)
TEMPLATES = {
    "funding_pattern": (_formset(FundingShareForm), "funding", _("Funding sources of a new project"),
                        _("Shares of the grant; they must add up to 100%. The last source takes the "
                          "rounding remainder.")),
    "tranche_pattern": (_formset(TrancheShareForm), "tranches", _("Tranches of a new project"),
                        _("Shares of the grant paid in turn; they must add up to 100%. Leave empty when "
                          "the grant is paid in one sum.")),
    "indicator_templates": (_formset(IndicatorTemplateForm), "indicators", _("Indicators of a new project"),
                            _("Computed from equipment: category names separated by commas (e.g. laptop, "
                              "komputer stacjonarny). From expenditure: a cost area (e.g. hardware or "
                              "sprzęt).")),
    "promotion_templates": (_formset(PromotionTemplateForm), "promotion", _("Promotion duties of a new project"),
                            ""),
}
KEYS = {"funding_pattern": ("kind", "share", "name"), "tranche_pattern": ("share", "condition"),
        "indicator_templates": ("code", "name", "unit", "target", "source", "source_filter"),
        "promotion_templates": ("code", "name")}


class ProgramForm(ModelForm):
    cost_areas = forms.MultipleChoiceField(label=capfirst(_("cost areas")), choices=CostArea.choices,
                                           required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Program
        fields = ["name", "operator", "fund", "eligibility_start", "eligibility_end",
                  "max_duration_months", "min_amount", "max_amount",
                  "durability_years", "durability_from", "durability_note", "cost_areas",
                  "public_wording", "notes"]
        widgets = {**DATE_WIDGETS, "public_wording": forms.Textarea(attrs={"rows": 2}),
                   "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        data = kwargs.get("data") if "data" in kwargs else (args[0] if args else None)
        self.templates = []
        self.template_errors = {}
        for field, (formset_class, prefix, heading, help_text) in TEMPLATES.items():
            initial = [{key: entry.get(key, "") for key in KEYS[field]} for entry in getattr(self.instance, field) or []
                       if isinstance(entry, dict)]
            # Bound: the rows are what was posted (initial values would hide unchanged rows).
            formset = formset_class(data=data, initial=None if data is not None else initial, prefix=prefix)
            self.templates.append((field, formset, heading, help_text))

    def template_entries(self, field: str, formset) -> list[dict]:
        entries = []
        for row in formset.cleaned_data:
            if not row or row.get("DELETE"):
                continue
            # Numbers as text, as the catalogue files write them (JSON has no decimals).
            entries.append({key: str(row[key]) if isinstance(row[key], Decimal) else row[key]
                            for key in KEYS[field] if row.get(key) not in (None, "")})
        return entries

    def clean(self):
        cleaned = super().clean()
        for field, formset, _heading, _help in self.templates:
            # Rows the formset refused are shown there; the model then checks the others.
            value = self.template_entries(field, formset) if formset.is_valid() else []
            setattr(self.instance, field, value)
            cleaned[field] = value
        return cleaned

    def _update_errors(self, errors):
        """The model's messages about a template go above its rows, not to a missing field."""
        if hasattr(errors, "error_dict"):
            for field in [f for f in errors.error_dict if f in TEMPLATES]:
                self.template_errors[field] = ValidationError(errors.error_dict.pop(field)).messages
        super()._update_errors(errors)

    def is_valid(self):
        valid = super().is_valid()
        formsets = all([formset.is_valid() for _field, formset, _h, _t in self.templates])
        return valid and formsets and not self.template_errors

    @property
    def template_sections(self):
        return [(field, formset, heading, help_text, self.template_errors.get(field, []))
                for field, formset, heading, help_text in self.templates]

    def has_errors(self) -> bool:
        return bool(self.errors or self.template_errors
                    or any(formset.total_error_count() for _f, formset, _h, _t in self.templates))
