from django import forms
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from magistrat.core.collation import polish
from magistrat.core.forms import ModelForm
from magistrat.inventory.picker import AssetsPickerField
from magistrat.organizations.forms import DateInput
from magistrat.organizations.selectors import organization_choices, person_list

from .models import (
    BudgetLine,
    CostArea,
    Expenditure,
    FundingSource,
    GrantProject,
    Indicator,
    Milestone,
    ProjectDocument,
    PromotionItem,
    Tranche,
)

DATE_WIDGETS = {name: DateInput() for name in (
    "agreement_date", "start_date", "end_date", "durability_end", "document_date", "payment_date",
    "request_due", "requested_on", "received_on", "due_date", "done_on", "eligibility_start", "eligibility_end")}


class GrantProjectForm(ModelForm):
    class Meta:
        model = GrantProject
        fields = ["organization", "program", "title", "umbrella_number", "agreement_number",
                  "agreement_date", "start_date", "end_date", "status", "granted_amount",
                  "durability_end", "coordinator", "published", "public_summary"]
        widgets = {**DATE_WIDGETS, "public_summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organization_choices(user=user, permission="grant.change")
        self.fields["coordinator"].queryset = person_list(user=user).filter(active=True)
        if self.instance.pk:
            self.fields["program"].disabled = True


class _ChildForm(ModelForm):
    """A record of a project; the project comes from the URL, not the form."""

    def __init__(self, *args, user, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.instance.project = project


class FundingSourceForm(_ChildForm):
    extra_fields = ("share",)       # passed to the service beside the model's fields
    share = forms.DecimalField(label=_("Or the share of the project's value [%]"), required=False, min_value=0,
                               max_value=100, max_digits=5, decimal_places=2,
                               help_text=_("Leave the amount empty to have it computed from the share."))

    class Meta:
        model = FundingSource
        fields = ["kind", "name", "amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("amount") is None and cleaned.get("share") is None and not self.has_error("share"):
            self.add_error("amount", _("Give the amount or the share of the project's value."))
        return cleaned


class TrancheForm(_ChildForm):
    class Meta:
        model = Tranche
        fields = ["number", "share", "expected_amount", "condition", "request_due", "requested_on",
                  "received_on", "received_amount"]
        widgets = DATE_WIDGETS


class BudgetLineForm(_ChildForm):
    class Meta:
        model = BudgetLine
        fields = ["area", "name", "planned_amount"]


class IndicatorForm(_ChildForm):
    """What the indicator counts is chosen, not typed: the equipment categories or the cost areas."""

    extra_fields = ("source_filter",)
    categories = forms.MultipleChoiceField(
        label=_("Equipment categories counted"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("For an indicator computed from equipment; none ticked: all equipment bought."))
    areas = forms.MultipleChoiceField(
        label=_("Cost areas summed"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=CostArea.choices, help_text=_("For an indicator computed from eligible expenditure."))

    class Meta:
        model = Indicator
        fields = ["code", "name", "unit", "target", "source", "achieved_manual"]

    def __init__(self, *args, user, project, **kwargs):
        super().__init__(*args, user=user, project=project, **kwargs)
        from django.db.models import Q

        from magistrat.core.imports.parsers import normalize_name
        from magistrat.inventory.models import AssetCategory

        names = AssetCategory.objects.filter(Q(organization__isnull=True) | Q(organization=project.organization)) \
            .order_by(polish("name")).values_list("name", flat=True)
        self.fields["categories"].choices = [(name, name) for name in names]
        chosen = [n.strip() for n in self.instance.source_filter.split(",") if n.strip()]
        if self.instance.source == Indicator.Source.ASSETS:
            wanted = {normalize_name(n) for n in chosen}
            self.initial["categories"] = [name for name in names if normalize_name(name) in wanted]
        elif self.instance.source == Indicator.Source.EXPENDITURE_AREA:
            self.initial["areas"] = chosen

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        chosen = {Indicator.Source.ASSETS: cleaned.get("categories") or [],
                  Indicator.Source.EXPENDITURE_AREA: cleaned.get("areas") or []}.get(source, [])
        cleaned["source_filter"] = ", ".join(chosen)
        if source == Indicator.Source.EXPENDITURE_AREA and not chosen:
            self.add_error("areas", _("Choose the cost area whose eligible expenditure is summed."))
        return cleaned


class MilestoneForm(_ChildForm):
    class Meta:
        model = Milestone
        fields = ["kind", "name", "due_date", "done_on"]
        widgets = DATE_WIDGETS


class PromotionItemForm(_ChildForm):
    # "mikstat.pl" means https://mikstat.pl (Django 6's default, chosen now). A text box like the
    # others (with the phone's address keyboard): the browser's own check of type="url" would
    # refuse "mikstat.pl" before the server could complete it.
    evidence_url = forms.URLField(label=capfirst(_("evidence (address)")), required=False, assume_scheme="https",
                                  widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url"}))

    class Meta:
        model = PromotionItem
        fields = ["code", "name", "done_on", "evidence_url", "evidence_note"]
        widgets = DATE_WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["code"].help_text = _("Given automatically (P1, P2, …) when empty.")
        # The date picker offers no day after today (the model refuses one anyway).
        from django.utils import timezone

        self.fields["done_on"].widget.attrs["max"] = timezone.localdate().isoformat()


class ExpenditureForm(_ChildForm):
    class Meta:
        model = Expenditure
        fields = ["budget_line", "document_number", "document_date", "supplier_name", "supplier_nip",
                  "description", "net_amount", "vat_amount", "gross_amount", "eligible_amount",
                  "payment_date", "quantity", "unit", "assets", "notes"]
        widgets = {**DATE_WIDGETS, "notes": forms.Textarea(attrs={"rows": 2})}
        # A search, not a list of every asset of the organization.
        field_classes = {"assets": AssetsPickerField}

    def __init__(self, *args, user, project, **kwargs):
        super().__init__(*args, user=user, project=project, **kwargs)
        from magistrat.inventory.selectors import asset_list

        self.instance.organization = project.organization
        self.fields["budget_line"].queryset = project.budget_lines.all()
        assets = self.fields["assets"]
        # Any of the organization's equipment is accepted, so that equipment another document
        # took meanwhile gets the service's message naming that document; the list offers only
        # what no other document (of any project) paid for.
        assets.queryset = asset_list(user=user).filter(organization=project.organization)
        assets.set_scope(user=user, org=project.organization_id, project=project.pk,
                         expenditure=self.instance.pk)
        assets.required = False
        assets.help_text = format_lazy("{} {}", _("The equipment this document paid for."),
                                       _("Equipment another document paid for is not listed."))
        self.fields["eligible_amount"].required = False
        self.fields["eligible_amount"].help_text = _("The gross amount when empty.")


class ProjectDocumentForm(forms.Form):
    """A file uploaded to an expenditure or a promotion duty (the target comes from the URL)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ProjectDocument.Kind.choices)
    file = forms.FileField(label=capfirst(_("file")))
    name = forms.CharField(label=capfirst(_("name")), max_length=200, required=False)   # the file's when empty
