"""The import applies the register's rules with a row and a column for each error — withdrawal and
disposal, holders, quantities, serial numbers — creates location trees, lets a new gross price
carry its net price along, and reports every error of every row at once."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from magistrat.grants.tests.factories import GrantProjectFactory, expenditure
from magistrat.inventory import services
from magistrat.inventory.imports import asset_import
from magistrat.inventory.models import Asset, AssetCategory, Location
from magistrat.organizations import services as org_services

from .factories import AssetFactory, LocationFactory, category

pytestmark = pytest.mark.usefixtures("english")
TODAY = timezone.localdate()


def csv(header: str, *rows: str) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode("cp1250")


def imported(world, data, **options):
    return asset_import(user=world.it_a, organization=options.pop("org", world.org_a), source=data, **options)


def errors(report) -> dict:
    return {(e.row, e.column): e.message for e in report.errors}


class TestRetirement:
    def test_a_retired_row_needs_the_date_and_reason_columns(self, world):
        report = imported(world, csv("Nr inw.;Nazwa;Kategoria;Stan", "S/1;Monitor;monitor;zlikwidowany"))
        message = errors(report)[(2, "Stan")]
        assert "Withdrawal / disposal date" in message and "Disposal protocol number" in message
        assert not Asset.objects.filter(inventory_number="S/1").exists()

    def test_legacy_retired_rows_are_recorded_with_their_date_reason_and_protocol(self, world):
        header = "Nr inw.;Nazwa;Kategoria;Data zakupu;Stan;Data likwidacji;Przyczyna likwidacji;Protokół likwidacji"
        report = imported(world, csv(header,
                                     "S/1;Monitor;monitor;01.02.2015;zlikwidowany;30.06.2023;zużyty;PL/4/2023",
                                     "S/2;Monitor;monitor;01.02.2015;zlikwidowany;30.06.2023;zużyty;",
                                     "S/3;Monitor;monitor;01.02.2015;zagubiony;01.01.2015;nie odnaleziony;",
                                     "S/4;Monitor;monitor;01.02.2015;zagubiony;;;"))
        found = errors(report)
        assert set(found) == {(3, "Protokół likwidacji"), (4, "Data likwidacji"), (5, "Data likwidacji"),
                              (5, "Przyczyna likwidacji")}
        assert "before the purchase" in found[(4, "Data likwidacji")]
        report = imported(world, csv(header, "S/1;Monitor;monitor;01.02.2015;zlikwidowany;30.06.2023;zużyty;PL/4/2023"))
        assert report.ok, report.errors
        asset = Asset.objects.get(inventory_number="S/1")
        assert (asset.status, asset.retired_on, asset.retirement_reason, asset.retirement_protocol) == (
            "disposed", datetime.date(2023, 6, 30), "zużyty", "PL/4/2023")

    def test_an_update_cannot_dispose_of_grant_equipment_nor_bring_equipment_back(self, world):
        project = GrantProjectFactory(organization=world.org_a, title="Cyfrowa Gmina",
                                      durability_end=TODAY + datetime.timedelta(days=400))
        server = AssetFactory(organization=world.org_a, inventory_number="UG/1", category=category("serwer"))
        expenditure(project, assets=[server])
        gone = AssetFactory(organization=world.org_a, inventory_number="UG/2")
        services.asset_retire(user=world.it_a, asset=gone, status="disposed", date=datetime.date(2024, 1, 2),
                              reason="awaria", protocol_number="PL/1/2024")
        header = "Nr inw.;Stan;Data likwidacji;Przyczyna likwidacji;Protokół likwidacji"
        report = imported(world, csv(header, "UG/1;zlikwidowany;02.01.2024;awaria;PL/2/2024",
                                     "UG/2;w użyciu;;;",
                                     "UG/2;zlikwidowany;05.05.2024;inny powód;PL/9/2024"), update=True)
        found = errors(report)
        assert "Cyfrowa Gmina" in found[(2, "Stan")] and "/retire/" in found[(2, "Stan")]
        assert "a file cannot bring it back" in found[(3, "Stan")]
        assert (4, "Nr inw.") in found     # the same asset twice
        report = imported(world, csv(header, "UG/2;zlikwidowany;05.05.2024;inny powód;PL/9/2024"), update=True)
        assert "cannot change that record" in " ".join(errors(report).values())
        gone.refresh_from_db()
        server.refresh_from_db()
        assert (gone.status, gone.retirement_reason, server.status) == ("disposed", "awaria", "in_stock")

    def test_an_update_may_withdraw_equipment_with_date_and_reason(self, world):
        pc = AssetFactory(organization=world.org_a, inventory_number="UG/3")
        header = "Nr inw.;Stan;Data likwidacji;Przyczyna likwidacji"
        report = imported(world, csv(header, "UG/3;wycofany;2099-01-01;stary"), update=True)
        assert "in the future" in errors(report)[(2, "Data likwidacji")]
        report = imported(world, csv(header, "UG/3;wycofany;01.03.2024;stary"), update=True)
        assert report.ok, report.errors
        pc.refresh_from_db()
        assert (pc.status, pc.retired_on, pc.retirement_reason) == ("withdrawn", datetime.date(2024, 3, 1), "stary")


class TestHolders:
    def test_equipment_is_not_assigned_to_someone_who_left(self, world):
        org_services.person_update(user=world.admin_a, person=world.person_a, active=False,
                                   employed_to=datetime.date(2024, 3, 31))
        AssetFactory(organization=world.org_a, inventory_number="UG/5")
        header = "Nr inw.;Nazwa;Kategoria;Użytkownik"
        report = imported(world, csv(header, "N/1;Laptop;laptop;Anna Alfowska", "UG/5;;;Anna Alfowska"),
                          update=True)
        found = errors(report)
        assert "employment ended on 31.03.2024" in found[(2, "Użytkownik")]
        assert "employment ended on 31.03.2024" in found[(3, "Użytkownik")]

    def test_someone_holds_it_so_it_is_not_in_stock(self, world):
        report = imported(world, csv("Nr inw.;Nazwa;Kategoria;Stan;Użytkownik",
                                     "N/1;Laptop;laptop;w magazynie;Anna Alfowska"))
        assert "take it back with a return protocol" in errors(report)[(2, "Stan")]

    def test_an_unknown_person_is_one_error_not_two(self, world):
        report = imported(world, csv("Nr inw.;Nazwa;Kategoria;Stan;Użytkownik",
                                     "N/1;Laptop;laptop;w magazynie;Jan Nikt"))
        assert set(errors(report)) == {(2, "Użytkownik")}


class TestQuantities:
    def test_an_individually_tracked_row_has_quantity_one(self, world):
        report = imported(world, csv("Nr inw.;Nazwa;Kategoria;Ilość", "N/1;Laptop;laptop;5", "N/2;Kabel;inne;5"))
        assert set(errors(report)) == {(2, "Ilość")}
        assert "tracked individually" in errors(report)[(2, "Ilość")]

    def test_a_created_category_counted_in_the_file_is_tracked_by_quantity(self, world):
        report = imported(world, csv("Nr inw.;Nazwa;Kategoria;Ilość", "N/1;Mysz;Myszy komputerowe;12",
                                     "N/2;Klawiatura;Klawiatury;1"), create_missing=True)
        assert report.ok, report.errors
        tracking = dict(AssetCategory.objects.filter(organization=world.org_a).values_list("name", "tracking"))
        assert tracking == {"Myszy komputerowe": "quantity", "Klawiatury": "individual"}


class TestSerialNumbers:
    def test_the_manufacturer_is_compared_whatever_its_case(self, world):
        AssetFactory(organization=world.org_a, manufacturer="Dell", serial_number="ABC1")
        header = "Nr inw.;Nazwa;Kategoria;Producent;Nr seryjny"
        report = imported(world, csv(header, "N/1;PC;laptop;dell;ABC1", "N/2;PC;laptop;HP;X9",
                                     "N/3;PC;laptop; hp ;X9"))
        assert set(errors(report)) == {(2, "Nr seryjny"), (4, "Nr seryjny")}

    def test_a_row_failing_on_its_number_also_reports_its_serial(self, world):
        AssetFactory(organization=world.org_a, inventory_number="UG/1", serial_number="S-1")
        AssetFactory(organization=world.org_a, inventory_number="UG/2", serial_number="S-2")
        report = imported(world, csv("Nr inw.;Nazwa;Kategoria;Producent;Nr seryjny", "UG/1;PC;laptop;Dell;S-2"))
        assert set(errors(report)) == {(2, "Nr inw."), (2, "Nr seryjny")}


class TestLocations:
    def test_a_path_creates_building_floor_and_room(self, world):
        LocationFactory(organization=world.org_a, name="Ratusz", kind="building")
        report = imported(world, csv("Nr inw.;Nazwa;Kategoria;Lokalizacja",
                                     "N/1;PC;laptop;Nowy Budynek / Parter / Sala 5",
                                     "N/2;PC;laptop;Nowy Budynek / Parter / Sala 6",
                                     "N/3;PC;laptop;Ratusz / Piętro I / Pokój 10"), create_missing=True)
        assert report.ok, report.errors
        room = Asset.objects.get(inventory_number="N/1").location
        assert (room.name, room.kind, room.parent.name, room.parent.kind) == ("Sala 5", "room", "Parter", "floor")
        assert (room.parent.parent.name, room.parent.parent.kind, room.parent.parent.parent) == (
            "Nowy Budynek", "building", None)
        assert Asset.objects.get(inventory_number="N/2").location.parent == room.parent
        ten = Asset.objects.get(inventory_number="N/3").location
        assert ten.parent.parent.name == "Ratusz" and Location.objects.filter(name="Ratusz").count() == 1
        assert not Location.objects.filter(name__contains="/").exists()


class TestUpdates:
    def test_a_new_gross_price_carries_the_net_along_and_the_preview_says_so(self, world):
        pc = AssetFactory(organization=world.org_a, inventory_number="UG/1", net_price=Decimal("3333.33"),
                          vat_rate=Decimal("23"))
        report = imported(world, csv("Nr inw.;Wartość brutto", "UG/1;4 920,00"), update=True, dry_run=True)
        assert report.ok, report.errors
        [preview] = report.preview
        assert "4 000,00" in preview["changes"]["Net price"].replace("\xa0", " ")
        assert "VAT rate of 23%" in report.warnings[0].message
        report = imported(world, csv("Nr inw.;Wartość brutto", "UG/1;4 920,00"), update=True)
        pc.refresh_from_db()
        assert (pc.net_price, pc.gross_price) == (Decimal("4000.00"), Decimal("4920.00"))

    def test_errors_of_updated_rows_come_with_every_other_error(self, world):
        AssetFactory(organization=world.org_a, inventory_number="UG/1", purchase_date=datetime.date(2022, 5, 1))
        header = "Nr inw.;Nazwa;Kategoria;Gwarancja do"
        report = imported(world, csv(header, "UG/1;;;01.01.2020", "N/2;;laptop;"), update=True)
        assert set(errors(report)) == {(2, "Gwarancja do"), (3, "Nazwa")}


def test_the_command_line_names_the_row_and_column(world, tmp_path):
    import io

    from django.core.management import CommandError, call_command

    source = tmp_path / "sprzet.csv"
    source.write_bytes(csv("Nr inw.;Nazwa;Kategoria;Ilość;Stan", "N/1;Laptop;laptop;5;w użyciu",
                           "N/2;Monitor;monitor;1;zlikwidowany"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command("import", "assets", str(source), org=world.org_a.slug, stderr=err)
    lines = err.getvalue().splitlines()
    assert any(line.startswith("Row 2, column “Ilość”: “laptop” is tracked individually") for line in lines)
    assert any(line.startswith("Row 3, column “Stan”: A row that records equipment as disposed") for line in lines)
