"""The register sorts what people read by name in Polish alphabetical order (Ł after L, Ś after
S, Ż after Z) on SQLite and PostgreSQL alike; the default order stays the inventory number."""

import csv
import io
import re

import pytest
from django.urls import reverse

from magistrat.inventory import selectors, services
from magistrat.inventory.models import AssetCategory
from magistrat.organizations import access
from magistrat.organizations.tests.factories import PersonFactory

from .factories import AssetFactory, LocationFactory, category

NAMES = ["Monitor", "Łączówka", "Laptop", "Żarówka projektora", "Zasilacz", "Skaner", "Świetlówka"]
POLISH_ORDER = ["Laptop", "Łączówka", "Monitor", "Skaner", "Świetlówka", "Zasilacz", "Żarówka projektora"]


@pytest.fixture
def assets(world):
    # Inventory numbers in another order than the names, so the default order is told apart.
    return [AssetFactory(organization=world.org_a, name=name, inventory_number=f"UGA/{index:03d}")
            for index, name in enumerate(NAMES)]


def _cells(html: str, names) -> list[str]:
    """The given names in the order the table shows them."""
    found = re.findall(r'<td data-label="[^"]*"[^>]*>([^<]+)</td>', html)
    return [cell for cell in found if cell in names]


class TestAssetList:
    def test_sorting_by_name_follows_the_polish_alphabet_both_ways(self, world, client, assets):
        client.force_login(world.it_a)
        url = reverse("inventory:asset_list")
        shown = _cells(client.get(url, {"ordering": "name"}).content.decode(), NAMES)
        assert shown == POLISH_ORDER
        assert shown.index("Łączówka") == shown.index("Laptop") + 1
        assert shown.index("Monitor") == shown.index("Łączówka") + 1
        assert _cells(client.get(url, {"ordering": "-name"}).content.decode(), NAMES) == POLISH_ORDER[::-1]

    def test_the_default_order_is_the_inventory_number_without_a_collation(self, world, client, assets):
        client.force_login(world.it_a)
        assert _cells(client.get(reverse("inventory:asset_list")).content.decode(), NAMES) == NAMES
        # The default list is read along the (organization, inventory number) index: no COLLATE.
        sql = str(selectors.asset_list(user=world.it_a).query).upper()
        assert "COLLATE" not in sql.split("ORDER BY")[-1]

    def test_the_api_and_the_csv_export_sort_alike(self, world, client, assets):
        client.force_login(world.it_a)
        rows = client.get("/api/v1/assets/", {"ordering": "name"}).json()["results"]
        assert [row["name"] for row in rows] == POLISH_ORDER
        response = client.get(reverse("inventory:asset_list"), {"ordering": "name", "export": "csv"})
        text = b"".join(response.streaming_content).decode("utf-8-sig") \
            if response.streaming else response.content.decode("utf-8-sig")
        names = [row[2] for row in csv.reader(io.StringIO(text), delimiter=";")][1:]
        assert [name for name in names if name in NAMES] == POLISH_ORDER

    def test_sorting_by_holder_category_location_and_maker(self, world, client):
        org = world.org_a
        people = {last: PersonFactory(organization=org, first_name=first, last_name=last)
                  for first, last in (("Marek", "Mazur"), ("Łucja", "Łęcka"), ("Adam", "Lis"))}
        rooms = {name: LocationFactory(organization=org, name=name) for name in ("Magazyn", "Łazienka", "Lab")}
        kinds = {name: services.category_create(user=access.SYSTEM, organization=org, name=name, code=code)
                 for name, code in (("łącze", "LQ"), ("Listwa", "LI"))}
        rows = [("A1", people["Mazur"], rooms["Lab"], kinds["Listwa"], "Mio"),
                ("A2", people["Łęcka"], rooms["Łazienka"], kinds["łącze"], "Łuczniczka"),
                ("A3", people["Lis"], rooms["Magazyn"], category("monitor"), "Lenovo")]
        # Ewa Łęcka holds the fourth: the same last name, her first name before Łucja's.
        rows.append(("A4", PersonFactory(organization=org, first_name="Ewa", last_name="Łęcka"),
                     None, category("monitor"), "Zotac"))
        for number, person, room, kind, maker in rows:
            AssetFactory(organization=org, name=f"Sprzęt {number}", inventory_number=number,
                         location=room, category=kind, manufacturer=maker, person=person)
        client.force_login(world.it_a)

        def order(ordering):
            rows = client.get("/api/v1/assets/", {"ordering": ordering, "search": "Sprzęt"}).json()["results"]
            return [row["inventory_number"] for row in rows]

        assert order("person") == ["A3", "A4", "A2", "A1"]        # Lis, Ewa Łęcka, Łucja Łęcka, Mazur
        assert order("-person") == ["A1", "A2", "A4", "A3"]
        # Lab, Łazienka, Magazyn, then the one with no location (last going up, first going down)
        assert order("location") == ["A1", "A2", "A3", "A4"]
        assert order("-location") == ["A4", "A3", "A2", "A1"]
        assert order("category") == ["A1", "A2", "A3", "A4"]     # Listwa, łącze, monitor (by number)
        assert order("manufacturer") == ["A3", "A2", "A1", "A4"]  # Lenovo, Łuczniczka, Mio, Zotac


class TestCategoriesAndLocations:
    def test_categories_sort_in_polish_order(self, world, client):
        for name, code in (("łącze radiowe", "LR"), ("Lampa", "LA")):
            services.category_create(user=access.SYSTEM, organization=world.org_a, name=name, code=code)
        wanted = ["Lampa", "laptop", "łącze radiowe", "monitor"]
        names = [c.name for c in selectors.category_list(user=world.it_a) if c.name in wanted]
        assert names == wanted                                          # the model's own order
        client.force_login(world.it_a)
        for params in ({}, {"ordering": "name"}):
            html = client.get(reverse("inventory:assetcategory_list"), params).content.decode()
            shown = [n for n in re.findall(r">([^<>]+)</a></td>", html) if n in wanted]
            assert shown == wanted, params
        rows = client.get("/api/v1/asset-categories/", {"ordering": "-name", "page_size": 100}).json()["results"]
        assert [r["name"] for r in rows if r["name"] in wanted] == wanted[::-1]
        assert AssetCategory._meta.ordering[-1] == "pk"

    def test_locations_in_the_tree_and_by_name(self, world, client):
        building = LocationFactory(organization=world.org_a, name="Budynek", kind="building")
        for name in ("Magazyn", "Łazienka", "Lab 2", "Lab 10", "lab 3"):
            LocationFactory(organization=world.org_a, name=name, kind="room", parent=building)
        wanted = ["Lab 2", "lab 3", "Lab 10", "Łazienka", "Magazyn"]
        assert [loc.name for loc in selectors.sorted_locations(building.children.all())] == wanted
        client.force_login(world.it_a)
        url = reverse("inventory:location_list")
        for params in ({}, {"ordering": "tree"}):     # the tree: siblings naturally, Ł after L
            html = client.get(url, params).content.decode()
            shown = [n for n in re.findall(r">([^<>]+)</a></td>", html) if n in wanted + ["Budynek"]]
            assert shown == ["Budynek", *wanted], params
        html = client.get(url, {"ordering": "-name"}).content.decode()
        shown = [n for n in re.findall(r">([^<>]+)</a></td>", html) if n in wanted]
        assert shown[:2] == ["Magazyn", "Łazienka"]
        # The asset form's location choice lists the rooms in the same order.
        form = client.get(reverse("inventory:asset_add")).content.decode()
        paths = [f"Budynek › {name}" for name in wanted]
        assert [p for p in re.findall(r">([^<>]+)</option>", form) if p in paths] == paths



def test_sorting_by_status_follows_an_assets_life_not_the_codes(world, api_client):
    """ordered, in stock, in use, in repair, lent — not "in_repair" before "in_stock"."""
    for number, status in enumerate(("lent", "in_use", "ordered", "in_repair", "in_stock")):
        AssetFactory(organization=world.org_a, inventory_number=f"S/{number}", status=status)
    api_client.force_authenticate(world.it_a)
    for ordering, expected in (("status", ["ordered", "in_stock", "in_use", "in_repair", "lent"]),
                               ("-status", ["lent", "in_repair", "in_use", "in_stock", "ordered"])):
        rows = api_client.get("/api/v1/assets/", {"ordering": ordering}).json()["results"]
        assert [row["status"] for row in rows] == expected
