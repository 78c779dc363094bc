"""Reads of grant projects, restricted by the access module; budget and indicator figures."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, OuterRef, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core import formatting
from magistrat.core.collation import polish
from magistrat.organizations.models import Organization
from magistrat.organizations.selectors import tenant_queryset

from .models import (
    BudgetLine,
    Expenditure,
    FundingSource,
    GrantProject,
    Indicator,
    Milestone,
    Program,
    ProjectDocument,
    counted_amount,
)

ZERO = Decimal("0.00")


def program_list(*, user=None, within=None) -> QuerySet[Program]:
    return Program.objects.all()


def _eu_contribution():
    return Subquery(FundingSource.objects.filter(project=OuterRef("pk"), kind="eu")
                    .values("project").annotate(total=Sum("amount")).values("total")[:1])


def project_list(*, user, within: Organization | None = None) -> QuerySet[GrantProject]:
    return tenant_queryset(GrantProject.objects.all(), user=user, permission="grant.view",
                           within=within).select_related("organization", "program", "coordinator") \
        .annotate(eu_total=_eu_contribution())


def expenditure_list(*, user, within: Organization | None = None) -> QuerySet[Expenditure]:
    """Expenditures with `counted_amount`: the amount that counts towards the settlement."""
    return tenant_queryset(Expenditure.objects.all(), user=user, permission="grant.view",
                           within=within).select_related("project__program", "budget_line", "organization") \
        .annotate(counted_amount=counted_amount())


def with_counted(expenditures: QuerySet[Expenditure]) -> QuerySet[Expenditure]:
    """Expenditures with `counted_amount`, the amount that counts towards the settlement."""
    return expenditures.annotate(counted_amount=counted_amount())


def project_document_list(*, user, within: Organization | None = None) -> QuerySet[ProjectDocument]:
    return tenant_queryset(ProjectDocument.objects.all(), user=user, permission="grant.view",
                           within=within).select_related("project", "expenditure", "promotion_item",
                                                         "uploaded_by")


def expenditure_warnings(expenditures) -> dict[int, list[str]]:
    """What a coordinator must know about each saved expenditure, by its id: its own warnings
    (eligible above gross, document date outside the eligibility window), its equipment's
    (retired, bought outside the window), its budget line above the plan and its project's
    eligible expenditure above the grant. A few queries, however many expenditures."""
    expenditures = list(expenditures)
    if not expenditures:
        return {}
    found = _own_warnings(expenditures)
    over_plan = set(BudgetLine.objects.filter(pk__in={e.budget_line_id for e in expenditures})
                    .annotate(eligible=Sum(counted_amount("expenditures")))
                    .filter(eligible__gt=F("planned_amount")).values_list("pk", flat=True))
    over_grant = set(GrantProject.objects.filter(pk__in={e.project_id for e in expenditures})
                     .annotate(eligible=Sum(counted_amount("expenditures")))
                     .filter(eligible__gt=F("granted_amount")).values_list("pk", flat=True))
    for expenditure in expenditures:
        if expenditure.budget_line_id in over_plan:
            found[expenditure.pk].append(_("%(line)s: eligible expenditure is above the plan.")
                                         % {"line": expenditure.budget_line.name})
        if expenditure.project_id in over_grant:
            found[expenditure.pk].append(_("Eligible expenditure is above the grant amount."))
    return found


def expenditure_warning_list(expenditure: Expenditure) -> list[str]:
    """Every warning of one expenditure, as shown right after saving it."""
    return expenditure_warnings([expenditure])[expenditure.pk]


def _own_warnings(expenditures: list[Expenditure]) -> dict[int, list[str]]:
    """Each expenditure's warnings about itself and the equipment it paid for."""
    from magistrat.inventory.models import Asset

    found = {e.pk: [str(w) for w in e.warnings()] for e in expenditures}
    links = (Expenditure.assets.through.objects.filter(expenditure__in=[e.pk for e in expenditures])
             .select_related("asset").order_by("asset__inventory_number"))
    by_id = {e.pk: e for e in expenditures}
    for link in links:
        asset, program = link.asset, by_id[link.expenditure_id].project.program
        if asset.status in Asset.RETIRED:
            found[link.expenditure_id].append(_("%(asset)s is %(status)s in the register.") % {
                "asset": asset, "status": asset.get_status_display()})
        bought = asset.purchase_date
        if bought and ((program.eligibility_start and bought < program.eligibility_start)
                       or (program.eligibility_end and bought > program.eligibility_end)):
            found[link.expenditure_id].append(
                _("%(asset)s was bought on %(date)s, outside the programme's eligibility window (%(window)s).")
                % {"asset": asset, "date": formatting.date(bought), "window": program.eligibility_window()})
    return found


def project_children(model, *, user, within: Organization | None = None) -> QuerySet:
    """Budget lines, indicators, milestones… of the projects the user may see."""
    return model.objects.filter(project__in=project_list(user=user, within=within)).select_related("project")


def deadline_list(*, user, within: Organization | None = None) -> QuerySet[Milestone]:
    """Every deadline of the projects the user may see, the earliest first."""
    return project_children(Milestone, user=user, within=within).select_related(
        "project__organization").order_by("due_date", "id")


def upcoming_deadlines(*, user, within: Organization | None = None) -> QuerySet[Milestone]:
    """Deadlines not done yet, however long overdue: an overdue deadline never drops out of sight."""
    return deadline_list(user=user, within=within).filter(done_on__isnull=True)


def project_warnings(project: GrantProject) -> list[str]:
    """The project against its programme's rules: the grant within the programme's minimum and
    maximum, the end within the eligibility window and the maximum duration."""
    from .rules import add_months

    program, amount, found = project.program, project.granted_amount, []
    if amount is not None and program.min_amount is not None and amount < program.min_amount:
        found.append(_("The grant amount %(amount)s is below the programme's minimum of %(limit)s.")
                     % {"amount": formatting.money(amount), "limit": formatting.money(program.min_amount)})
    if amount is not None and program.max_amount is not None and amount > program.max_amount:
        found.append(_("The grant amount %(amount)s is above the programme's maximum of %(limit)s.")
                     % {"amount": formatting.money(amount), "limit": formatting.money(program.max_amount)})
    end = project.end_date
    if end and program.eligibility_end and end > program.eligibility_end:
        found.append(_("The project ends on %(end)s, after the end of the programme's eligibility window "
                       "(%(deadline)s).") % {"end": formatting.date(end),
                                             "deadline": formatting.date(program.eligibility_end)})
    start, months = project.start_date, program.max_duration_months
    if start and end and months and end >= add_months(start, months):
        found.append(_("The project lasts longer than the programme's maximum of %(months)s months.")
                     % {"months": months})
    return found


def project_value(project: GrantProject) -> Decimal:
    """The project's total value: the grant and the beneficiary's own contribution."""
    own = sum((s.amount for s in project.funding_sources.all() if s.kind == FundingSource.Kind.OWN), ZERO)
    return project.granted_amount + own


def funding_warnings(project: GrantProject, *, tranches: bool = True) -> list[str]:
    """The funding sources should add up to the project's value (the grant and the own
    contribution: the sources other than the own contribution to the grant), and the tranches,
    when there are any, to the grant."""
    found = []
    sources = list(project.funding_sources.all())
    if sources:
        total, value = sum((s.amount for s in sources), ZERO), project_value(project)
        if sum((s.amount for s in sources if s.kind != FundingSource.Kind.OWN), ZERO) != project.granted_amount:
            found.append(_("The funding sources add up to %(total)s, not to the project's value of %(value)s "
                           "(the grant and the own contribution).")
                         % {"total": formatting.money(total), "value": formatting.money(value)})
    if tranches:
        expected = [t.expected_amount for t in project.tranches.all()]
        if expected and sum(expected, ZERO) != project.granted_amount:
            found.append(_("The tranches add up to %(total)s, not to the grant of %(grant)s.")
                         % {"total": formatting.money(sum(expected, ZERO)),
                            "grant": formatting.money(project.granted_amount)})
    return found


@dataclass
class BudgetRow:
    line: BudgetLine | None
    name: str
    area: str
    planned: Decimal
    spent: Decimal
    eligible: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.eligible

    @property
    def over_plan(self) -> bool:
        return self.eligible > self.planned


@dataclass
class Budget:
    rows: list[BudgetRow]
    total: BudgetRow
    granted: Decimal
    funding_total: Decimal
    warnings: list[str] = field(default_factory=list)


def budget(project: GrantProject) -> Budget:
    # Spent: the gross amount of every document; eligible: what counts towards the settlement.
    lines = project.budget_lines.annotate(
        spent=Sum("expenditures__gross_amount"), eligible=Sum(counted_amount("expenditures")))
    rows = [BudgetRow(line, line.name, line.get_area_display(), line.planned_amount,
                      line.spent or ZERO, line.eligible or ZERO) for line in lines]
    total = BudgetRow(None, _("Total"), "", sum((r.planned for r in rows), ZERO),
                      sum((r.spent for r in rows), ZERO), sum((r.eligible for r in rows), ZERO))
    funding = project.funding_sources.exclude(kind="own").aggregate(total=Sum("amount"))["total"] or ZERO
    result = Budget(rows, total, project.granted_amount, funding)
    for row in rows:
        if row.over_plan:
            result.warnings.append(_("%(line)s: eligible expenditure is above the plan.") % {"line": row.name})
    if total.eligible > project.granted_amount:
        result.warnings.append(_("Eligible expenditure is above the grant amount."))
    if total.planned > project.granted_amount:
        result.warnings.append(_("The planned budget is above the grant amount."))
    result.warnings += funding_warnings(project, tranches=False)
    expenditures = list(project.expenditures.select_related("project__program"))
    own = _own_warnings(expenditures) if expenditures else {}
    for expenditure in expenditures:
        result.warnings += [f"{expenditure.document_number}: {warning}" for warning in own[expenditure.pk]]
    return result


def indicator_achieved(indicator: Indicator) -> Decimal | None:
    """Computed from linked records where the indicator says so, else the entered value."""
    return indicators_achieved([indicator])[indicator.pk]


def _filter_names(indicator: Indicator) -> set[str]:
    from magistrat.core.imports.parsers import normalize_name

    return {normalize_name(n) for n in indicator.source_filter.split(",") if n.strip()}


def indicators_achieved(indicators) -> dict[int, Decimal | None]:
    """Each indicator's achieved value by its id, in two queries however many there are: the
    equipment bought by each project (counted by quantity — a box of 10 keyboards is 10 — in the
    categories the indicator names, or all of it), the eligible expenditure of each project by
    cost area, and the entered value of indicators counted by hand."""
    from magistrat.core.imports.parsers import normalize_name
    from magistrat.inventory.models import Asset

    indicators = list(indicators)
    by_source = {source: {i.project_id for i in indicators if i.source == source} for source in Indicator.Source}
    bought: dict[int, dict[int, tuple[str, int]]] = {}
    if by_source[Indicator.Source.ASSETS]:
        rows = Asset.objects.filter(expenditures__project__in=by_source[Indicator.Source.ASSETS]) \
            .values_list("expenditures__project", "pk", "category__name", "quantity")
        for project_id, pk, category, number in rows:      # an asset once per project, however linked
            bought.setdefault(project_id, {})[pk] = (normalize_name(category or ""), number or 0)
    spent: dict[tuple[int, str], Decimal] = {}
    if by_source[Indicator.Source.EXPENDITURE_AREA]:
        rows = Expenditure.objects.filter(project__in=by_source[Indicator.Source.EXPENDITURE_AREA]) \
            .values("project", "budget_line__area").annotate(total=Sum(counted_amount()))
        spent = {(row["project"], row["budget_line__area"]): row["total"] or ZERO for row in rows}
    result = {}
    for indicator in indicators:
        if indicator.source == Indicator.Source.ASSETS:
            names = _filter_names(indicator)
            items = bought.get(indicator.project_id, {}).values()
            result[indicator.pk] = Decimal(sum(n for name, n in items if not names or name in names))
        elif indicator.source == Indicator.Source.EXPENDITURE_AREA:
            areas = [a.strip() for a in indicator.source_filter.split(",") if a.strip()]
            result[indicator.pk] = sum((spent.get((indicator.project_id, a), ZERO) for a in areas), ZERO)
        else:
            result[indicator.pk] = indicator.achieved_manual
    return result


def bought_by_category(project: GrantProject) -> list[tuple[str, int]]:
    """The equipment the project bought, counted by category (by quantity: a box of 10 keyboards
    is 10), the most first."""
    from magistrat.inventory.models import Asset

    linked = Expenditure.assets.through.objects.filter(expenditure__project=project).values("asset_id")
    rows = (Asset.objects.filter(pk__in=linked).values("category__name").annotate(n=Sum("quantity"))
            .order_by("-n", polish("category__name")))
    return [(row["category__name"], row["n"]) for row in rows]


def bought_and_done(project: GrantProject) -> list[str]:
    """What the project bought and did, for residents (the public page, the poster): the equipment
    from the register by category, in words that agree with the number ("12 komputerów
    stacjonarnych", "3 laptopy"), then per cost area the documents without equipment — by the
    quantity and unit they state ("oprogramowanie i licencje: 14 licencji") or, without one, as
    bought ("sprzęt: zakupiono") or done ("diagnoza / audyt: wykonano"). Polish, like every public text."""
    from .models import CostArea
    from .settlement import COST_AREAS
    from .wording import counted

    rows = [counted(name, count) for name, count in bought_by_category(project)]
    documents = list(project.expenditures.filter(assets__isnull=True).select_related("budget_line")
                     .order_by("document_date", "id"))
    for area in CostArea.values:
        found = [e for e in documents if e.budget_line.area == area]
        if not found:
            continue
        numbers: dict[str, int] = {}
        for expenditure in found:
            if expenditure.quantity:
                numbers[expenditure.unit] = numbers.get(expenditure.unit, 0) + expenditure.quantity
        # Without a count: things are bought ("sprzęt: zakupiono"), services done ("diagnoza / audyt: wykonano").
        text = ", ".join(f"{number} {unit}".strip() for unit, number in numbers.items()) or (
            "zakupiono" if area in (CostArea.HARDWARE, CostArea.SOFTWARE) else "wykonano")
        rows.append(f"{COST_AREAS[area]}: {text}")
    return rows


def assets_under_durability(asset, on: datetime.date | None = None) -> QuerySet[GrantProject]:
    on = on or timezone.localdate()
    return GrantProject.objects.filter(expenditures__assets=asset, durability_end__gte=on).distinct()


def eu_contribution(project: GrantProject) -> Decimal:
    if hasattr(project, "eu_total"):
        return project.eu_total or ZERO
    return project.funding_sources.filter(kind="eu").aggregate(total=Sum("amount"))["total"] or ZERO


def published_projects() -> QuerySet[GrantProject]:
    """For the public pages (no login): only what coordinators chose to publish."""
    return GrantProject.objects.filter(published=True).select_related("organization", "program")


