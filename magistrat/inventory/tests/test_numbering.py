"""Inventory numbers from the office's template: {room} as people name rooms, no dangling
separator when a part is missing, and a sequence that restarts each year when the year is part
of the number — the same for one new asset and for a whole import."""

import datetime

import pytest

from magistrat.core import numbering
from magistrat.inventory.imports import asset_import
from magistrat.inventory.models import Asset
from magistrat.organizations import services as org_services

from .factories import AssetFactory, LocationFactory, category


def template(world, value: str) -> None:
    org_services.organization_update(user=world.admin_a, organization=world.org_a, inventory_number_template=value)
    world.org_a.refresh_from_db()


@pytest.mark.parametrize("name,code", [("Sala 12 / informatyczna", "12"), ("Pokój 1.05", "1.05"),
                                       ("Pokój 12 – Sekretarz", "12"), ("Serwerownia", "Serwerownia"),
                                       ("Sekretariat burmistrza", "Sekretariat"), ("Łazienka", "Lazienka"),
                                       ("Pomieszczenie B-14a", "B-14a"), ("", "")])
def test_a_room_s_code_is_its_number_or_its_first_word(name, code):
    assert numbering.room_code(name) == code


@pytest.mark.parametrize("template_text,room,number", [
    ("UMG/{category}/{seq:4}/{room}", "12", "UMG/KS/0001/12"),
    ("UMG/{category}/{seq:4}/{room}", "", "UMG/KS/0001"),
    ("{room}/{category}/{seq}", "", "KS/1"),
    ("{org}-{room}-{seq:3}", "", "UMG-001"),
    ("INW {room} {seq}", "", "INW 1"),
])
def test_a_missing_part_drops_out_with_its_separator(template_text, room, number):
    assert numbering.render(template_text, org="UMG", category="KS", seq=1, year=2024, room=room) == number


def test_room_codes_in_new_assets(world):
    template(world, "UGA/{category}/{seq:4}/{room}")
    lab = LocationFactory(organization=world.org_a, name="Sala 12 / informatyczna")
    server_room = LocationFactory(organization=world.org_a, name="Serwerownia")
    assert AssetFactory(organization=world.org_a, location=lab).inventory_number == "UGA/KS/0001/12"
    assert AssetFactory(organization=world.org_a, location=server_room).inventory_number == "UGA/KS/0002/Serwerownia"
    assert AssetFactory(organization=world.org_a).inventory_number == "UGA/KS/0003"


def test_the_sequence_restarts_each_year_when_the_year_is_in_the_number(world):
    template(world, "UGA/{category}/{seq:3}/{yy}")

    def bought(year, kind="komputer stacjonarny"):
        return AssetFactory(organization=world.org_a, category=category(kind),
                            purchase_date=datetime.date(year, 3, 1)).inventory_number

    assert [bought(2023), bought(2023), bought(2024), bought(2023), bought(2024)] == [
        "UGA/KS/001/23", "UGA/KS/002/23", "UGA/KS/001/24", "UGA/KS/003/23", "UGA/KS/002/24"]
    assert bought(2024, "monitor") == "UGA/MON/001/24"     # and per category, as before


def test_without_the_year_the_sequence_runs_on(world):
    template(world, "UGA/{category}/{seq:3}")
    numbers = [AssetFactory(organization=world.org_a, purchase_date=datetime.date(year, 3, 1)).inventory_number
               for year in (2023, 2024)]
    assert numbers == ["UGA/KS/001", "UGA/KS/002"]


def test_an_import_numbers_the_same_way(world):
    template(world, "UGA/{category}/{seq:3}/{yyyy}/{room}")
    AssetFactory(organization=world.org_a, purchase_date=datetime.date(2023, 5, 5))        # UGA/KS/001/2023
    LocationFactory(organization=world.org_a, name="Sala 12 / informatyczna")
    rows = ["Nazwa;Kategoria;Data zakupu;Lokalizacja",
            "Komputer;komputer stacjonarny;01.02.2023;",
            "Komputer;komputer stacjonarny;01.02.2024;Sala 12 / informatyczna",
            "Komputer;komputer stacjonarny;02.02.2024;"]
    report = asset_import(user=world.it_a, organization=world.org_a, source="\r\n".join(rows).encode())
    assert report.ok, [str(error) for error in report.errors]
    numbers = set(Asset.objects.filter(organization=world.org_a).values_list("inventory_number", flat=True))
    assert numbers == {"UGA/KS/001/2023", "UGA/KS/002/2023", "UGA/KS/001/2024/12", "UGA/KS/002/2024"}
