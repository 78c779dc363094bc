"""The "users and roles" screen as an office administrator uses it, checked with axe-core; the
journal and a long unit name on a phone."""

import re

import pytest
from playwright.sync_api import expect

from .support import assert_accessible, log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_PASSWORD = "zielona-lampa-2024"


def _fits_width(page):
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_an_administrator_creates_an_account_and_gives_it_roles(signed_in, live_server):
    from magistrat.organizations.models import Account, Organization, Person

    school = str(Organization.objects.get(slug="sp-mikstat").pk)
    library = str(Organization.objects.get(slug="biblioteka-mikstat").pk)
    headmistress = str(Person.objects.get(last_name="Piotrowska").pk)
    page = signed_in
    page.get_by_role("navigation", name=re.compile("Nawigacja|Main navigation", re.I)) \
        .get_by_role("link", name=re.compile("Użytkownicy i role|Users and roles")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Użytkownicy i role|Users and roles"))
    expect(page.locator("#object-table tbody tr")).to_have_count(5)
    screenshot(page, "users")
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("^(Dodaj|Add)$")).click()
    page.get_by_label(re.compile("^(Nazwa użytkownika|User name)")).fill("dyrektor.sp")
    page.get_by_label(re.compile("^(Hasło|Password)"), exact=False).first.fill(NEW_PASSWORD)
    page.get_by_label(re.compile("^(Powtórz hasło|Password again)")).fill(NEW_PASSWORD)
    page.get_by_label(re.compile("^(Jednostka|Unit)")).select_option(school)
    page.get_by_label(re.compile("^(Rola|Role)")).select_option("viewer")
    page.get_by_label(re.compile("Pracownik|Person")).select_option(headmistress)
    assert_accessible(page)
    page.locator("form.form button[type=submit]").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("dyrektor.sp")
    roles = page.locator(".roles-table tbody tr")
    expect(roles).to_have_count(1)
    expect(roles.first).to_contain_text("Szkoła Podstawowa")
    screenshot(page, "user")
    assert_accessible(page)

    # Give a second role, in the library, then change it to reach nothing below.
    form = page.locator("form.role-add")
    form.get_by_label(re.compile("^(Jednostka|Unit)")).select_option(library)
    form.get_by_label(re.compile("^(Rola|Role)")).select_option("it_officer")
    form.get_by_role("button").click()
    expect(roles).to_have_count(2)
    account = Account.objects.get(username="dyrektor.sp")
    assert {m.organization.slug: m.role for m in account.memberships.all()} == {
        "sp-mikstat": "viewer", "biblioteka-mikstat": "it_officer"}
    assert account.linked_person.last_name == "Piotrowska"

    page.get_by_role("link", name=re.compile("nowe hasło|new password", re.I)).click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^(Anuluj|Cancel)$")).click()
    page.get_by_role("link", name=re.compile("^(Usuń|Delete)$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("dyrektor.sp")
    assert_accessible(page)


def test_journal_and_a_long_unit_name_on_a_phone(phone_page, live_server, demo):
    from magistrat.organizations import access, services
    from magistrat.organizations.models import Organization

    office = Organization.objects.get(slug="umig-mikstat")
    services.organization_create(
        user=access.SYSTEM, parent=office, slug="gok",
        name="Gminny Ośrodek Kultury i Sportu imienia Patrona o Bardzo Długiej Nazwie w Mikstacie",
        short_name="GOKiSBardzoDlugaNazwaKtorejNieDaSieZlamac12345")
    page = phone_page
    log_in(page, live_server.url)
    page.locator("#switch-organization").select_option(label="\u2003GOKiSBardzoDlugaNazwaKtorejNieDaSieZlamac12345")
    page.locator(".switcher button").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bardzo Długiej Nazwie")
    assert _fits_width(page), "a long unit name makes the page wider than the phone"
    expect(page.locator(".switcher button")).to_be_in_viewport()
    screenshot(page, "phone-long-name")

    page.goto(f"{live_server.url}/journal/")
    expect(page.locator("#object-table tbody tr").first).to_be_visible()
    assert _fits_width(page)
    assert_accessible(page)   # the scrolling table is reachable with the keyboard
