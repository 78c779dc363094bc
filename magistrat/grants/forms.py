from django import forms
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from magistrat.core.forms import ModelForm
from magistrat.inventory.picker import AssetsPickerField
from magistrat.organizations.forms import DateInput
from magistrat.organizations.selectors import organization_choices, person_list

from .models import (
    BudgetLine,
    Expenditure,
    FundingSource,
    GrantProject,
    Indicator,
    Milestone,
    Program,
    ProjectDocument,
    PromotionItem,
    Tranche,
)

DATE_WIDGETS = {name: DateInput() for name in (
    "agreement_date", "start_date", "end_date", "durability_end", "document_date", "payment_date",
    "requested_on", "received_on", "due_date", "done_on", "eligibility_start", "eligibility_end")}


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


class ProgramForm(ModelForm):
    class Meta:
        model = Program
        fields = ["name", "operator", "fund", "eligibility_start", "eligibility_end",
                  "max_duration_months", "min_amount", "max_amount", "durability_years",
                  "durability_from", "durability_note", "public_wording", "notes"]
        widgets = {**DATE_WIDGETS, "public_wording": forms.Textarea(attrs={"rows": 2}),
                   "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)


class _ChildForm(ModelForm):
    """A record of a project; the project comes from the URL, not the form."""

    def __init__(self, *args, user, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.instance.project = project


class FundingSourceForm(_ChildForm):
    class Meta:
        model = FundingSource
        fields = ["kind", "name", "amount"]


class TrancheForm(_ChildForm):
    class Meta:
        model = Tranche
        fields = ["number", "share", "expected_amount", "condition", "requested_on", "received_on",
                  "received_amount"]
        widgets = DATE_WIDGETS


class BudgetLineForm(_ChildForm):
    class Meta:
        model = BudgetLine
        fields = ["area", "name", "planned_amount"]


class IndicatorForm(_ChildForm):
    class Meta:
        model = Indicator
        fields = ["code", "name", "unit", "target", "source", "source_filter", "achieved_manual"]


class MilestoneForm(_ChildForm):
    class Meta:
        model = Milestone
        fields = ["kind", "name", "due_date", "done_on"]
        widgets = DATE_WIDGETS


class PromotionItemForm(_ChildForm):
    # "mikstat.pl" means https://mikstat.pl (Django 6's default, chosen now).
    evidence_url = forms.URLField(label=capfirst(_("evidence (address)")), required=False, assume_scheme="https")

    class Meta:
        model = PromotionItem
        fields = ["code", "name", "done_on", "evidence_url", "evidence_note"]
        widgets = DATE_WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["code"].help_text = _("Given automatically (P1, P2, …) when empty.")


class ExpenditureForm(_ChildForm):
    class Meta:
        model = Expenditure
        fields = ["budget_line", "document_number", "document_date", "supplier_name", "supplier_nip",
                  "description", "net_amount", "vat_amount", "gross_amount", "eligible_amount",
                  "payment_date", "assets", "notes"]
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
        # what no other document of this project paid for.
        assets.queryset = asset_list(user=user).filter(organization=project.organization)
        assets.set_scope(user=user, org=project.organization_id, project=project.pk,
                         expenditure=self.instance.pk)
        assets.required = False
        assets.help_text = format_lazy("{} {}", _("The equipment this document paid for."),
                                       _("Equipment another document of this project paid for is not listed."))
        self.fields["eligible_amount"].required = False
        self.fields["eligible_amount"].help_text = _("The gross amount when empty.")


class ProjectDocumentForm(forms.Form):
    """A file uploaded to an expenditure or a promotion duty (the target comes from the URL)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ProjectDocument.Kind.choices)
    file = forms.FileField(label=capfirst(_("file")))
    name = forms.CharField(label=capfirst(_("name")), max_length=200, required=False)   # the file's when empty
