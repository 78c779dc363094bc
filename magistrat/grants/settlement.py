"""The content of a settlement report, gathered once for the PDF and the XLSX alike.

Documents go to the grant operator in Polish whatever the UI language, so their labels are
Polish text here, not translatable UI strings.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from magistrat.core import formatting

from . import selectors
from .models import GrantProject


@dataclass
class Settlement:
    project: GrantProject
    facts: list[tuple[str, str]]
    sources: list[tuple[str, Decimal, str]]
    budget: selectors.Budget
    expenditures: list
    assets: list
    indicators: list[tuple[str, str, str, Decimal, Decimal | None]]
    promotion: list[tuple[str, object, str]]
    generated: object

    @property
    def granted_in_words(self) -> str:
        return formatting.amount_in_words(self.project.granted_amount)

    @property
    def eligible_in_words(self) -> str:
        return formatting.amount_in_words(self.budget.total.eligible)


def gather(project: GrantProject) -> Settlement:
    org = project.organization
    period = f"{formatting.date(project.start_date) or '…'} – {formatting.date(project.end_date) or '…'}"
    facts = [
        ("Beneficjent", org.name),
        ("Adres", org.address or "—"),
        ("NIP / REGON", " / ".join(x for x in (org.nip_display, org.regon) if x) or "—"),
        ("Program", f"{project.program.name} — {project.program.fund}".strip(" —")),
        ("Tytuł projektu", project.title),
        ("Numer projektu (parasolowego)", project.umbrella_number or "—"),
        ("Numer umowy", project.agreement_number or "—"),
        ("Data umowy", formatting.date(project.agreement_date) or "—"),
        ("Okres realizacji", period),
        ("Kwota grantu", formatting.money(project.granted_amount)),
        ("Trwałość do", formatting.date(project.durability_end) or "—"),
        ("Koordynator", str(project.coordinator) if project.coordinator else "—"),
        ("Status", project.get_status_display()),
    ]
    sources = [(s.name or s.get_kind_display(), s.amount,
                formatting.money(s.amount * 100 / project.granted_amount, currency="") + "%"
                if project.granted_amount else "")
               for s in project.funding_sources.all()]
    expenditures = list(project.expenditures.select_related("budget_line").order_by("document_date", "id"))
    from magistrat.inventory.models import Asset

    assets = list(Asset.objects.filter(expenditures__project=project).distinct()
                  .select_related("category", "location", "person").order_by("inventory_number"))
    indicators = [(i.code, i.name, i.unit, i.target, selectors.indicator_achieved(i))
                  for i in project.indicators.all()]
    promotion = [(p.name, p.done_on, " ".join(x for x in (p.evidence_note, p.evidence_url) if x))
                 for p in project.promotion_items.all()]
    return Settlement(project, facts, sources, selectors.budget(project), expenditures, assets,
                      indicators, promotion, timezone.localdate())
