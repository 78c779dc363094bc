"""The delete confirmation says at once when a record cannot go, and why; the record's page
offers "Delete" only when it would go through."""

import re

import pytest
from django.conf import settings
from django.utils import translation

from magistrat.inventory import services
from magistrat.inventory.models import Asset
from magistrat.inventory.tests.factories import AssetFactory, LocationFactory, category


def test_confirmation_names_what_refers_to_the_record(world, client):
    room = LocationFactory(organization=world.org_a, name="Pokój 3")
    AssetFactory(organization=world.org_a, location=room)
    AssetFactory(organization=world.org_a, location=room)
    client.force_login(world.admin_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/locations/{room.pk}/delete/").content.decode()
    assert "assets: 2" in html and "Yes, delete" not in html
    response = client.post(f"/locations/{room.pk}/delete/", follow=True)
    assert "assets: 2" in response.content.decode()
    assert room.__class__.objects.filter(pk=room.pk).exists()


def test_asset_with_history_is_refused_on_the_confirmation_page(world, client):
    from magistrat.organizations import access

    asset = AssetFactory(organization=world.org_a)
    services.asset_update(user=access.SYSTEM, asset=asset, ram="16 GB")
    client.force_login(world.admin_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/assets/{asset.pk}/delete/").content.decode()
    assert "has history" in html and "Yes, delete" not in html


def test_a_free_record_is_offered_for_deletion(world, client):
    room = LocationFactory(organization=world.org_a, name="Pokój 4")
    client.force_login(world.admin_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Yes, delete" in client.get(f"/locations/{room.pk}/delete/").content.decode()
    client.post(f"/locations/{room.pk}/delete/")
    assert not room.__class__.objects.filter(pk=room.pk).exists()


# The record's own page: "Delete" is offered only when the delete would go through; otherwise it
# is shown disabled with the same reason the confirmation page and the service give.

DELETE_LINK = re.compile(r'<a class="button-danger" href="[^"]+/delete/">')
DISABLED = re.compile(r'<button type="button" class="button-danger" disabled aria-describedby="delete-refusal">')


def _page(client, url) -> str:
    return client.get(url).content.decode()


def _refusal(html) -> str:
    match = re.search(r'<p class="help delete-refusal" id="delete-refusal">(.*?)</p>', html, re.S)
    return match.group(1) if match else ""


@pytest.fixture
def signed_in(world, client):
    client.force_login(world.admin_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield client


def test_a_location_with_equipment_shows_delete_disabled_with_the_reason(world, signed_in):
    room = LocationFactory(organization=world.org_a, name="Pokój 3")
    empty = LocationFactory(organization=world.org_a, name="Pokój 4")
    AssetFactory(organization=world.org_a, location=room)
    html = _page(signed_in, room.get_absolute_url())
    assert DISABLED.search(html) and not DELETE_LINK.search(html)
    assert _refusal(html) == "Pokój 3 cannot be deleted: other records refer to it (assets: 1)."
    html = _page(signed_in, empty.get_absolute_url())
    assert DELETE_LINK.search(html) and not DISABLED.search(html)


def test_an_asset_with_history_and_a_person_holding_equipment(world, signed_in):
    asset = AssetFactory(organization=world.org_a)
    fresh = AssetFactory(organization=world.org_a)
    services.asset_handover(user=world.it_a, person=world.person_a, assets=[asset])
    html = _page(signed_in, asset.get_absolute_url())
    assert DISABLED.search(html) and "has history: withdraw or dispose of it" in _refusal(html)
    assert DELETE_LINK.search(_page(signed_in, fresh.get_absolute_url()))
    html = _page(signed_in, world.person_a.get_absolute_url())
    assert DISABLED.search(html) and "assets: 1" in _refusal(html)


def test_a_project_with_expenditures_and_an_organization_with_people(world, signed_in):
    from magistrat.grants.tests.factories import GrantProjectFactory, expenditure

    project = GrantProjectFactory(organization=world.org_a)
    html = _page(signed_in, project.get_absolute_url())
    assert DELETE_LINK.search(html)
    expenditure(project)
    html = _page(signed_in, project.get_absolute_url())
    assert DISABLED.search(html)
    assert _refusal(html) == "The project has expenditures; close it instead of deleting it."
    signed_in.force_login(world.superuser)
    html = _page(signed_in, world.school_a.get_absolute_url())
    assert DISABLED.search(html) and "people: " in _refusal(html)


def test_the_check_costs_the_same_few_queries_however_much_refers(world, signed_in, django_assert_max_num_queries):
    room = LocationFactory(organization=world.org_a, name="Magazyn")
    AssetFactory(organization=world.org_a, location=room)
    with django_assert_max_num_queries(30) as few:
        signed_in.get(room.get_absolute_url())
    kind = category()
    Asset.objects.bulk_create([Asset(organization=world.org_a, inventory_number=f"M/{n}", name="Monitor",
                                     category=kind, location=room) for n in range(300)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = _page(signed_in, room.get_absolute_url())
    assert "assets: 301" in _refusal(html)
