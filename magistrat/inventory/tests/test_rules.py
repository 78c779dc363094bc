"""An asset's prices, dates and network addresses are checked wherever it is written: the
service (and so the web form and the API) says what is wrong and what would be right."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from magistrat.inventory import rules, services
from magistrat.inventory.imports import asset_import
from magistrat.inventory.models import Asset, Assignment

from .factories import AssetFactory, category

pytestmark = pytest.mark.usefixtures("english")

TODAY = timezone.localdate()


def refused(world, **fields) -> dict:
    with pytest.raises(ValidationError) as error:
        AssetFactory(organization=world.org_a, **fields)
    return error.value.message_dict


class TestPrices:
    def test_net_vat_and_gross_must_agree_and_the_message_names_the_right_gross(self, world):
        errors = refused(world, net_price=Decimal("100"), vat_rate=Decimal("23"), gross_price=Decimal("999"))
        [message] = errors["gross_price"]
        assert "123,00\xa0zł" in message and "999,00\xa0zł" in message and "23%" in message

    def test_a_grosz_of_rounding_is_accepted(self, world):
        asset = AssetFactory(organization=world.org_a, net_price=Decimal("3333.33"), vat_rate=Decimal("23"),
                             gross_price=Decimal("4100.01"))
        assert asset.gross_price == Decimal("4100.01")
        assert "gross_price" in refused(world, net_price=Decimal("3333.33"), vat_rate=Decimal("23"),
                                        gross_price=Decimal("4100.02"))

    def test_two_of_three_are_completed_as_before(self, world):
        asset = AssetFactory(organization=world.org_a, net_price=Decimal("100"), vat_rate=Decimal("8"))
        assert asset.gross_price == Decimal("108.00")

    @pytest.mark.parametrize("rate", ["-1", "100.01", "230"])
    def test_the_vat_rate_is_between_0_and_100(self, world, rate):
        assert "vat_rate" in refused(world, vat_rate=Decimal(rate), gross_price=Decimal("100"))

    def test_an_edit_that_breaks_the_prices_is_refused(self, world):
        asset = AssetFactory(organization=world.org_a, net_price=Decimal("100"), vat_rate=Decimal("23"))
        with pytest.raises(ValidationError) as error:
            services.asset_update(user=world.it_a, asset=asset, vat_rate=Decimal("8"))
        assert "108,00\xa0zł" in error.value.message_dict["gross_price"][0]


class TestDates:
    def test_only_ordered_equipment_may_be_bought_in_the_future(self, world):
        tomorrow = TODAY + datetime.timedelta(days=1)
        errors = refused(world, purchase_date=tomorrow)
        assert "ordered" in errors["purchase_date"][0] and tomorrow.strftime("%d.%m.%Y") in errors["purchase_date"][0]
        assert AssetFactory(organization=world.org_a, purchase_date=tomorrow, status="ordered").pk
        assert AssetFactory(organization=world.org_a, purchase_date=TODAY).pk

    def test_the_warranty_cannot_end_before_the_purchase(self, world):
        errors = refused(world, purchase_date=datetime.date(2022, 4, 28), warranty_end=datetime.date(2022, 4, 27))
        assert "28.04.2022" in errors["warranty_end"][0]


class TestNetworkAddresses:
    def test_mac_addresses_in_a_list_with_colons_or_dashes(self, world):
        asset = AssetFactory(organization=world.org_a,
                             mac_addresses="3c:52:82:4a:1f:09, 3C-52-82-4A-1F-0A\n00:1b:21:aa:bb:cc")
        assert asset.pk

    def test_a_wrong_mac_address_is_named(self, world):
        errors = refused(world, mac_addresses="3c:52:82:4a:1f:09 3c:52:82:4a:1f 3c:52-82:4a:1f:09")
        messages = " ".join(errors["mac_addresses"])
        assert "“3c:52:82:4a:1f”" in messages and "“3c:52-82:4a:1f:09”" in messages
        assert "“3c:52:82:4a:1f:09”" not in messages

    def test_ipv4_and_ipv6_addresses_and_a_wrong_one_named(self, world):
        assert AssetFactory(organization=world.org_a, ip_addresses="192.168.10.21, fe80::1ff:fe23:4567:890a").pk
        errors = refused(world, ip_addresses="192.168.10.21 192.168.1.300")
        assert errors["ip_addresses"] == [rules.network_errors(ip_addresses="192.168.1.300")["ip_addresses"][0]]
        assert "“192.168.1.300”" in errors["ip_addresses"][0]


def test_the_web_form_explains_on_the_field(world, client):
    client.force_login(world.it_a)
    response = client.post(reverse("inventory:asset_add"), {
        "organization": world.org_a.pk, "name": "Laptop", "category": category("laptop").pk,
        "status": "in_stock", "quantity": 1, "net_price": "100.00", "vat_rate": "23", "gross_price": "999.00",
        "ip_addresses": "10.0.0.300"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_gross_price_error"' in html and "123,00" in html
    assert 'id="id_ip_addresses_error"' in html and "10.0.0.300" in html
    assert not Asset.objects.exists()


def test_the_api_answers_400_with_the_fields(world, api_client):
    api_client.force_authenticate(world.it_a)
    response = api_client.post("/api/v1/assets/", {
        "organization": world.org_a.pk, "name": "Laptop", "category": category("laptop").pk,
        "net_price": "100.00", "vat_rate": "23", "gross_price": "999.00", "mac_addresses": "zz:zz"},
        format="json")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert "123,00" in fields["gross_price"][0] and "zz:zz" in fields["mac_addresses"][0]


# --- The spreadsheet import applies the same rules -------------------------------------------------
# It writes with bulk inserts, not through asset_create, so it checks rows itself. These tests
# check that it applies the same rules.

HEADER = "Nr inw.;Nazwa;Kategoria;Data zakupu;Gwarancja do;Netto;VAT;Brutto;Adres MAC;Adres IP;Stan;Użytkownik"


def _import(world, row):
    return asset_import(user=world.it_a, organization=world.org_a,
                        source=f"{HEADER}\r\n{row}\r\n".encode("cp1250"))


def test_the_import_refuses_a_vat_rate_above_100(world):
    report = _import(world, "IMP/1;Laptop;laptop;28.04.2022;;100;230;;;;;")
    assert not report.ok


def test_the_import_refuses_prices_that_disagree(world):
    assert not _import(world, "IMP/1;Laptop;laptop;28.04.2022;;100;23;999;;;;").ok


def test_the_import_refuses_a_future_purchase_of_equipment_not_ordered(world):
    future = (TODAY + datetime.timedelta(days=30)).strftime("%d.%m.%Y")
    assert not _import(world, f"IMP/1;Laptop;laptop;{future};;;;;;;w magazynie;").ok


def test_the_import_refuses_a_warranty_ending_before_the_purchase(world):
    assert not _import(world, "IMP/1;Laptop;laptop;28.04.2022;27.04.2022;;;;;;;").ok


def test_the_import_refuses_wrong_network_addresses(world):
    assert not _import(world, "IMP/1;Laptop;laptop;28.04.2022;;;;;zz:zz;10.0.0.300;;").ok


def test_an_imported_holder_has_an_assignment(world):
    assert _import(world, "IMP/1;Laptop;laptop;28.04.2022;;;;;;;w użyciu;Anna Alfowska").ok
    asset = Asset.objects.get(inventory_number="IMP/1")
    assert asset.person == world.person_a
    assert Assignment.objects.filter(asset=asset, person=world.person_a, end_date__isnull=True).exists()
