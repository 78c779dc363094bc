"""The start page sums up the current organization's register and grant projects."""

import datetime

from django.conf import settings
from django.utils import timezone

from magistrat.grants import services as grant_services
from magistrat.grants.tests.factories import GrantProjectFactory
from magistrat.inventory import services as inventory_services
from magistrat.inventory.tests.factories import AssetFactory
from magistrat.organizations import access, services


def _card_text(html: str, label: str) -> str:
    """The number shown on the card whose label starts with `label`."""
    start = html.index(label)
    card = html.rindex('class="summary-card', 0, start)
    return html[card:start]


def test_start_page_counts_equipment_warranties_and_leavers(world, client):
    today = timezone.localdate()
    AssetFactory(organization=world.org_a, status="in_use", warranty_end=today + datetime.timedelta(days=30))
    AssetFactory(organization=world.org_a, status="in_stock")
    gone = AssetFactory(organization=world.org_a)
    inventory_services.asset_retire(user=access.SYSTEM, asset=gone, status="disposed", date=today,
                                    reason="zużyty", protocol_number="PL/1")
    AssetFactory(organization=world.org_b, status="in_use")  # another office: never counted
    held = AssetFactory(organization=world.org_a, person=world.person_a)
    services.person_update(user=access.SYSTEM, person=world.person_a, active=False)

    client.force_login(world.admin_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/").content.decode()
    assert ">3<" in _card_text(html, "assets in the register")       # the disposed one is not…
    assert "2 in use · 1 more withdrawn, disposed of or lost" in html  # …and the card says so
    assert ">1<" in _card_text(html, "warranty ends within 90 days")
    leavers = _card_text(html, "asset still held by a former employee")
    assert "summary-warning" in leavers and ">1<" in leavers and "holder_left=true" in leavers
    listing = client.get("/assets/?holder_left=true").content.decode()
    assert held.inventory_number in listing


def test_start_page_shows_projects_and_overdue_deadlines(world, client):
    project = GrantProjectFactory(organization=world.org_a, apply_templates=False)
    grant_services.milestone_create(user=access.SYSTEM, project=project, name="Wniosek o transzę",
                                    due_date=timezone.localdate() - datetime.timedelta(days=3))
    client.force_login(world.admin_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/").content.decode()
    assert ">1<" in _card_text(html, "grant project")
    overdue = _card_text(html, "deadline overdue")
    assert "summary-warning" in overdue

    client.force_login(world.admin_b)
    assert "deadline overdue" not in client.get("/").content.decode()


def test_menu_offers_handover_only_to_those_who_may_do_it(world, client):
    client.force_login(world.viewer_a)
    assert "/assets/handover/" not in client.get("/").content.decode()
    client.force_login(world.it_a)
    assert "/assets/handover/" in client.get("/").content.decode()
