"""A list screen as a person uses it: filters change the table in place, and what is exported or
deleted follows what is on the screen."""

import pytest
from playwright.sync_api import expect

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
