"""A list screen as a person uses it: filters change the table in place, and what is exported or
deleted follows what is on the screen."""

import pytest
from playwright.sync_api import expect

from .support import log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _settled(page):
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")


def test_export_follows_the_filters_and_a_cleared_filter_is_gone(signed_in, live_server):
    page = signed_in
    page.goto(f"{live_server.url}/assets/")
    everything = page.locator("#object-table .count").inner_text()
    in_stock = page.get_by_role("checkbox", name="w magazynie")
    in_stock.check()
    _settled(page)
    expect(page.locator("#object-table .count")).not_to_have_text(everything)
    csv = page.get_by_role("link", name="Eksport CSV")
    expect(csv).to_have_attribute("href", "?status=in_stock&export=csv")
    in_stock.uncheck()
    _settled(page)
    expect(page.locator("#object-table .count")).to_have_text(everything)
    expect(csv).to_have_attribute("href", "?export=csv")
    assert "status" not in page.url


def test_removing_an_attachment_from_a_tab_asks_first(signed_in, live_server):
    from magistrat.inventory.models import Asset, AssetAttachment
    from magistrat.inventory.services import attachment_add
    from magistrat.organizations import access

    asset = Asset.objects.filter(organization__slug="umig-mikstat").first()
    from django.core.files.uploadedfile import SimpleUploadedFile

    attachment_add(user=access.SYSTEM, asset=asset, name="Faktura",
                   upload=SimpleUploadedFile("faktura.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"))
    page = signed_in
    page.goto(f"{live_server.url}{asset.get_absolute_url()}")
    page.get_by_role("tab", name="Załączniki").click()
    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.locator("#tabbed form[data-confirm] button").click()
    expect(page.get_by_role("tab", name="Załączniki")).to_be_visible()
    assert questions == ["Usunąć ten załącznik?"]
    assert AssetAttachment.objects.filter(asset=asset).exists()


def test_on_a_phone_inventory_numbers_are_read_whole(phone_page, live_server, demo):
    """The register on a 390 px phone: every inventory number ("UMiGMikstat/MON/0001/22") stays
    on one line — not broken mid-number beside its label — and nothing sticks out sideways."""
    page = phone_page
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/assets/?per_page=100")
    links = page.locator("table.data-table tbody td > a")
    expect(links.first).to_be_visible()
    # The lines a number's text takes (a range's boxes, one per line it runs on).
    heights = page.evaluate("""() => [...document.querySelectorAll('table.data-table tbody td > a')].map(a => {
        const range = document.createRange(); range.selectNodeContents(a);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        return [a.textContent.trim(), tops.size]; })""")
    assert len(heights) == 32 and any("/MON/" in number for number, _ in heights)
    assert [number for number, lines in heights if lines > 1.5] == []
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.locator("table.data-table tbody td > a", has_text="/MON/").first.scroll_into_view_if_needed()
    screenshot(page, "asset-list-phone")
