"""An exported list imports back unchanged: locations by their path (two rooms of one name on
different floors are told apart), the asset each item is part of, withdrawal and disposal."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from magistrat.inventory import services
from magistrat.inventory.imports import asset_import
from magistrat.inventory.models import Asset, Location
from magistrat.inventory.tests.factories import AssetFactory, LocationFactory, category


@pytest.fixture
def two_server_rooms(world):
    """Two floors of one building, each with its own "Serwerownia"; a server in each, a disk
    that is part of one of them, and a withdrawn switch."""
    building = LocationFactory(organization=world.org_a, name="Budynek A", kind="building")
    rooms = []
    for floor_name in ("Piętro 1", "Piętro 2"):
        floor = LocationFactory(organization=world.org_a, name=floor_name, kind="floor", parent=building)
        rooms.append(LocationFactory(organization=world.org_a, name="Serwerownia", kind="room", parent=floor))
    first = AssetFactory(organization=world.org_a, inventory_number="UG/SRV/1", name="Serwer",
                         category=category("serwer"), location=rooms[0])
    AssetFactory(organization=world.org_a, inventory_number="UG/SRV/2", name="Serwer",
                 category=category("serwer"), location=rooms[1])
    AssetFactory(organization=world.org_a, inventory_number="UG/DSK/1", name="Dysk", location=rooms[0],
                 parent=first)
    switch = AssetFactory(organization=world.org_a, inventory_number="UG/SW/1", name="Przełącznik",
                          location=rooms[1])
    services.asset_retire(user=world.it_a, asset=switch, status="disposed", date=datetime.date(2024, 3, 1),
                          reason="uszkodzony zasilacz", protocol_number="PL/3/2024")
    return rooms


def exported(client, world, fmt: str) -> bytes:
    client.force_login(world.admin_a)
    response = client.get(reverse("inventory:asset_list"), {"export": fmt})
    return b"".join(response.streaming_content) if hasattr(response, "streaming_content") else response.content


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_unchanged_export_imports_back_with_no_changes(world, client, two_server_rooms, fmt):
    data = exported(client, world, fmt)
    report = asset_import(user=world.it_a, organization=world.org_a, source=data, update=True)
    assert report.ok, [str(error) for error in report.errors]
    assert (report.updated, report.unchanged, report.created) == (0, 4, 0)
    assert not report.unknown_columns


def test_the_export_names_the_location_s_path_the_parent_and_the_disposal(world, client, two_server_rooms):
    sheet = load_workbook(io.BytesIO(exported(client, world, "xlsx")), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    by_number = {row[0]: dict(zip(header, row)) for row in rows[1:]}
    assert by_number["UG/SRV/1"]["Lokalizacja"] == "Budynek A / Piętro 1 / Serwerownia"
    assert by_number["UG/SRV/2"]["Lokalizacja"] == "Budynek A / Piętro 2 / Serwerownia"
    assert by_number["UG/DSK/1"]["Wchodzi w skład"] == "UG/SRV/1"
    switch = by_number["UG/SW/1"]
    assert switch["Status"] == "zlikwidowany"
    assert switch["Data wycofania / likwidacji"] == datetime.datetime(2024, 3, 1)
    assert (switch["Przyczyna wycofania / likwidacji"], switch["Nr protokołu likwidacji"]) == (
        "uszkodzony zasilacz", "PL/3/2024")


def test_a_changed_export_updates_the_location_and_parent_but_not_a_disposal(world, client, two_server_rooms):
    workbook = load_workbook(io.BytesIO(exported(client, world, "xlsx")))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(header, row))
        if cells["Numer inwentarzowy"].value == "UG/DSK/1":
            cells["Lokalizacja"].value = "Budynek A / Piętro 2 / Serwerownia"
            cells["Wchodzi w skład"].value = "UG/SRV/2"
    handle = io.BytesIO()
    workbook.save(handle)
    report = asset_import(user=world.it_a, organization=world.org_a, source=handle.getvalue(), update=True)
    assert report.ok, [str(error) for error in report.errors]
    assert (report.updated, report.unchanged) == (1, 3)
    disk = Asset.objects.get(inventory_number="UG/DSK/1")
    assert (disk.location, disk.parent.inventory_number) == (two_server_rooms[1], "UG/SRV/2")
    # A recorded disposal is a closed record: a file may carry it, not rewrite it.
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(header, row))
        if cells["Numer inwentarzowy"].value == "UG/SW/1":
            cells["Przyczyna wycofania / likwidacji"].value = "spalony zasilacz"
    handle = io.BytesIO()
    workbook.save(handle)
    report = asset_import(user=world.it_a, organization=world.org_a, source=handle.getvalue(), update=True)
    assert [(error.column, "UG/SW/1" in error.message) for error in report.errors] == [
        ("Przyczyna wycofania / likwidacji", True)]
    assert Asset.objects.get(inventory_number="UG/SW/1").retirement_reason == "uszkodzony zasilacz"


def test_an_unknown_parent_is_an_error_naming_it(world):
    AssetFactory(organization=world.org_a, inventory_number="UG/SRV/1")
    data = "Nr inw.;Nazwa;Kategoria;Wchodzi w skład\r\nUG/DSK/9;Dysk;serwer;UG/SRV/404\r\n".encode()
    with translation.override("en"):
        report = asset_import(user=world.it_a, organization=world.org_a, source=data)
        errors = [str(error) for error in report.errors]
    assert errors == [
        "Row 2, column “Wchodzi w skład”: No asset with the inventory number “UG/SRV/404” in this "
        "organization's register; import it first (or leave this column out)."]


def test_into_an_empty_organization_the_location_paths_are_built(world, client, two_server_rooms):
    data = exported(client, world, "xlsx")
    school = world.school_a
    report = asset_import(user=world.it_a, organization=school, source=data, create_missing=True,
                          mapping={"Wchodzi w skład": "-", "Jednostka": "-"})
    assert report.ok, [str(error) for error in report.errors]
    assert report.created == 4
    rooms = Location.objects.filter(organization=school, name="Serwerownia").select_related("parent__parent")
    assert sorted((room.parent.parent.name, room.parent.name, room.kind, room.parent.kind) for room in rooms) == [
        ("Budynek A", "Piętro 1", "room", "floor"), ("Budynek A", "Piętro 2", "room", "floor")]
    assert Location.objects.filter(organization=school, name="Budynek A", parent=None, kind="building").count() == 1
    # A second pass links what each item is part of, now that they are all in the register.
    report = asset_import(user=world.it_a, organization=school, source=data, update=True,
                          mapping={"Jednostka": "-"})
    assert report.ok and (report.updated, report.unchanged) == (1, 3)
    assert Asset.objects.get(organization=school, inventory_number="UG/DSK/1").parent.inventory_number == "UG/SRV/1"
