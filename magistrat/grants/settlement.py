"""The content of a settlement report, gathered once for the PDF and the XLSX alike.

Documents go to the grant operator in Polish whatever the UI language, so their labels are
Polish text here, not translatable UI strings — including the names of choices (statuses, cost
areas, kinds of funding), which must not depend on the interface's translation catalogue.
Amounts stay Decimal and dates stay dates: the PDF formats them, the XLSX types them.
"""

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils import timezone

from magistrat.core import formatting
from magistrat.organizations.models import Organization, Person

from . import selectors
from .models import GrantProject
from .selectors import project_value

ZERO = Decimal("0.00")

FUNDING_KINDS = {"eu": "Środki Unii Europejskiej", "state": "Budżet państwa", "own": "Wkład własny",
                 "other": "Inne źródła"}
COST_AREAS = {"hardware": "sprzęt", "software": "oprogramowanie i licencje", "services": "usługi",
              "training": "szkolenia", "diagnosis": "diagnoza / audyt", "promotion": "promocja",
              "other": "inne"}
PROJECT_STATUSES = {"planned": "planowany", "applied": "złożono wniosek", "signed": "umowa podpisana",
                    "in_progress": "w realizacji", "settlement_submitted": "rozliczenie złożone",
                    "settled": "rozliczony", "durability": "w okresie trwałości", "closed": "zamknięty"}
ASSET_STATUSES = {"ordered": "zamówiony", "in_stock": "w magazynie", "in_use": "w użyciu",
                  "in_repair": "w naprawie", "lent": "wypożyczony", "withdrawn": "wycofany z użytku",
                  "disposed": "zlikwidowany", "lost": "utracony"}
DOCUMENT_KINDS = {"invoice": "faktura", "payment": "potwierdzenie zapłaty", "acceptance": "protokół odbioru",
                  "photo": "zdjęcie", "other": "inny dokument"}
# Who signs for the beneficiary: the head of the unit, by the kind of unit.
HEAD_TITLES = {
    Organization.Kind.GMINA_OFFICE: ("Wójt",),
    Organization.Kind.TOWN_GMINA_OFFICE: ("Burmistrz",),
    Organization.Kind.TOWN_OFFICE: ("Burmistrz", "Prezydent"),
    Organization.Kind.COUNTY_OFFICE: ("Starosta",),
    Organization.Kind.SCHOOL: ("Dyrektor",),
    Organization.Kind.LIBRARY: ("Dyrektor",),
    Organization.Kind.CULTURE_CENTRE: ("Dyrektor",),
    Organization.Kind.SOCIAL_WELFARE: ("Kierownik", "Dyrektor"),
}


@dataclass
class Source:
    name: str
    amount: Decimal
    share: Decimal | None   # of the project's total value, 0..1


@dataclass
class Totals:
    net: Decimal
    vat: Decimal
    gross: Decimal
    eligible: Decimal


@dataclass
class AssetRow:
    inventory_number: str
    fixed_asset_number: str
    name: str
    category: str
    make: str
    serial_number: str
    location: str
    person: str
    status: str
    documents: str


@dataclass
class IndicatorRow:
    code: str
    name: str
    unit: str
    target: Decimal
    achieved: Decimal | None


@dataclass
class PromotionRow:
    name: str
    done_on: datetime.date | None
    evidence: str


@dataclass
class Signatory:
    role: str
    name: str


@dataclass
class Settlement:
    project: GrantProject
    facts: list[tuple[str, object]]   # values: str, Decimal or date
    sources: list[Source]
    total_value: Decimal              # the grant and own contribution
    budget: selectors.Budget
    budget_rows: list[selectors.BudgetRow]
    budget_total: selectors.BudgetRow
    expenditures: list
    totals: Totals
    assets: list[AssetRow]
    indicators: list[IndicatorRow]
    promotion: list[PromotionRow]
    coordinator: Signatory
    head: Signatory
    generated: datetime.date
    warnings: list[str]               # what the coordinator must check before sending it

    @property
    def granted(self) -> Decimal:
        return self.project.granted_amount

    @property
    def unused(self) -> Decimal:
        """What of the grant is not covered by eligible expenditure (never below zero)."""
        return max(self.granted - self.totals.eligible, ZERO)

    @property
    def over_grant(self) -> Decimal:
        """Eligible expenditure above the grant, which the grant does not pay."""
        return max(self.totals.eligible - self.granted, ZERO)

    @property
    def granted_in_words(self) -> str:
        return formatting.amount_in_words(self.granted)

    @property
    def eligible_in_words(self) -> str:
        return formatting.amount_in_words(self.totals.eligible)

    @property
    def place(self) -> str:
        return self.project.organization.city


def _head_of_office(organization: Organization) -> Signatory:
    titles = HEAD_TITLES.get(organization.kind, ("Kierownik jednostki",))
    people = Person.objects.filter(organization=organization, active=True)
    for title in titles:
        head = people.filter(position__istartswith=title).first()
        if head is not None:
            return Signatory(head.position, head.full_name)
    return Signatory(" / ".join(titles), "")


def documents_text(documents) -> str:
    """The names of attached documents by kind: "faktura: FV-0147.pdf; protokół odbioru: …"."""
    names: dict[str, list[str]] = {kind: [] for kind in DOCUMENT_KINDS}
    for document in documents:
        names.setdefault(document.kind, []).append(document.name)
    return "; ".join(f"{DOCUMENT_KINDS.get(kind, kind)}: {', '.join(found)}" for kind, found in names.items() if found)


def counted_note(expenditure) -> str:
    """Why a document's counted amount differs from the eligible amount entered, in Polish."""
    entered = formatting.money(expenditure.eligible_amount)
    if expenditure.outside_eligibility():
        return f"poza okresem kwalifikowalności — nie wliczono (wpisano {entered})"
    if expenditure.counted_amount != expenditure.eligible_amount:
        return f"wliczono do wysokości kwoty brutto (wpisano {entered})"
    return ""


def _evidence(item) -> str:
    """A promotion duty's evidence: its description and address, then the attached files."""
    described = " ".join(x for x in (item.evidence_note, item.evidence_url) if x)
    return "; ".join(x for x in (described, documents_text(item.documents.all())) if x)


def _location(asset) -> str:
    if asset.location is None:
        return ""
    parent = asset.location.parent
    return f"{parent.name} / {asset.location.name}" if parent else asset.location.name


def _assets(project: GrantProject, expenditures: list) -> list[AssetRow]:
    from magistrat.inventory.models import Asset

    documents: dict[int, list[str]] = {}
    for expenditure in expenditures:
        for asset_id in expenditure.asset_ids:
            documents.setdefault(asset_id, []).append(expenditure.document_number)
    assets = (Asset.objects.filter(pk__in=list(documents)).select_related("category", "location__parent", "person")
              .order_by("inventory_number"))
    return [AssetRow(a.inventory_number, a.fixed_asset_number, a.name, a.category.name,
                     " ".join(p for p in (a.manufacturer, a.model) if p), a.serial_number, _location(a),
                     a.person.full_name if a.person else "", ASSET_STATUSES.get(a.status, a.status),
                     ", ".join(documents[a.pk]))
            for a in assets]


def gather(project: GrantProject) -> Settlement:
    org = project.organization
    program = project.program
    coordinator = project.coordinator
    facts = [
        ("Beneficjent", org.name),
        ("Adres", org.address or "—"),
        ("NIP / REGON", " / ".join(x for x in (org.nip_display, org.regon) if x) or "—"),
        ("Program", " — ".join(x for x in (program.name, program.fund) if x)),
        ("Operator programu", program.operator or "—"),
        ("Tytuł projektu", project.title),
        ("Numer projektu (parasolowego)", project.umbrella_number or "—"),
        ("Numer umowy o powierzenie grantu", project.agreement_number or "—"),
        ("Data zawarcia umowy", project.agreement_date),
        ("Rozpoczęcie realizacji", project.start_date),
        ("Zakończenie realizacji", project.end_date),
        ("Kwota grantu", project.granted_amount),
        ("Okres trwałości do", project.durability_end),
        ("Koordynator projektu", coordinator.full_name if coordinator else "—"),
        ("Status projektu", PROJECT_STATUSES.get(project.status, project.status)),
        ("Data sporządzenia", timezone.localdate()),
    ]

    total_value = project_value(project)
    sources = [Source(s.name or FUNDING_KINDS.get(s.kind, s.kind), s.amount,
                      s.amount / total_value if total_value else None) for s in project.funding_sources.all()]

    budget = selectors.budget(project)
    # The selector's rows, with the cost areas named in Polish whatever the interface language.
    budget_rows = [replace(r, area=COST_AREAS.get(r.line.area, r.line.area)) for r in budget.rows]
    budget_total = replace(budget.total, name="Razem")

    expenditures = list(selectors.with_counted(project.expenditures.select_related("budget_line", "project__program"))
                        .prefetch_related("assets", "documents").order_by("document_date", "id"))
    for expenditure in expenditures:
        expenditure.asset_ids = [a.pk for a in expenditure.assets.all()]
        expenditure.documents_text = documents_text(expenditure.documents.all())
        expenditure.counted_note = counted_note(expenditure)
    # Eligible: what counts towards the settlement, row by row, so the column adds up to the total.
    totals = Totals(*(sum((getattr(e, f) for e in expenditures), ZERO)
                      for f in ("net_amount", "vat_amount", "gross_amount", "counted_amount")))

    indicator_list = list(project.indicators.all())
    achieved = selectors.indicators_achieved(indicator_list)
    indicators = [IndicatorRow(i.code, i.name, i.unit, i.target, achieved[i.pk]) for i in indicator_list]
    promotion = [PromotionRow(p.name, p.done_on, _evidence(p))
                 for p in project.promotion_items.prefetch_related("documents")]
    return Settlement(
        project=project, facts=facts, sources=sources, total_value=total_value, budget=budget,
        budget_rows=budget_rows, budget_total=budget_total, expenditures=expenditures, totals=totals,
        assets=_assets(project, expenditures), indicators=indicators, promotion=promotion,
        coordinator=Signatory("Koordynator projektu", coordinator.full_name if coordinator else ""),
        head=_head_of_office(org), generated=facts[-1][1],
        warnings=selectors.project_warnings(project) + budget.warnings + _missing(expenditures, promotion))


def _missing(expenditures: list, promotion: list[PromotionRow]) -> list[str]:
    """What the grant operator will ask for and the records do not show yet: the payment of each
    document (a proof of payment belongs to the settlement) and each promotion duty done."""
    found = [f"{e.document_number}: brak daty zapłaty — do rozliczenia potrzebny jest dowód zapłaty."
             for e in expenditures if not e.payment_date]
    found += [f"Obowiązek promocyjny niewykonany: „{p.name}”." for p in promotion if not p.done_on]
    return found
