"""The hardware register and a grant project, walked as the IT officer and the coordinator do:
handing equipment over with the printed protocol, adding an invoice to the Mikstat project."""

import io
import re

import pytest
from playwright.sync_api import expect

from .support import assert_accessible, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_register_pages_are_accessible(signed_in, live_server):
    page = signed_in
    page.goto(f"{live_server.url}/assets/")
    expect(page.locator("#object-table tbody tr").first).to_be_visible()
    screenshot(page, "assets")
    assert_accessible(page)
    page.locator("#object-table tbody a").first.click()
    expect(page.get_by_role("tab", name=re.compile("Konfiguracja|Configuration"))).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/assets/handover/")
    assert_accessible(page)


def test_handover_produces_a_protocol_to_print(signed_in, live_server):
    from magistrat.inventory.models import Asset

    page = signed_in
    old_pcs = list(Asset.objects.filter(serial_number__in=["DEMO-OLD-0002", "DEMO-OLD-0003"]))
    page.goto(f"{live_server.url}/assets/handover/")
    page.get_by_label(re.compile("Pracownik|Employee")).select_option(label="Ewa Kozłowska")
    expect(page.locator("#handover-assets .handover-scope")).to_contain_text("Ewa Kozłowska")  # list redrawn
    for asset in old_pcs:
        page.get_by_role("checkbox", name=asset.inventory_number).check()
    page.get_by_role("button", name=re.compile("handover|przekazanie", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("PP/")
    number = page.get_by_role("heading", level=1).inner_text().split()[-1]
    link = page.get_by_role("link", name=re.compile("PDF"))
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    text = _pdf_text(response.body())
    assert number in text
    assert "Ewa Kozłowska" in text
    for asset in old_pcs:
        assert asset.inventory_number in text and asset.serial_number in text
    page.goto(f"{live_server.url}/people/{old_pcs[0].__class__.objects.get(pk=old_pcs[0].pk).person_id}/?tab=assets")
    expect(page.locator("main")).to_contain_text("DEMO-OLD-0002")
    expect(page.locator("main")).to_contain_text(number)


def test_coordinator_adds_an_invoice_and_the_budget_follows(page, live_server, demo):
    from .support import log_in

    log_in(page, live_server.url, username="sekretarz")
    page.goto(f"{live_server.url}/grants/")
    page.get_by_role("link", name=re.compile("Cyfrowa Gmina — cyfryzacja")).click()
    page.get_by_role("tab", name=re.compile("Budżet|Budget")).click()
    expect(page.locator("#tab-panel")).to_contain_text("147 814,00 zł")
    assert_accessible(page)
    page.get_by_role("tab", name=re.compile("Wydatki|Expenditures")).click()
    page.get_by_role("link", name=re.compile("Dodaj wydatek|Add an expenditure")).click()
    page.get_by_label(re.compile("Pozycja budżetu|Budget line")).select_option(label="Szkolenie pracowników")
    page.get_by_label(re.compile("Numer dokumentu|Document number")).fill("FV/2023/01/0001 (demo)")
    page.get_by_label(re.compile("Data dokumentu|Document date")).fill("2023-01-20")
    page.get_by_label(re.compile(r"^(Dostawca|Supplier)( \*)?$")).fill("Przykładowe Centrum Szkoleń (demo)")
    page.get_by_label(re.compile("Opis|Description")).fill("Szkolenie uzupełniające")
    page.get_by_label(re.compile(r"^(Netto|Net)( \*)?$")).fill("165,00")
    page.get_by_label(re.compile(r"^VAT( \*)?$")).fill("0")
    page.get_by_label(re.compile(r"^(Brutto|Gross)( \*)?$")).fill("165,00")
    page.get_by_role("button", name=re.compile("Zapisz|Save")).click()
    expect(page.locator("#tab-panel")).to_contain_text("FV/2023/01/0001 (demo)")
    page.get_by_role("tab", name=re.compile("Budżet|Budget")).click()
    expect(page.locator("#tab-panel")).to_contain_text("147 979,00 zł")
    screenshot(page, "grant-budget")


def test_public_project_page_needs_no_login_and_is_accessible(page, live_server, demo):
    from magistrat.grants.models import GrantProject

    project = GrantProject.objects.get()
    page.goto(f"{live_server.url}/public/projects/{project.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(project.title)
    expect(page.locator("main")).to_contain_text("147 979,00 zł")
    expect(page.locator("main")).to_contain_text("Sfinansowano w ramach reakcji Unii na pandemię COVID-19")
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 1440, 390])
def test_the_default_asset_columns_fit_the_screen(signed_in, live_server, width):
    """The price and the durability date are read without scrolling sideways; on a phone each row
    is a card no wider than the screen."""
    page = signed_in
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/assets/")
    fits = page.evaluate("""() => {
        const table = document.querySelector('.data-table'), box = document.querySelector('.table-scroll');
        return table.scrollWidth <= box.clientWidth
            && document.documentElement.scrollWidth <= document.documentElement.clientWidth; }""")
    assert fits
    if width > 760:
        for header in ("Cena brutto", "Trwałość do"):
            cell = page.locator(".data-table thead th", has_text=header)
            box = cell.bounding_box()
            assert box["x"] + box["width"] <= width, header


def test_the_expenditure_list_scrolls_inside_its_box_on_a_phone_with_the_totals_row(signed_in, live_server):
    """On a phone the expenditures stay a table — the amounts line up with their totals — that
    scrolls sideways inside its box; the page itself is never wider than the screen."""
    page = signed_in
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{live_server.url}/grants/expenditures/")
    expect(page.locator("tfoot.list-totals")).to_contain_text("Razem (4 dokumenty)")
    expect(page.locator("tfoot.list-totals")).to_contain_text("147 814,00 zł")
    sizes = page.evaluate("""() => {
        const table = document.querySelector('.data-table'), box = document.querySelector('.table-scroll');
        return {table: table.scrollWidth, box: box.clientWidth, overflow: getComputedStyle(box).overflowX,
                page: document.documentElement.scrollWidth, screen: document.documentElement.clientWidth,
                header: getComputedStyle(table.querySelector('thead')).position}; }""")
    assert sizes["table"] > sizes["box"] and sizes["overflow"] == "auto"     # scrolls inside its box
    assert sizes["page"] <= sizes["screen"]                                  # the page does not
    assert sizes["header"] == "static"                                       # the column headers show
    screenshot(page, "expenditures-phone")
