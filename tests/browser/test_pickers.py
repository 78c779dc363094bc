"""Equipment pickers outside the handover: what an asset is part of, and what an invoice paid
for — found by typing, chosen by ticking, with the keyboard as well as the mouse."""

import re

import pytest
from playwright.sync_api import expect

from .support import assert_accessible, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_monitor_is_attached_to_a_computer_by_searching(signed_in, live_server):
    from magistrat.inventory.models import Asset

    page = signed_in
    monitor = Asset.objects.get(serial_number="DEMO-MON-0001")
    computer = Asset.objects.get(serial_number="DEMO-PC-0002")
    page.goto(f"{live_server.url}/assets/{monitor.pk}/edit/")
    search = page.get_by_label(re.compile("Wchodzi w skład|Part of"))
    # Nothing is listed until one types: the register may hold tens of thousands of assets.
    expect(page.locator("[data-picker-results] [data-picker-item]")).to_have_count(0)
    search.fill("DEMO-PC-0002")
    match = page.locator("[data-picker-results] [data-picker-item]")
    expect(match).to_have_count(1)
    match.get_by_role("checkbox").check()
    expect(page.locator("[data-picker-chosen]")).to_contain_text("DEMO-PC-0002")
    # A second choice replaces the first: an asset is part of one thing.
    search.fill("DEMO-SRV-0001")
    expect(match).to_have_count(1)
    match.get_by_role("checkbox").check()
    expect(page.locator("[data-picker-chosen] [data-picker-item]")).to_have_count(1)
    expect(page.locator("[data-picker-chosen]")).to_contain_text("DEMO-SRV-0001")
    assert_accessible(page)
    # Back to the computer, with the keyboard only.
    search.fill("DEMO-PC-0002")
    expect(match).to_have_count(1)
    search.press("Tab")
    page.keyboard.press("Space")
    expect(page.locator("[data-picker-chosen]")).to_contain_text("DEMO-PC-0002")
    page.get_by_role("button", name=re.compile("^(Zapisz|Save)$")).click()
    expect(page.locator("main")).to_contain_text(re.compile("Zapisano|Saved"))
    monitor.refresh_from_db()
    assert monitor.parent == computer


def test_an_invoice_names_the_equipment_it_paid_for(page, live_server, demo):
    from magistrat.grants.models import Expenditure

    log_in(page, live_server.url, username="sekretarz")
    document = Expenditure.objects.filter(assets__isnull=False).order_by("pk").first()
    paid = set(document.assets.values_list("pk", flat=True))
    page.goto(f"{live_server.url}/grants/expenditures/{document.pk}/edit/")
    chosen = page.locator("[data-picker-chosen] [data-picker-item]")
    expect(chosen).to_have_count(len(paid))
    search = page.get_by_label(re.compile("Sprzęt|Equipment", re.I))
    search.fill("stacjonarny stary")
    expect(page.locator("[data-picker-results] [data-picker-item]").first).to_be_visible()
    page.locator("[data-picker-results] [data-picker-item]").first.get_by_role("checkbox").check()
    expect(chosen).to_have_count(len(paid) + 1)
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^(Zapisz|Save)$")).click()
    expect(page).not_to_have_url(re.compile("/edit/"))
    assert document.assets.count() == len(paid) + 1
