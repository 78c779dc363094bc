"""Ids from a query string, a list of ticked rows or an API body that no record can have — "²"
(a digit to str.isdigit()), a number beyond 64 bits — are left out or answered with a 400
naming the field; never a crash."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from magistrat.inventory import picker, services
from magistrat.inventory.models import Asset, Location
from magistrat.inventory.tests.factories import AssetFactory, LocationFactory

pytestmark = pytest.mark.usefixtures("english")

HUGE = "99999999999999999999"
SQUARED = "²"


@pytest.fixture
def held(world):
    """An asset of gmina A held by Anna Alfowska."""
    asset = AssetFactory(organization=world.org_a, inventory_number="UG/KS/1", name="Laptop Anny")
    services.asset_handover(user=world.it_a, person=world.person_a, assets=[asset])
    return asset


class TestQueryStrings:
    def test_the_protocols_api_names_the_filter(self, world, api_client, held):
        api_client.force_authenticate(world.it_a)
        for name in ("asset", "organization"):
            for value in (HUGE, SQUARED, "0"):
                response = api_client.get("/api/v1/handover-protocols/", {name: value})
                assert response.status_code == 400, (name, value)
                assert list(response.json()["fields"]) == [name]
        listed = api_client.get("/api/v1/handover-protocols/", {"asset": held.pk}).json()
        assert listed["count"] == 1

    def test_the_labels_screen_leaves_unreadable_rows_out(self, world, client, held):
        client.force_login(world.it_a)
        for query in ({"pk": HUGE}, {"pk": SQUARED}, {"pk": [SQUARED, HUGE], "print": "1"}):
            response = client.get(reverse("inventory:asset_labels"), query)
            assert response.status_code == 400     # not labels of the whole list instead
            assert "tick the rows in the list again" in response.content.decode()
        page = client.get(reverse("inventory:asset_labels"), {"pk": [SQUARED, held.pk, HUGE]})
        assert "A label for the 1 asset ticked in the list" in page.content.decode()
        printed = client.get(reverse("inventory:asset_labels"), {"pk": [SQUARED, held.pk], "print": "1"})
        assert printed.status_code == 200 and printed["Content-Type"] == "application/pdf"

    def test_the_picker_ignores_unreadable_chosen_ids(self, world, client, held):
        client.force_login(world.it_a)
        scope = signing.dumps({"field": "assets", "id": "id_assets", "multiple": True, "details": False},
                              salt=picker.SALT, compress=True)
        for value in (HUGE, SQUARED):
            response = client.get(reverse("inventory:asset_picker"), {"scope": scope, "assets": value})
            assert response.status_code == 200
            assert "UG/KS/1" in response.content.decode()
        response = client.get(reverse("inventory:asset_picker"), {"scope": scope, "assets": [SQUARED, held.pk]})
        assert "UG/KS/1" not in response.content.decode()    # chosen already: not among the matches

    def test_the_handover_and_return_screens_start_without_them(self, world, client, held):
        client.force_login(world.it_a)
        for name in ("handover", "handover_return"):
            for query in ({"assets": SQUARED}, {"assets": HUGE}, {"person": SQUARED}, {"person": HUGE},
                          {"asset": SQUARED}, {"pk": HUGE}):
                assert client.get(reverse(f"inventory:{name}"), query).status_code == 200, (name, query)
        # A readable id among them still fills the form: the holder of the asset taken back.
        page = client.get(reverse("inventory:handover_return"), {"assets": [SQUARED, held.pk]}).content.decode()
        assert f'<option value="{world.person_a.pk}" selected>' in page

    def test_a_new_location_under_an_unreadable_parent_has_none(self, world, client):
        room = LocationFactory(organization=world.org_a, name="Budynek A", kind=Location.Kind.BUILDING)
        client.force_login(world.it_a)
        def chosen_parent(html: str) -> list[str]:
            select = re.search(r'<select name="parent".*?</select>', html, re.S).group(0)
            return re.findall(r'<option value="(\d+)" selected>', select)

        for value in (SQUARED, HUGE):
            page = client.get(reverse("inventory:location_add"), {"parent": value})
            assert page.status_code == 200
            assert chosen_parent(page.content.decode()) == []
        page = client.get(reverse("inventory:location_add"), {"parent": room.pk}).content.decode()
        assert chosen_parent(page) == [str(room.pk)]

    def test_the_switcher_refuses_them(self, world, client):
        client.force_login(world.admin_a)
        for value in (SQUARED, HUGE):
            response = client.post(reverse("organizations:switch"), {"organization": value}, follow=True)
            assert "You have no access to that organization." in response.content.decode()


class TestTickedRows:
    def test_bulk_change_leaves_them_out(self, world, client, held):
        stock = AssetFactory(organization=world.org_a, inventory_number="UG/KS/2")
        client.force_login(world.it_a)
        response = client.post(reverse("inventory:asset_bulk"), {"pk": [HUGE, SQUARED], "status": "in_repair"},
                               follow=True)
        assert "Tick at least one row." in response.content.decode()
        response = client.post(reverse("inventory:asset_bulk"), {"pk": [HUGE, stock.pk], "status": "in_repair"},
                               follow=True)
        assert "Changed 1 asset." in response.content.decode()
        assert Asset.objects.get(pk=stock.pk).status == "in_repair"

    def test_labels_of_the_ticked_rows_leave_them_out(self, world, client, held):
        client.force_login(world.it_a)
        response = client.post(f"{reverse('inventory:asset_list')}?export=labels", {"pk": [HUGE, held.pk]})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"


class TestApiBodies:
    def test_ids_that_no_record_can_have_are_named(self, world, api_client, held):
        api_client.force_authenticate(world.it_a)
        stock = AssetFactory(organization=world.org_a, inventory_number="UG/KS/2")
        for body, field in (({"person": HUGE, "assets": [stock.pk]}, "person"),
                            ({"person": SQUARED, "assets": [stock.pk]}, "person"),
                            ({"person": True, "assets": [stock.pk]}, "person"),
                            ({"person": world.person_a.pk, "assets": [int(HUGE)]}, "assets"),
                            ({"person": world.person_a.pk, "assets": [SQUARED]}, "assets"),
                            ({"person": world.person_a.pk, "assets": [1.0]}, "assets")):
            response = api_client.post("/api/v1/assets/handover/", body, format="json")
            assert response.status_code == 400, body
            assert field in response.json()["fields"], body
        assert Asset.objects.get(pk=stock.pk).person is None


def test_the_command_line_finds_no_record_by_them(world):
    from django.core.exceptions import ValidationError

    from magistrat.grants.imports import find_project
    from magistrat.organizations.models import Organization
    from magistrat.organizations.selectors import find_organization

    for value in (SQUARED, HUGE):
        with pytest.raises(Organization.DoesNotExist):
            find_organization(user=world.admin_a, reference=value)
        with pytest.raises(ValidationError):
            find_project(user=world.admin_a, reference=value)
