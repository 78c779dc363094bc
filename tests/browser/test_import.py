"""Importing the office's spreadsheet as the IT officer does: upload the example file, read the
preview, confirm, see the equipment in the register — on a desktop and on a phone."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .support import assert_accessible, log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "sprzet-przyklad.csv"


def test_upload_preview_confirm(signed_in, live_server):
    page = signed_in
    page.goto(f"{live_server.url}/assets/")
    page.get_by_role("link", name=re.compile("^(Import|Importuj)$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("Import"))
    screenshot(page, "import-form")
    assert_accessible(page)
    page.get_by_label(re.compile("Spreadsheet|Arkusz")).set_input_files(str(EXAMPLE))
    page.get_by_role("button", name=re.compile("Check the file|Sprawdź plik")).click()
    expect(page.locator("#import-status")).to_contain_text("12")
    expect(page.locator(".import-preview")).to_contain_text("UMiG/2024/001")
    screenshot(page, "import-preview")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("create 12|utwórz 12", re.I)).click()
    expect(page.locator("#import-status")).to_contain_text(re.compile("12 created|utworzono 12", re.I))
    screenshot(page, "import-done")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Show the imported records|Pokaż")).click()
    page.get_by_label(re.compile("^(Search|Szukaj)$")).fill("PRZYKL-PRN-0101")
    expect(page.locator("#object-table tbody")).to_contain_text("Drukarka laserowa")


def test_errors_are_listed_on_a_phone(phone_page, live_server, demo, tmp_path):
    page = phone_page
    log_in(page, live_server.url, username="informatyk")
    broken = tmp_path / "zly.csv"
    broken.write_bytes("Nr inw.;Nazwa;Kategoria;Data zakupu;Wartość brutto [zł]\n"
                       "X/1;Laptop;laptop;31.02.2024;-10\n"
                       "X/1;;pralka;01.01.2024;10\n".encode("cp1250"))
    page.goto(f"{live_server.url}/assets/import/")
    page.get_by_label(re.compile("Spreadsheet|Arkusz")).set_input_files(str(broken))
    page.get_by_role("button", name=re.compile("Check the file|Sprawdź plik")).click()
    errors = page.locator(".import-errors tbody tr")
    expect(errors).to_have_count(5)
    expect(page.locator(".import-errors")).to_contain_text("31.02.2024")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    screenshot(page, "import-errors-phone")
    assert_accessible(page)
