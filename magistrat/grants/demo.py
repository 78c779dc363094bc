"""The Mikstat project exactly as domain.md tells it: Cyfrowa Gmina, umbrella number
POPC.05.01.00-00-0001/21-00, 147 979,00 zł, agreement of 28.04.2022, 18 months — which ends on
30.09.2023, the programme's deadline for finishing projects, not on 27.10.2023.
Invoices, suppliers and dates of documents are illustrative (marked "demo") and add up to
147 814,00 zł — no more than the grant. Idempotent.
"""

import datetime
import io
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from magistrat.inventory.models import Asset
from magistrat.organizations import access
from magistrat.organizations.models import Organization, Person

from . import catalogue, services
from .models import GrantProject, Program

TITLE = "Cyfrowa Gmina — cyfryzacja Urzędu Miasta i Gminy Mikstat"
UMBRELLA = "POPC.05.01.00-00-0001/21-00"
SUPPLIER = "Przykładowy Dostawca IT sp. z o.o. (demo)"


def _sample_pdf(title: str, name: str) -> ContentFile:
    """A one-page PDF that says it is an example, standing in for a scanned document."""
    from magistrat.core import pdf

    handle = io.BytesIO()
    canvas = pdf.canvas(handle, title=title, author="Magistrat (demo)", pagesize=pdf.A4)
    canvas.setFont(pdf.FONT_BOLD, 18)
    canvas.drawString(72, pdf.A4[1] - 96, title)
    canvas.setFont(pdf.FONT, 12)
    canvas.drawString(72, pdf.A4[1] - 124, "Dokument przykładowy (demo) — w urzędzie: skan dokumentu.")
    canvas.showPage()
    canvas.save()
    return ContentFile(handle.getvalue(), name=name)


def _net(gross: Decimal, rate: Decimal) -> Decimal:
    return (gross / (1 + rate / 100)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@transaction.atomic
def load(office: Organization) -> GrantProject:
    actor = access.SYSTEM
    catalogue.sync(user=actor)      # programmes added to the catalogue since the database was made
    existing = GrantProject.objects.filter(organization=office, umbrella_number=UMBRELLA).first()
    if existing:
        return existing
    coordinator = Person.objects.filter(organization=office, last_name="Nowicki").first()
    project = services.project_create(
        user=actor, organization=office, program=Program.objects.get(code="cyfrowa-gmina"),
        title=TITLE, umbrella_number=UMBRELLA, agreement_date=datetime.date(2022, 4, 28),
        granted_amount=Decimal("147979.00"), status=GrantProject.Status.DURABILITY,
        durability_end=datetime.date(2028, 12, 31), coordinator=coordinator, published=True,
        public_summary=("Urząd kupił nowoczesny sprzęt komputerowy i oprogramowanie, przeprowadził "
                        "diagnozę cyberbezpieczeństwa i przeszkolił pracowników. Dzięki temu więcej "
                        "spraw mieszkańcy mogą załatwić zdalnie, a urząd działa sprawniej i "
                        "bezpieczniej."))
    lines = {area: services.budget_line_create(user=actor, project=project, area=area, name=name,
                                               planned_amount=Decimal(planned))
             for area, name, planned in (
                 ("hardware", "Sprzęt komputerowy i serwerowy", "131020.00"),
                 ("software", "Licencje oprogramowania biurowego", "9660.00"),
                 ("diagnosis", "Diagnoza cyberbezpieczeństwa", "4920.00"),
                 ("training", "Szkolenie pracowników", "2379.00"))}
    assets = Asset.objects.filter(organization=office, serial_number__regex=r"^DEMO-(SRV|MFP|PC|NB|MON)-")
    # (area, number, date, supplier, description, gross, VAT rate, equipment, quantity and unit of
    # what a document without equipment paid for, as the public page counts it)
    documents = [
        ("hardware", "FV/2022/09/0147 (demo)", datetime.date(2022, 9, 15), SUPPLIER,
         "2 serwery, urządzenie wielofunkcyjne, 12 komputerów, 3 laptopy, 7 monitorów",
         Decimal("131020.00"), Decimal("23"), list(assets), {}),
        ("software", "FV/2022/10/0033 (demo)", datetime.date(2022, 10, 4), SUPPLIER,
         "14 licencji oprogramowania biurowego", Decimal("9660.00"), Decimal("23"), [],
         {"quantity": 14, "unit": "licencji"}),
        ("diagnosis", "FV/2022/11/0012 (demo)", datetime.date(2022, 11, 18),
         "Przykładowa Firma Audytorska (demo)", "Diagnoza cyberbezpieczeństwa (audytor z certyfikatem CISA)",
         Decimal("4920.00"), Decimal("23"), [], {"quantity": 1, "unit": "diagnoza cyberbezpieczeństwa"}),
        ("training", "FV/2022/12/0005 (demo)", datetime.date(2022, 12, 9),
         "Przykładowe Centrum Szkoleń (demo)", "Szkolenie pracowników z cyberbezpieczeństwa (18 osób)",
         Decimal("2214.00"), Decimal("0"), [], {"quantity": 18, "unit": "os. przeszkolonych"}),
    ]
    for area, number, date, supplier, description, gross, rate, linked, counted in documents:
        net = _net(gross, rate)
        expenditure = services.expenditure_create(
            user=actor, project=project, budget_line=lines[area], document_number=number,
            document_date=date, supplier_name=supplier, description=description, net_amount=net,
            vat_amount=gross - net, gross_amount=gross, eligible_amount=gross,
            payment_date=date + datetime.timedelta(days=14), assets=linked, **counted)
        if area == "hardware":
            plain = number.removesuffix(" (demo)")
            for kind, title in (("invoice", f"Faktura {plain}"), ("acceptance", "Protokół odbioru sprzętu")):
                services.project_document_add(user=actor, expenditure=expenditure, kind=kind,
                                              upload=_sample_pdf(title, f"{title} (demo).pdf"))
    for indicator in project.indicators.all():
        manual = {"W3": Decimal("18"), "W4": Decimal("1")}.get(indicator.code)
        if manual is not None:
            services.indicator_update(user=actor, indicator=indicator, achieved_manual=manual)
    for milestone in project.milestones.all():
        if milestone.due_date < datetime.date(2024, 1, 1):
            services.milestone_update(user=actor, milestone=milestone, done_on=milestone.due_date)
    services.milestone_create(user=actor, project=project, kind="settlement_due",
                              name="Złożenie wniosku o rozliczenie grantu",
                              due_date=datetime.date(2023, 11, 30), done_on=datetime.date(2023, 11, 20))
    evidence = {"LOGO": "logotypy na fakturach i protokołach (demo)",
                "PLAKAT": "plakat A3 przy wejściu do urzędu, zdjęcie z 12.01.2023 (demo)",
                "WWW": "artykuł „Cyfrowy Mikstat” na stronie urzędu (demo)",
                "REACT": "zdanie umieszczone na plakacie i stronie (demo)"}
    for item in project.promotion_items.all():
        services.promotion_item_update(user=actor, promotionitem=item, done_on=datetime.date(2023, 1, 12),
                                       evidence_note=evidence.get(item.code, "(demo)"))
    return project
