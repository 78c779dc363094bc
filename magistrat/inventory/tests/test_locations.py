"""Locations form a sensible tree (building → floor → room), shown by their path and in the order
people count rooms."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from magistrat.inventory import selectors, services

from .factories import LocationFactory

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def building(world):
    """Budynek A › Parter › rooms created in an order whose ids sort them wrongly as text."""
    building = LocationFactory(organization=world.org_a, name="Budynek A", kind="building")
    ground = LocationFactory(organization=world.org_a, name="Parter", kind="floor", parent=building)
    first = LocationFactory(organization=world.org_a, name="Piętro I", kind="floor", parent=building)
    for number in range(6):   # filler, so that the rooms below get two-digit ids
        LocationFactory(organization=world.org_b, name=f"Magazyn {number}")
    for name in ("Pokój 2", "Pokój 11", "Pokój 12", "Pokój 14", "Pokój 15", "Pokój 3"):
        LocationFactory(organization=world.org_a, name=name, kind="room", parent=first)
    LocationFactory(organization=world.org_a, name="Sekretariat", kind="room", parent=ground)
    return building


def names_in(html: str, names) -> list[str]:
    found = [(html.index(f">{name}<"), name) for name in names if f">{name}<" in html]
    return [name for _, name in sorted(found)]


class TestHierarchy:
    def test_a_building_cannot_stand_inside_a_room(self, world, building):
        room = building.children.get(name="Parter").children.get()
        with pytest.raises(ValidationError) as error:
            LocationFactory(organization=world.org_a, name="Budynek B", kind="building", parent=room)
        assert "Sekretariat" in error.value.message_dict["parent"][0]

    @pytest.mark.parametrize("kind, parent_kind", [("floor", "room"), ("floor", "floor"), ("room", "room"),
                                                   ("building", "building")])
    def test_misplaced_kinds_are_refused(self, world, kind, parent_kind):
        parent = LocationFactory(organization=world.org_a, name="Rodzic", kind=parent_kind)
        with pytest.raises(ValidationError):
            LocationFactory(organization=world.org_a, name="Dziecko", kind=kind, parent=parent)

    @pytest.mark.parametrize("kind, parent_kind", [("building", "other"), ("floor", "building"),
                                                   ("room", "building"), ("room", "floor"), ("other", "room")])
    def test_sensible_places_are_accepted(self, world, kind, parent_kind):
        parent = LocationFactory(organization=world.org_a, name="Rodzic", kind=parent_kind)
        assert LocationFactory(organization=world.org_a, name="Dziecko", kind=kind, parent=parent).pk

    def test_a_room_may_stand_on_its_own(self, world):
        assert LocationFactory(organization=world.org_a, name="Czytelnia", kind="room").pk

    def test_a_location_holding_floors_cannot_become_a_room(self, world, building):
        with pytest.raises(ValidationError) as error:
            services.location_update(user=world.it_a, location=building, kind="room")
        assert "Parter" in error.value.message_dict["kind"][0]

    def test_the_form_says_it_on_the_field(self, world, client, building):
        room = building.children.get(name="Parter").children.get()
        client.force_login(world.it_a)
        response = client.post(reverse("inventory:location_add"), {
            "organization": world.org_a.pk, "name": "Budynek B", "kind": "building", "parent": room.pk})
        html = response.content.decode()
        assert response.status_code == 400 and 'id="id_parent_error"' in html
        assert "A building stands on its own" in html


class TestPagesAndOrder:
    def test_the_parent_choice_shows_the_path(self, world, client, building):
        client.force_login(world.it_a)
        html = client.get(reverse("inventory:location_add")).content.decode()
        assert ">Budynek A › Piętro I › Pokój 14<" in html
        assert names_in(html, ["Budynek A › Piętro I › Pokój 2", "Budynek A › Piętro I › Pokój 3",
                               "Budynek A › Piętro I › Pokój 11"]) == [
            "Budynek A › Piętro I › Pokój 2", "Budynek A › Piętro I › Pokój 3", "Budynek A › Piętro I › Pokój 11"]

    def test_the_list_counts_rooms_as_people_do(self, world, client, building):
        client.force_login(world.it_a)
        rooms = ["Pokój 2", "Pokój 3", "Pokój 11", "Pokój 12", "Pokój 14", "Pokój 15"]
        expected = ["Budynek A", "Parter", "Sekretariat", "Piętro I", *rooms]
        for params in ({}, {"ordering": "tree"}, {"kind": "room"}):
            html = client.get(reverse("inventory:location_list"), params).content.decode()
            wanted = [n for n in expected if params.get("kind") != "room" or n.startswith(("Pokój", "Sekr"))]
            assert names_in(html, wanted) == wanted, params
        first_floor = building.children.get(name="Piętro I").children.all()
        assert [loc.name for loc in selectors.sorted_locations(first_floor)] == rooms

    def test_a_location_lists_what_is_inside_and_offers_to_add_there(self, world, client, building):
        client.force_login(world.it_a)
        html = client.get(reverse("inventory:location_detail", args=[building.pk]), {"tab": "inside"}).content.decode()
        assert names_in(html, ["Parter", "Sekretariat", "Piętro I", "Pokój 2", "Pokój 11"]) == [
            "Parter", "Sekretariat", "Piętro I", "Pokój 2", "Pokój 11"]
        add = f'{reverse("inventory:location_add")}?parent={building.pk}'
        assert add in html
        form = client.get(add).content.decode()
        assert re.search(rf'<option value="{building.pk}" selected>Budynek A</option>', form)
        assert re.search(r'<option value="floor" selected>', form)

    def test_an_empty_room_says_so(self, world, client, building):
        room = building.children.get(name="Parter").children.get()
        client.force_login(world.viewer_a)
        html = client.get(reverse("inventory:location_detail", args=[room.pk]), {"tab": "inside"}).content.decode()
        assert "Nothing inside yet." in html and "Add a location here" not in html
