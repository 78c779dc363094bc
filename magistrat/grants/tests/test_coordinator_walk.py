"""What a grant coordinator stumbled on while running a project from agreement to settlement in the
UI: messages that name the figures to correct, lists that read on a phone."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from magistrat.grants import services
from magistrat.grants.models import Program

from .factories import GrantProjectFactory, expenditure

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def project(world):
    project = GrantProjectFactory(organization=world.org_a, granted_amount=Decimal("10000.00"))
    services.budget_line_create(user=world.admin_a, project=project, area="hardware", name="Sprzęt",
                                planned_amount=Decimal("5000.00"))
    return project


def _form(project, **changes):
    return {"budget_line": project.budget_lines.get().pk, "document_number": "FV/1/2024",
            "document_date": "01.06.2022", "supplier_name": "Dostawca", "description": "Zapora sieciowa",
            "net_amount": "40000.00", "vat_amount": "9200.00", "gross_amount": "49200.00", **changes}


def test_gross_not_net_plus_vat_says_what_net_plus_vat_is(world, client, project):
    client.force_login(world.admin_a)
    response = client.post(reverse("grants:child_add", args=[project.pk, "expenditures"]),
                           _form(project, gross_amount="49000.00"))
    assert response.status_code == 400
    assert "Gross must equal net plus VAT: 40\xa0000,00\xa0zł + 9\xa0200,00\xa0zł = 49\xa0200,00\xa0zł." in \
        response.content.decode()


def test_the_eligibility_warning_names_the_date_and_the_window(world, project):
    early = expenditure(project, document_date=datetime.date(2019, 12, 15))
    from django.utils import translation

    with translation.override("pl"):
        assert early.warnings() == [
            "Data dokumentu 15.12.2019 wykracza poza okres kwalifikowalności wydatków w programie "
            "(01.02.2020–30.09.2023): dokument nie jest wliczany do rozliczenia."]
        program = project.program
        program.eligibility_end = None
        assert program.eligibility_window() == "od 01.02.2020"
        program.eligibility_start, program.eligibility_end = None, datetime.date(2023, 9, 30)
        assert program.eligibility_window() == "do 30.09.2023"
        assert Program(code="x", name="x").eligibility_window() == ""


def test_row_actions_keep_together_on_a_phone_card(world, client, project):
    """On a phone each row is a card of label/value pairs: "Edit · Delete" is one value, not
    three cells with a stray "·" in the label column."""
    client.force_login(world.admin_a)
    html = client.get(f"{project.get_absolute_url()}?tab=budget").content.decode()
    cell = re.search(r'<td class="row-actions">(.*?)</td>', html, re.S).group(1)
    assert cell.startswith("<span>") and cell.endswith("</span>") and " · " in cell


def test_the_promotion_form_has_a_normal_address_box_and_no_future_days(world, client, project):
    """The evidence address was a bare, unstyled type="url" box; the date picker offered days to come."""
    from django.utils import timezone

    duty = project.promotion_items.first()
    client.force_login(world.admin_a)
    html = client.get(reverse("grants:child_edit", args=["promotion", duty.pk])).content.decode()
    address = re.search(r'<input[^>]*name="evidence_url"[^>]*>', html).group(0)
    assert 'type="text"' in address and 'inputmode="url"' in address
    done = re.search(r'<input[^>]*name="done_on"[^>]*>', html).group(0)
    assert f'max="{timezone.localdate().isoformat()}"' in done


def test_hardware_without_a_count_reads_bought_not_done_for_residents(world, project):
    """A firewall paid for without equipment linked from the register read "Sprzęt: wykonano"."""
    from magistrat.grants import selectors

    expenditure(project, document_date=datetime.date(2022, 6, 1))
    diagnosis = services.budget_line_create(user=world.admin_a, project=project, area="diagnosis", name="Audyt",
                                            planned_amount=Decimal("1000"))
    expenditure(project, line=diagnosis, document_number="FV/A/1")
    assert selectors.bought_and_done(project) == ["sprzęt: zakupiono", "diagnoza / audyt: wykonano"]


def test_the_settlement_lists_unpaid_documents_and_duties_not_done_to_check(world, project):
    """Before sending the settlement the coordinator is told what the operator will ask for:
    a document without a payment date, a promotion duty not done."""
    import io

    from openpyxl import load_workbook

    from magistrat.grants import documents

    unpaid = expenditure(project, document_number="FV 77/2024")
    expenditure(project, document_number="FV 78/2024", payment_date=datetime.date(2022, 6, 10))
    for duty in project.promotion_items.exclude(code="PLAKAT"):
        services.promotion_item_update(user=world.admin_a, promotionitem=duty, done_on=datetime.date(2023, 1, 12))
    poster = project.promotion_items.get(code="PLAKAT")
    handle = io.BytesIO()
    documents.settlement_xlsx(project, handle)
    cells = [c.value for row in load_workbook(io.BytesIO(handle.getvalue()))["Projekt"].iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("Uwaga: ")]
    assert f"Uwaga: {unpaid.document_number}: brak daty zapłaty — do rozliczenia potrzebny jest dowód zapłaty." \
        in cells
    assert f"Uwaga: Obowiązek promocyjny niewykonany: „{poster.name}”." in cells
    assert not any("FV 78/2024" in cell for cell in cells)
    assert sum("Obowiązek promocyjny" in cell for cell in cells) == 1


def test_an_imported_row_whose_gross_is_not_net_plus_vat_says_the_sum(world, project):
    from django.utils import translation

    from magistrat.grants.imports import expenditure_import

    rows = ["Nr faktury;Data wystawienia;Dostawca;Opis;Netto;VAT;Brutto;Pozycja budżetu",
            "FV/3;15.06.2022;Firma X;Szkolenie;1000;230;1300;Sprzęt"]
    with translation.override("pl"):
        report = expenditure_import(user=world.admin_a, project=project,
                                    source=("\r\n".join(rows) + "\r\n").encode("cp1250"))
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "Brutto", "Kwota brutto musi być równa sumie kwoty netto i VAT: 1\xa0000,00\xa0zł + 230,00\xa0zł = "
                      "1\xa0230,00\xa0zł.")]
