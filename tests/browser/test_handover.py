"""Handing equipment over and taking it back, walked as the IT officer does: the person first,
then what can go on their protocol, found with a search box that asks the server as one types
(the page never lists the whole register), the condition and accessories of each item on the
printed protocol — on a desktop, a phone, with the keyboard and without JavaScript."""

import io
import re

import pytest
from playwright.sync_api import expect

from .support import assert_accessible, log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def _asset(serial):
    from magistrat.inventory.models import Asset

    return Asset.objects.select_related("location").get(serial_number=serial)


def _items(page):
    """Every item the equipment picker shows: the chosen ones and the matches."""
    return page.locator("#handover-assets [data-picker-item]")


def _chosen(page):
    return page.locator("#handover-assets [data-picker-chosen] [data-picker-item]")


def _matches(page):
    return page.locator("#handover-assets [data-picker-results] [data-picker-item]")


def _search(page):
    return page.get_by_label(re.compile("Znajdź|Find", re.I))


def _choose(page, name):
    """Choose the person; wait until the equipment list has been redrawn for them (htmx)."""
    page.get_by_label(re.compile("Pracownik|Employee")).select_option(label=name)
    expect(page.locator("#handover-assets .handover-scope")).to_contain_text(name)
    # htmx wires the new search box up while it settles; typing before that would go unheard.
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")


def test_handover_lists_the_units_equipment_filters_it_and_prints_the_condition(signed_in, live_server):
    page = signed_in
    page.goto(f"{live_server.url}/assets/handover/")
    person = page.get_by_label(re.compile("Pracownik|Employee"))
    # People are grouped by the unit they work in.
    expect(person.locator("optgroup[label='SP Mikstat'] option", has_text="Rafał Grabowski")).to_have_count(1)
    # The school has nothing in stock: choosing its teacher says so, without leaving the page.
    _choose(page, "Rafał Grabowski")
    expect(page.locator("#handover-assets")).to_contain_text("Szkoła Podstawowa")
    expect(_items(page)).to_have_count(0)
    _choose(page, "Ewa Kozłowska")
    expect(_items(page).first).to_be_visible()
    servers = _items(page).filter(has_text="Serwer wieżowy")
    expect(servers).to_have_count(2)
    expect(servers.first).to_contain_text("DEMO-SRV-0001")   # told apart by serial number and room
    expect(servers.first).to_contain_text("Serwerownia")
    # The search asks the server as one types, diacritics or not.
    search = _search(page)
    search.fill("stacjonarny stary 0003")
    expect(_matches(page)).to_have_count(1)
    old_pc = _asset("DEMO-OLD-0003")
    item = _matches(page).filter(has_text="DEMO-OLD-0003")
    item.get_by_role("checkbox").check()
    # The ticked item moves among the chosen and asks what the protocol should say about it.
    item = _chosen(page).filter(has_text="DEMO-OLD-0003")
    expect(item).to_have_count(1)
    item.get_by_label(re.compile("Stan|Condition")).fill("używany, sprawny")
    item.get_by_label(re.compile("Wyposażenie|Accessories")).fill("klawiatura, mysz")
    search.fill("")
    expect(_matches(page).filter(has_text="DEMO-MFP-0001")).to_be_visible()
    expect(_matches(page).filter(has_text="DEMO-OLD-0003")).to_have_count(0)   # chosen, not offered twice
    search.fill("nic takiego")     # a search left in the box is not sent with the form
    expect(page.locator("#handover-assets .picker-summary")).to_contain_text("nic takiego")
    screenshot(page, "handover")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("handover|przekazanie", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("PP/")
    link = page.get_by_role("link", name=re.compile("PDF"))
    text = _pdf_text(page.request.get(live_server.url + link.get_attribute("href")).body())
    assert "Ewa Kozłowska" in text and old_pc.inventory_number in text
    assert "używany, sprawny" in text and "klawiatura, mysz" in text


def test_a_wrong_unit_is_said_about_the_person(signed_in, live_server):
    page = signed_in
    old_pc = _asset("DEMO-OLD-0002")
    page.goto(f"{live_server.url}/assets/handover/?assets={old_pc.pk}")
    expect(_chosen(page).get_by_role("checkbox", name=old_pc.inventory_number)).to_be_checked()
    _choose(page, "Rafał Grabowski")
    # The ticked office computer stays in view, marked, and the unit is named at once.
    warning = page.locator("#handover-assets .warning")
    expect(warning).to_contain_text("Rafał Grabowski")
    expect(warning).to_contain_text("Szkoła Podstawowa")
    page.get_by_role("button", name=re.compile("handover|przekazanie", re.I)).click()
    error = page.locator("#id_person_error")
    expect(error).to_contain_text("Rafał Grabowski")
    expect(error).to_contain_text("Szkoła Podstawowa")
    assert_accessible(page)


def test_return_from_a_persons_page_ticks_what_they_hold(signed_in, live_server):
    from magistrat.organizations.models import Person

    page = signed_in
    person = Person.objects.get(last_name="Zieliński")
    held = list(person.assets.values_list("serial_number", flat=True))
    page.goto(f"{live_server.url}/people/{person.pk}/?tab=assets")
    page.locator("main").get_by_role("link", name=re.compile("Przyjmij zwrot|Take equipment back")).click()
    expect(_chosen(page)).to_have_count(len(held))
    expect(page.locator("#handover-assets input[type=checkbox]:checked")).to_have_count(len(held))
    for serial in held:
        expect(page.locator("#handover-assets")).to_contain_text(serial)
    # Someone else's equipment is not offered.
    expect(page.locator("#handover-assets")).not_to_contain_text("DEMO-PRN-0001")
    _search(page).fill("DEMO-PRN-0001")
    expect(_matches(page)).to_have_count(0)
    laptop = _items(page).filter(has_text="DEMO-NB-0003")
    laptop.get_by_label(re.compile("Stan|Condition")).fill("porysowana klapa")
    monitor = _items(page).filter(has_text="DEMO-MON")
    monitor.get_by_role("checkbox").uncheck()
    expect(monitor.get_by_label(re.compile("Stan|Condition"))).to_be_hidden()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("zwrot|return", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("PZ/")
    link = page.get_by_role("link", name=re.compile("PDF"))
    text = _pdf_text(page.request.get(live_server.url + link.get_attribute("href")).body())
    assert "porysowana klapa" in text and "DEMO-NB-0003" in text and "DEMO-MON" not in text


def test_the_return_form_follows_the_person_chosen(signed_in, live_server):
    page = signed_in
    page.goto(f"{live_server.url}/assets/return/")
    expect(_items(page)).to_have_count(0)
    _choose(page, "Agnieszka Szymańska")
    expect(page.locator("#handover-assets")).to_contain_text("DEMO-PRN-0001")
    expect(page.locator("#handover-assets input[type=checkbox]:checked")).to_have_count(0)
    _choose(page, "Paweł Zieliński")
    expect(page.locator("#handover-assets")).not_to_contain_text("DEMO-PRN-0001")
    expect(page.locator("#handover-assets")).to_contain_text("DEMO-NB-0003")


def test_the_handover_on_a_phone(phone_page, live_server, demo):
    page = phone_page
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/assets/handover/")
    _choose(page, "Ewa Kozłowska")
    _matches(page).filter(has_text="DEMO-OLD-0002").get_by_role("checkbox").check()
    item = _chosen(page).filter(has_text="DEMO-OLD-0002")
    expect(item.get_by_label(re.compile("Stan|Condition"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    screenshot(page, "handover-phone")
    assert_accessible(page)


def test_without_javascript_a_button_shows_the_persons_equipment(browser, live_server, demo):
    context = browser.new_context(java_script_enabled=False, locale="pl-PL")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        log_in(page, live_server.url)
        page.goto(f"{live_server.url}/assets/return/")
        page.get_by_label(re.compile("Pracownik|Employee")).select_option(label="Agnieszka Szymańska")
        page.get_by_role("button", name=re.compile("Pokaż|Show")).click()
        expect(page.locator("#handover-assets")).to_contain_text("DEMO-PRN-0001")
        _items(page).filter(has_text="DEMO-PRN-0001").get_by_role("checkbox").check()
        page.get_by_role("button", name=re.compile("zwrot|return", re.I)).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("PZ/")
        # The search box takes inventory numbers; "Find" lists what matches other text.
        old = _asset("DEMO-OLD-0002")
        page.goto(f"{live_server.url}/assets/handover/")
        page.get_by_label(re.compile("Pracownik|Employee")).select_option(label="Ewa Kozłowska")
        _search(page).fill("stacjonarny stary")
        page.get_by_role("button", name=re.compile("^(Znajdź|Find)$")).click()
        expect(_matches(page).filter(has_text="DEMO-OLD-0003")).to_have_count(1)
        _search(page).fill(old.inventory_number)
        page.get_by_role("button", name=re.compile("handover|przekazanie", re.I)).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("PP/")
        expect(page.locator("main")).to_contain_text(old.inventory_number)
    finally:
        context.close()


def test_the_picker_is_used_with_the_keyboard(signed_in, live_server):
    page = signed_in
    page.goto(f"{live_server.url}/assets/handover/")
    _choose(page, "Ewa Kozłowska")
    search = _search(page)
    search.fill("serwer")
    expect(_matches(page)).to_have_count(2)
    search.press("Enter")               # searches, does not send the form
    page.wait_for_load_state("networkidle")
    # The search's answer is swapped in before the keyboard moves on (a slow machine may still
    # be drawing it).
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")
    expect(_matches(page)).to_have_count(2)
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("PP/")
    search.press("Tab")
    page.keyboard.press("Space")
    expect(_chosen(page)).to_have_count(1)
    expect(_chosen(page).get_by_role("checkbox")).to_be_focused()
    expect(page.locator("[data-picker-status]")).to_contain_text("Serwer wieżowy")
    assert_accessible(page)

