"""The main pages, as a browser shows them: content, accessibility (axe-core, WCAG 2.1 AA),
the flows a person walks, the phone layout and the login lockout."""

import re

import pytest
from playwright.sync_api import expect

from .support import assert_accessible, log_in, screenshot

# serialized_rollback: the flush after each test would otherwise also wipe the rows data
# migrations create (default asset categories), which the demo needs.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OFFICE = "Urząd Miasta i Gminy Mikstat"


def _person(last_name):
    from magistrat.organizations.models import Person

    return Person.objects.get(last_name=last_name)


def _fits_width(page):
    """Nothing sticks out sideways (on a phone the layout viewport would grow to fit it)."""
    page.wait_for_load_state("load")  # measured before the stylesheet applies, anything overflows
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _sticking_out(page):
    return page.evaluate("""() => {
      const width = document.documentElement.clientWidth;
      return [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > width + 1 && e.checkVisibility())
        .slice(0, 5)
        .map((e) => `${e.tagName}.${e.className} ends at ${e.getBoundingClientRect().right}px`);
    }""")


def test_start_page_after_login_is_accessible(signed_in, live_server):
    page = signed_in
    assert page.url.rstrip("/") == live_server.url
    expect(page.get_by_role("heading", level=1)).to_have_text(OFFICE)
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    screenshot(page, "start")
    assert_accessible(page)


def test_people_list_is_accessible(signed_in, live_server):
    page = signed_in
    page.goto(f"{live_server.url}/people/")
    expect(page.locator("#object-table tbody tr")).to_have_count(21)
    screenshot(page, "people")
    assert_accessible(page)


def test_person_page_and_its_tabs_are_accessible(signed_in, live_server):
    page = signed_in
    person = _person("Zieliński")
    page.goto(f"{live_server.url}/people/{person.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zieliński")
    expect(page.get_by_role("tabpanel")).to_contain_text("Informatyk")
    screenshot(page, "person")
    assert_accessible(page)
    page.goto(f"{live_server.url}/people/{person.pk}/?tab=history")
    expect(page.locator(".history li").first).to_be_visible()
    assert_accessible(page)


def test_person_form_is_accessible(signed_in, live_server):
    page = signed_in
    person = _person("Zieliński")
    page.goto(f"{live_server.url}/people/{person.pk}/edit/")
    expect(page.locator("#id_position")).to_have_value("Informatyk")
    screenshot(page, "person-edit")
    assert_accessible(page)
    # The same form showing errors: the message and the marked fields must stay accessible.
    page.locator("#id_last_name").fill("")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".errors[role=alert]")).to_be_visible()
    assert_accessible(page)


def test_organization_form_with_help_and_errors_is_accessible(signed_in, live_server):
    from magistrat.organizations.models import Organization

    page = signed_in
    school = Organization.objects.get(slug="sp-mikstat")
    page.goto(f"{live_server.url}/organizations/{school.pk}/edit/")
    nip = page.locator("#id_nip")
    expect(nip).to_have_accessible_description(re.compile("10"))
    nip.fill("12")
    page.locator("form.form button[type=submit]").click()
    expect(nip).to_have_attribute("aria-invalid", "true")
    expect(nip).to_have_accessible_description(re.compile("NIP"))
    assert_accessible(page)


def test_login_page_is_accessible(page, live_server, demo):
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url, "the start page asks for a login first"
    screenshot(page, "login")
    assert_accessible(page)


def test_search_open_a_person_edit_and_see_the_history(signed_in, live_server):
    page = signed_in
    page.get_by_role("navigation", name=re.compile("Main navigation|Nawigacja", re.I)) \
        .get_by_role("link", name=re.compile("^(People|Pracownicy|Osoby)$")).click()
    rows = page.locator("#object-table tbody tr")
    expect(rows).to_have_count(21)

    # htmx narrows the table while typing; the page itself is not reloaded.
    page.evaluate("window.__same_page = true")
    page.get_by_role("searchbox").press_sequentially("zieli", delay=30)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Zieliński")
    assert page.evaluate("window.__same_page === true"), "the search reloaded the whole page"
    expect(page).to_have_url(re.compile(r"search=zieli"))

    rows.first.get_by_role("link", name="Zieliński").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zieliński")
    page.evaluate("window.__same_page = true")

    history_tab = page.get_by_role("tab", name=re.compile("^(Historia|History)$"))
    history_tab.click()
    expect(history_tab).to_have_attribute("aria-selected", "true")
    expect(page).to_have_url(re.compile(r"tab=history"))
    entries = page.locator(".history > li")
    expect(entries).to_have_count(2)  # created by the demo, then linked to the "informatyk" account
    assert page.evaluate("window.__same_page === true"), "the tab reloaded the whole page"

    page.get_by_role("link", name=re.compile("^(Edytuj|Edit)$")).click()
    position = page.locator("#id_position")
    expect(position).to_have_value("Informatyk")
    position.fill("Starszy informatyk")
    page.locator("form.form button[type=submit]").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Zieliński")
    expect(page.get_by_role("tabpanel")).to_contain_text("Starszy informatyk")
    page.get_by_role("tab", name=re.compile("^(Historia|History)$")).click()
    expect(entries).to_have_count(3)
    newest = entries.first
    expect(newest).to_contain_text("admin")
    expect(newest.locator("table.changes tbody tr")).to_have_count(1)
    expect(newest.locator("table.changes tbody tr td")).to_have_text(
        [re.compile("Stanowisko|Position", re.I), "Informatyk", "Starszy informatyk"])
    assert _person("Zieliński").position == "Starszy informatyk"


def test_phone_menu_opens_the_navigation(phone_page, live_server, demo):
    page = phone_page
    log_in(page, live_server.url)
    nav = page.locator("#main-nav")
    toggle = page.locator(".nav-toggle")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    assert _fits_width(page), ("the start page scrolls sideways on a phone", _sticking_out(page))
    screenshot(page, "phone")
    assert_accessible(page)

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    screenshot(page, "phone-menu")
    nav.get_by_role("link", name=re.compile("^(People|Pracownicy|Osoby)$")).click()
    expect(page).to_have_url(re.compile(r"/people/$"))
    expect(page.locator("#object-table tbody tr")).to_have_count(21)
    assert _fits_width(page), ("the people list scrolls sideways on a phone", _sticking_out(page))
    screenshot(page, "phone-people")

    person = _person("Kowalczyk")
    page.goto(f"{live_server.url}/people/{person.pk}/?tab=history")
    expect(page.locator(".history > li").first).to_be_visible()
    assert _fits_width(page), ("the history tab scrolls sideways on a phone", _sticking_out(page))
    screenshot(page, "phone-history")


def test_failed_logins_show_an_error_then_lock_the_account(page, live_server, demo):
    for attempt in range(1, 5):
        log_in(page, live_server.url, password=f"wrong-{attempt}")
        expect(page.locator(".errors[role=alert]")).to_be_visible()
        expect(page.locator("#id_username")).to_have_value("admin")
        if attempt == 1:
            assert_accessible(page)

    log_in(page, live_server.url, password="wrong-5")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("Too many failed logins|Zbyt wiele", re.I))
    assert_accessible(page)

    # Locked out: even the right password does not let the person in now.
    log_in(page, live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("Too many failed logins|Zbyt wiele", re.I))
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url
