"""What an IT officer reads on the register's screens, in Polish: the asset's page, the bulk
change, the new-asset form, messages naming who holds what, an import's list of statuses and
the API's locations in the order of the screen."""

import datetime
import re
from decimal import Decimal

from django.urls import reverse

from magistrat.inventory import services
from magistrat.inventory.imports import asset_import
from magistrat.organizations.tests.factories import PersonFactory

from ..models import AssetCategory
from .factories import AssetFactory, LocationFactory


def test_the_asset_page_shows_the_vat_rate_as_written_and_retirement_only_when_retired(world, client):
    asset = AssetFactory(organization=world.org_a, inventory_number="V/1", net_price=Decimal("100"),
                         vat_rate=Decimal("8.5"))
    client.force_login(world.it_a)
    html = client.get(reverse("inventory:asset_detail", args=[asset.pk])).content.decode()
    assert re.search(r"<dt>Stawka VAT \[%\]</dt>\s*<dd>8,5</dd>", html)
    assert "Data wycofania / likwidacji" not in html and "Numer protokołu" not in html
    services.asset_retire(user=world.it_a, asset=asset, status="disposed", date=datetime.date(2024, 5, 6),
                          reason="Zużyty", protocol_number="PL/3/2024")
    html = client.get(reverse("inventory:asset_detail", args=[asset.pk])).content.decode()
    assert re.search(r"<dt>Numer protokołu</dt>\s*<dd>PL/3/2024</dd>", html)
    assert re.search(r"<dt>Data wycofania / likwidacji</dt>\s*<dd>06.05.2024</dd>", html)


def test_the_bulk_change_says_empty_choices_leave_rows_unchanged(world, client):
    AssetFactory(organization=world.org_a)
    client.force_login(world.it_a)
    html = client.get(reverse("inventory:asset_list")).content.decode()
    bulk = re.search(r'<form id="bulk-form".*?</form>', html, re.S).group(0)
    assert bulk.count('<option value="" selected>— bez zmian —</option>') == 2


def test_the_new_asset_form_is_named_as_its_title(world, client):
    client.force_login(world.it_a)
    html = client.get(reverse("inventory:asset_add")).content.decode()
    assert re.search(r'<nav class="breadcrumbs"[^>]*><a [^>]*>Rejestr sprzętu</a> › <span>Nowy składnik</span>',
                     html)
    assert "Nowy rekord" not in html


def test_messages_name_the_holder_in_a_sentence_that_reads_in_polish(world, api_client):
    person = PersonFactory(organization=world.org_a, first_name="Paweł", last_name="Zieliński")
    asset = AssetFactory(organization=world.org_a, inventory_number="H/1", name="Laptop", person=person)
    api_client.force_authenticate(world.it_a)
    response = api_client.post("/api/v1/assets/handover/", {"person": person.pk, "assets": [asset.pk]},
                               format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["assets"] == ["Paweł Zieliński ma już na stanie H/1 Laptop."]
    other = PersonFactory(organization=world.org_a, first_name="Anna", last_name="Nowak")
    response = api_client.post("/api/v1/assets/return/", {"person": other.pk, "assets": [asset.pk]},
                               format="json")
    assert "Anna Nowak nie ma na stanie H/1 Laptop." in str(response.json())


def test_an_unknown_status_lists_the_statuses_as_the_screens_name_them(world):
    data = ("Nr inw.;Nazwa;Kategoria;Stan\r\nS/1;Monitor;monitor;zepsuty\r\n").encode("cp1250")
    report = asset_import(user=world.it_a, organization=world.org_a, source=data)
    [error] = report.errors
    assert error.message.endswith("zamówiony, w magazynie, w użyciu, w naprawie, wypożyczony, wycofany, "
                                  "zlikwidowany, utracony.")


def test_the_api_lists_locations_as_the_screen_does(world, api_client):
    building = LocationFactory(organization=world.org_a, name="Budynek", kind="building")
    for name in ("Pokój 12", "Łazienka", "Pokój 2", "Lab"):
        LocationFactory(organization=world.org_a, name=name, parent=building)
    api_client.force_authenticate(world.it_a)
    names = [row["name"] for row in api_client.get("/api/v1/locations/").json()["results"]]
    assert names == ["Budynek", "Lab", "Łazienka", "Pokój 2", "Pokój 12"]
    rooms = api_client.get("/api/v1/locations/", {"kind": "room", "ordering": "-name"}).json()["results"]
    assert [row["name"] for row in rooms] == ["Pokój 2", "Pokój 12", "Łazienka", "Lab"]


def test_a_negative_price_is_called_a_mistake_in_words(world, api_client):
    api_client.force_authenticate(world.it_a)
    category = AssetCategory.objects.filter(organization=world.org_a).first() or AssetCategory.objects.first()
    response = api_client.post("/api/v1/assets/", {"name": "Monitor", "category": category.pk,
                                                   "net_price": "-100.00", "vat_rate": "-1"}, format="json")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert fields["net_price"] == ["Wartość nie może być ujemna."]
    assert fields["vat_rate"] == ["Wartość nie może być ujemna."]
