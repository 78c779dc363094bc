"""Every write to grant projects and what hangs on them. Views, API, CLI and imports call these."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.records import record_create, record_delete, record_update
from magistrat.core.uploads import check_upload
from magistrat.organizations import access
from magistrat.organizations.models import Organization

from .deadlines import edited_by_hand, sync_project_deadlines
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
from .rules import (  # noqa: F401 (add_months)
    add_months,
    fill_dates,
    funding_amount,
    indicator_source,
    promotion_done_on,
    share_of,
)

# --- Programmes (installation-wide data) -------------------------------------------------------

def _require_installation_admin(user) -> None:
    if not access.is_superuser(user):
        raise access.AccessDenied(_("Programmes are kept by installation administrators."))


def program_create(*, user, code: str, **fields) -> Program:
    """A programme from the catalogue (catalogue.sync); its templates are checked by the model."""
    _require_installation_admin(user)
    return record_create(user=user, model=Program, data={"code": code, **fields})


@transaction.atomic
def program_update(*, user, program: Program, **fields) -> Program:
    """Edit a programme; the projects under it keep their own records (copied from the templates
    when each was created), but their automatic deadlines follow a new eligibility end."""
    _require_installation_admin(user)
    program = record_update(user=user, instance=program, data=fields)
    if {"eligibility_end", "settlement_due_days"} & set(fields):
        for project in program.projects.select_related("program"):
            sync_project_deadlines(user=user, project=project)
    return program


# --- Projects --------------------------------------------------------------------------------

@transaction.atomic
def project_create(*, user, organization: Organization, program: Program, title: str,
                   granted_amount: Decimal, apply_templates: bool = True, **fields) -> GrantProject:
    """Create a project; the programme's patterns give funding sources, tranches, indicators,
    promotion duties and deadlines, all editable afterwards."""
    access.require(user, "grant.change", organization)
    fields.update(fill_dates(program, fields))
    project = record_create(user=user, model=GrantProject, data={
        "organization": organization, "program": program, "title": title,
        "granted_amount": granted_amount, **fields})
    if apply_templates:
        _apply_templates(user, project)
        sync_project_deadlines(user=user, project=project)
    return project


def _apply_templates(user, project: GrantProject) -> None:
    program, amount, org_id = project.program, project.granted_amount, project.organization_id
    shares = program.funding_pattern or []
    for index, source in enumerate(shares):
        # The last share takes the rounding remainder, so the sources sum to the grant exactly.
        value = amount - sum(share_of(amount, s["share"]) for s in shares[:-1]) \
            if index == len(shares) - 1 else share_of(amount, source["share"])
        record_create(user=user, model=FundingSource, organization_id=org_id, data={
            "project": project, "kind": source["kind"], "name": source.get("name", ""), "amount": value})
    tranches = program.tranche_pattern or []
    for number, tranche in enumerate(tranches, start=1):
        # As with the sources: the last tranche takes the remainder, to the grosz.
        expected = amount - sum(share_of(amount, t["share"]) for t in tranches[:-1]) \
            if number == len(tranches) else share_of(amount, tranche["share"])
        record_create(user=user, model=Tranche, organization_id=org_id, data={
            "project": project, "number": number, "share": Decimal(str(tranche["share"])),
            "expected_amount": expected, "condition": tranche.get("condition", "")})
    for template in program.indicator_templates or []:
        record_create(user=user, model=Indicator, organization_id=org_id, data={
            "project": project, "code": template["code"], "name": template["name"],
            "unit": template.get("unit", "szt."), "target": Decimal(str(template.get("target", 0))),
            "source": template.get("source", "manual"), "source_filter": template.get("source_filter", "")})
    for template in program.promotion_templates or []:
        record_create(user=user, model=PromotionItem, organization_id=org_id, data={
            "project": project, "code": template["code"], "name": template["name"]})


@transaction.atomic
def project_update(*, user, grantproject: GrantProject, **fields) -> GrantProject:
    """Update a project; empty start and end dates are filled in as on creation, and the
    automatic deadlines follow the dates (deadlines.py)."""
    access.require(user, "grant.change", grantproject.organization)
    if "organization" in fields and fields["organization"] != grantproject.organization:
        raise ValidationError({"organization": _("A project cannot move to another organization.")})
    dates = ("agreement_date", "start_date", "end_date")
    current = {name: fields.get(name, getattr(grantproject, name)) for name in dates}
    fields.update(fill_dates(grantproject.program, current))
    project = record_update(user=user, instance=grantproject, data=fields)
    sync_project_deadlines(user=user, project=project)
    return project


def project_delete_refusal(grantproject: GrantProject) -> str:
    """Why the project cannot be deleted ("" when it can); asked by the screens before offering it."""
    if grantproject.expenditures.exists():
        return _("The project has expenditures; close it instead of deleting it.")
    return ""


@transaction.atomic
def project_delete(*, user, grantproject: GrantProject) -> None:
    access.require(user, "grant.change", grantproject.organization)
    refusal = project_delete_refusal(grantproject)
    if refusal:
        raise ValidationError(refusal)
    _delete_documents(user, grantproject.documents.all())
    record_delete(user=user, instance=grantproject)


def project_publish(*, user, project: GrantProject, published: bool) -> GrantProject:
    return project_update(user=user, grantproject=project, published=published)


# --- Records that hang on a project (one shape for all) ----------------------------------------

def _child_create(user, model, project: GrantProject, data: dict):
    access.require(user, "grant.change", project.organization)
    return record_create(user=user, model=model, data={"project": project, **data},
                         organization_id=project.organization_id)


def _child_update(user, instance, data: dict):
    access.require(user, "grant.change", instance.project.organization)
    if "project" in data and data["project"] != instance.project:
        raise ValidationError({"project": _("It cannot move to another project.")})
    return record_update(user=user, instance=instance, data=data,
                         organization_id=instance.project.organization_id)


def _child_delete(user, instance):
    access.require(user, "grant.change", instance.project.organization)
    record_delete(user=user, instance=instance, organization_id=instance.project.organization_id)


def funding_source_create(*, user, project, share=None, **data):
    """A funding source by its amount or by its share (%) of the project's value."""
    return _child_create(user, FundingSource, project, funding_amount(project, {**data, "share": share}))


def funding_source_update(*, user, fundingsource, share=None, **data):
    data = funding_amount(fundingsource.project, {**data, "share": share}, instead_of=fundingsource)
    return _child_update(user, fundingsource, data)


def funding_source_delete(*, user, fundingsource):
    _child_delete(user, fundingsource)


@transaction.atomic
def tranche_create(*, user, project, **data):
    tranche = _child_create(user, Tranche, project, data)
    sync_project_deadlines(user=user, project=tranche.project)
    return tranche


@transaction.atomic
def tranche_update(*, user, tranche, **data):
    tranche = _child_update(user, tranche, data)
    sync_project_deadlines(user=user, project=tranche.project)
    return tranche


@transaction.atomic
def tranche_delete(*, user, tranche):
    access.require(user, "grant.change", tranche.project.organization)
    for milestone in tranche.milestones.all():      # its request deadline, with the change log
        _child_delete(user, milestone)
    _child_delete(user, tranche)


def budget_line_create(*, user, project, **data):
    return _child_create(user, BudgetLine, project, data)


def budget_line_update(*, user, budgetline, **data):
    return _child_update(user, budgetline, data)


def budget_line_delete(*, user, budgetline):
    _child_delete(user, budgetline)


def indicator_create(*, user, project, **data):
    return _child_create(user, Indicator, project, indicator_source(project, data))


def indicator_update(*, user, indicator, **data):
    return _child_update(user, indicator, indicator_source(indicator.project, data, indicator))


def indicator_delete(*, user, indicator):
    _child_delete(user, indicator)


def milestone_create(*, user, project, **data):
    data.pop("automatic", None)
    return _child_create(user, Milestone, project, data)


def milestone_update(*, user, milestone, **data):
    data.pop("automatic", None)
    if milestone.automatic and edited_by_hand(milestone, data):
        data["automatic"] = False   # the user's date from now on; the project's changes leave it
    return _child_update(user, milestone, data)


def milestone_delete(*, user, milestone):
    _child_delete(user, milestone)


def _promotion_code(project: GrantProject, code: str | None, *, instead_of: PromotionItem | None = None) -> str:
    """The code given, or the next free "P1", "P2", … of the project when none is."""
    code = (code or "").strip()
    if code:
        return code
    used = set(project.promotion_items.exclude(pk=getattr(instead_of, "pk", None)).values_list("code", flat=True))
    number = len(used) + 1
    while f"P{number}" in used:
        number += 1
    return f"P{number}"


def promotion_item_create(*, user, project, **data):
    """A promotion duty; given with evidence but no date, it is done today (rules.promotion_done_on)."""
    data["code"] = _promotion_code(project, data.get("code"))
    return _child_create(user, PromotionItem, project, promotion_done_on(data))


def promotion_item_update(*, user, promotionitem, **data):
    """Edit a duty: evidence added to a duty not done marks it done today; removing the date marks
    it not done (its evidence stays)."""
    if "code" in data:
        data["code"] = _promotion_code(promotionitem.project, data["code"], instead_of=promotionitem)
    return _child_update(user, promotionitem, promotion_done_on(data, promotionitem))


@transaction.atomic
def promotion_item_delete(*, user, promotionitem):
    access.require(user, "grant.change", promotionitem.project.organization)
    _delete_documents(user, promotionitem.documents.all())
    _child_delete(user, promotionitem)


# --- Expenditures ----------------------------------------------------------------------------

def _expenditure_assets(project: GrantProject, assets, expenditure: Expenditure | None = None) -> list:
    """The equipment a document paid for: the project's organization's, and not already paid for
    by another document — of this project or of any other (indicators, public pages and
    settlements would count it twice). Retired equipment and purchase dates outside the
    eligibility window are warnings (selectors.expenditure_warnings), not errors."""
    from magistrat.inventory.models import Asset

    assets = list(dict.fromkeys(assets or []))
    if not assets:
        return assets
    errors = [_("%(asset)s belongs to another organization.") % {"asset": asset}
              for asset in assets if asset.organization_id != project.organization_id]
    # Two coordinators linking the same equipment at once: the second waits for the first.
    list(Asset.objects.select_for_update().filter(pk__in=[a.pk for a in assets]).values_list("pk"))
    taken = Expenditure.assets.through.objects.filter(asset__in=assets) \
        .select_related("asset", "expenditure__project").order_by("asset__inventory_number", "expenditure_id")
    if expenditure is not None:
        taken = taken.exclude(expenditure=expenditure)
    for link in taken:
        other = link.expenditure
        if other.project_id == project.pk:
            errors.append(_("%(asset)s is already paid for by %(document)s in this project.")
                          % {"asset": link.asset, "document": other})
        else:
            errors.append(_("%(asset)s is already paid for by %(document)s in the project “%(project)s”.")
                          % {"asset": link.asset, "document": other, "project": other.project})
    if errors:
        raise ValidationError({"assets": errors})
    return assets


@transaction.atomic
def expenditure_create(*, user, project: GrantProject, assets=None, **data) -> Expenditure:
    access.require(user, "grant.change", project.organization)
    assets = _expenditure_assets(project, assets)
    if data.get("eligible_amount") is None and data.get("gross_amount") is not None:
        data["eligible_amount"] = data["gross_amount"]
    expenditure = record_create(user=user, model=Expenditure, data={
        "organization": project.organization, "project": project, **data})
    if assets:
        expenditure.assets.set(assets)
    return expenditure


@transaction.atomic
def expenditure_update(*, user, expenditure: Expenditure, assets=None, **data) -> Expenditure:
    access.require(user, "grant.change", expenditure.organization)
    if "project" in data and data["project"] != expenditure.project:
        raise ValidationError({"project": _("It cannot move to another project.")})
    if assets is not None:
        assets = _expenditure_assets(expenditure.project, assets, expenditure)
    if "eligible_amount" in data and data["eligible_amount"] is None:   # "the gross amount when empty"
        data["eligible_amount"] = data.get("gross_amount", expenditure.gross_amount)
    expenditure = record_update(user=user, instance=expenditure, data=data)
    if assets is not None:
        expenditure.assets.set(assets)
    return expenditure


@transaction.atomic
def expenditure_delete(*, user, expenditure: Expenditure) -> None:
    access.require(user, "grant.change", expenditure.organization)
    _delete_documents(user, expenditure.documents.all())
    record_delete(user=user, instance=expenditure)


# --- Documents (invoices, proofs of payment, acceptance protocols, promotion evidence) ---------

@transaction.atomic
def project_document_add(*, user, upload, kind: str, project: GrantProject | None = None,
                         expenditure: Expenditure | None = None, promotion_item: PromotionItem | None = None,
                         name: str = "") -> ProjectDocument:
    """Keep a file with a project, one of its expenditures or one of its promotion duties; the
    type is told by content (PDF, JPEG, PNG) and the size checked, as for asset attachments."""
    target = expenditure or promotion_item
    if project is None:
        if target is None:
            raise ValidationError({"project": _("This field is required.")})
        project = target.project
    access.require(user, "grant.change", project.organization)
    content_type = check_upload(upload)
    document = record_create(user=user, model=ProjectDocument, data={
        "organization": project.organization, "project": project, "expenditure": expenditure,
        "promotion_item": promotion_item, "kind": kind, "file": upload,
        "name": (name.strip() or upload.name)[:200], "content_type": content_type, "size": upload.size,
        "uploaded_by": user if getattr(user, "pk", None) else None})
    if promotion_item is not None and promotion_item.done_on is None:
        # A photo or a scan of the duty done is its evidence: the duty is done today, which the
        # coordinator may change to the day it was really done.
        _child_update(user, promotion_item, {"done_on": timezone.localdate()})
    return document


@transaction.atomic
def project_document_delete(*, user, projectdocument: ProjectDocument) -> None:
    access.require(user, "grant.change", projectdocument.project.organization)
    _delete_documents(user, [projectdocument])


def _delete_documents(user, documents) -> None:
    """Delete documents with the change log; their files go once the transaction commits (a
    refused or failed deletion keeps them)."""
    for document in list(documents):
        storage, name = document.file.storage, document.file.name
        record_delete(user=user, instance=document)
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
