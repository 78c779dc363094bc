"""Rules of the register that no interface may bypass: grant-linked assets are history, dates of
handover and return are possible ones, the low-value flag follows the threshold, quantities
follow the category's tracking, parts do not contain their own parents, serial numbers are
unique whatever the manufacturer's case; protocols reach API clients and name real people."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from magistrat.api.services import token_create
from magistrat.grants.tests.factories import GrantProjectFactory, expenditure
from magistrat.inventory import services
from magistrat.inventory.models import Asset, HandoverProtocol
from magistrat.organizations import services as org_services
from magistrat.organizations.tests.factories import PersonFactory, UserFactory

from .factories import AssetFactory, category

pytestmark = pytest.mark.usefixtures("english")

TODAY = timezone.localdate()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


class TestGrantLinkedAssetsAreHistory:
    def test_an_asset_an_expenditure_lists_is_not_deleted(self, world, api_client, client):
        pc = AssetFactory(organization=world.org_a)
        paid = expenditure(GrantProjectFactory(organization=world.org_a), assets=[pc])
        api_client.force_authenticate(world.it_a)
        api_client.credentials(HTTP_ACCEPT_LANGUAGE="pl")
        response = api_client.delete(f"/api/v1/assets/{pc.pk}/")
        assert response.status_code == 400
        assert "wydatki: 1" in response.json()["message"]
        assert Asset.objects.filter(pk=pc.pk).exists() and list(paid.assets.all()) == [pc]
        client.force_login(world.it_a)
        page = client.get(reverse("inventory:asset_delete", args=[pc.pk])).content.decode()
        assert "expenditures: 1" in page


class TestHandoverDates:
    @pytest.fixture
    def pc(self, world):
        return AssetFactory(organization=world.org_a, purchase_date=datetime.date(2022, 9, 15),
                            commissioning_date=datetime.date(2023, 1, 9))

    def refused(self, world, pc, date, person=None) -> str:
        with pytest.raises(ValidationError) as error:
            services.asset_handover(user=world.it_a, person=person or world.person_a, assets=[pc], date=date)
        return " ".join(error.value.message_dict["date"])

    def test_a_handover_in_the_future_is_refused(self, world, pc):
        assert "in the future" in self.refused(world, pc, datetime.date(2099, 1, 1))
        assert not HandoverProtocol.objects.filter(number__endswith="/2099").exists()

    def test_a_handover_before_the_purchase_or_commissioning_is_refused(self, world, pc):
        assert "bought on 15.09.2022" in self.refused(world, pc, datetime.date(2022, 1, 1))
        assert "commissioned on 09.01.2023" in self.refused(world, pc, datetime.date(2022, 12, 1))

    def test_a_handover_before_the_employment_starts_is_refused(self, world, pc):
        newcomer = PersonFactory(organization=world.org_a, first_name="Nowa", last_name="Osoba",
                                 employed_from=datetime.date(2024, 2, 1))
        assert "starts work on 01.02.2024" in self.refused(world, pc, datetime.date(2024, 1, 15), newcomer)

    def test_a_return_before_the_handover_or_in_the_future_is_refused(self, world, pc):
        services.asset_handover(user=world.it_a, person=world.person_a, assets=[pc],
                                date=datetime.date(2023, 2, 1))
        for date, message in ((datetime.date(2023, 1, 20), "received"), (datetime.date(2099, 1, 1), "future")):
            with pytest.raises(ValidationError) as error:
                services.asset_return(user=world.it_a, person=world.person_a, assets=[pc], date=date)
            assert message in error.value.message_dict["date"][0]
        pc.refresh_from_db()
        assert pc.person == world.person_a

    def test_the_handover_form_shows_the_date_error_on_its_field(self, world, client, pc):
        client.force_login(world.it_a)
        response = client.post(reverse("inventory:handover"), {
            "person": world.person_a.pk, "assets": [pc.pk], "date": "2099-01-01"})
        assert response.status_code == 400
        assert re.search(r'id="id_date_error"[^>]*><p>[^<]*in the future', response.content.decode())

    def test_the_api_answers_400_with_the_date_field(self, world, api_client, pc):
        api_client.force_authenticate(world.it_a)
        response = api_client.post("/api/v1/assets/handover/", {
            "person": world.person_a.pk, "assets": [pc.pk], "date": "2099-01-01"}, format="json")
        assert response.status_code == 400 and "in the future" in response.json()["fields"]["date"][0]


class TestProtocolsThroughTheApi:
    def test_a_token_client_downloads_the_protocol_it_was_given(self, world, client):
        pc = AssetFactory(organization=world.org_a)
        key = token_create(user=world.it_a, owner=world.it_a, name="skrypt")[1]
        auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
        response = client.post("/api/v1/assets/handover/", {"person": world.person_a.pk, "assets": [pc.pk]},
                               content_type="application/json", **auth)
        assert response.status_code == 201, response.json()
        protocol = response.json()
        assert "/api/v1/handover-protocols/" in protocol["pdf"]
        pdf = client.get(protocol["pdf"], **auth)
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        assert protocol["number"] in pdf_text(b"".join(pdf.streaming_content))

    def test_protocols_are_listed_by_person_and_asset_within_the_tenant(self, world, api_client):
        mine, other = AssetFactory(organization=world.org_a), AssetFactory(organization=world.org_a)
        given = services.asset_handover(user=world.it_a, person=world.person_a, assets=[mine])
        services.asset_handover(user=world.it_a, person=world.person_a, assets=[other])
        foreign = services.asset_handover(user=world.admin_b, person=world.person_b,
                                          assets=[AssetFactory(organization=world.org_b)])
        api_client.force_authenticate(world.viewer_a)
        listed = api_client.get("/api/v1/handover-protocols/", {"asset": mine.pk}).json()
        assert [p["number"] for p in listed["results"]] == [given.number]
        everyone = api_client.get("/api/v1/handover-protocols/", {"person": world.person_a.pk}).json()
        assert everyone["count"] == 2
        assert api_client.get(f"/api/v1/handover-protocols/{foreign.pk}/pdf/").status_code == 404
        assert foreign.pk not in [p["id"] for p in api_client.get("/api/v1/handover-protocols/").json()["results"]]


class TestLowValue:
    def test_the_flag_and_the_filter_follow_a_changed_threshold(self, world, client, api_client):
        pc = AssetFactory(organization=world.org_a, gross_price=Decimal("4100.00"), vat_rate=Decimal("23"))
        api_client.force_authenticate(world.it_a)
        assert api_client.get(f"/api/v1/assets/{pc.pk}/").json()["low_value"] is True
        org_services.organization_update(user=world.admin_a, organization=world.org_a,
                                         low_value_threshold=Decimal("3500"))
        assert api_client.get(f"/api/v1/assets/{pc.pk}/").json()["low_value"] is False
        listed = api_client.get("/api/v1/assets/", {"low_value": "true"}).json()["results"]
        assert pc.pk not in [a["id"] for a in listed]
        assert pc.pk in [a["id"] for a in api_client.get("/api/v1/assets/", {"low_value": "false"}).json()["results"]]
        client.force_login(world.it_a)
        html = client.get(reverse("inventory:asset_list"), {"low_value": "true"}).content.decode()
        assert pc.inventory_number not in html

    def test_the_net_price_counts_when_there_is_no_gross(self, world, api_client):
        net_only = AssetFactory(organization=world.org_a, net_price=Decimal("900.00"))
        unpriced = AssetFactory(organization=world.org_a)
        api_client.force_authenticate(world.it_a)
        ids = [a["id"] for a in api_client.get("/api/v1/assets/", {"low_value": "true"}).json()["results"]]
        assert net_only.pk in ids and unpriced.pk not in ids


class TestQuantity:
    def test_an_individually_tracked_item_has_quantity_one(self, world, api_client, client):
        api_client.force_authenticate(world.it_a)
        response = api_client.post("/api/v1/assets/", {
            "organization": world.org_a.pk, "name": "Laptop", "category": category("laptop").pk,
            "quantity": 5}, format="json")
        assert response.status_code == 400 and "tracked individually" in response.json()["fields"]["quantity"][0]
        cables = AssetFactory(organization=world.org_a, name="Kabel", category=category("inne"), quantity=5)
        assert cables.quantity == 5
        client.force_login(world.it_a)
        response = client.post(reverse("inventory:asset_edit", args=[cables.pk]), {
            "organization": world.org_a.pk, "inventory_number": cables.inventory_number, "name": "Kabel",
            "category": category("laptop").pk, "status": "in_stock", "quantity": 5})
        assert response.status_code == 400
        assert re.search(r'id="id_quantity_error"[^>]*><p>[^<]*tracked individually', response.content.decode())

    def test_a_category_with_counted_items_cannot_become_individual(self, world):
        own = services.category_create(user=world.admin_a, organization=world.org_a, name="Myszy",
                                       code="MYS", tracking="quantity")
        AssetFactory(organization=world.org_a, category=own, quantity=10)
        with pytest.raises(ValidationError) as error:
            services.category_update(user=world.admin_a, assetcategory=own, tracking="individual")
        assert "quantity of 10" in error.value.message_dict["tracking"][0]


class TestParents:
    def test_a_cycle_of_parts_is_refused_by_form_and_api(self, world, api_client, client):
        pc = AssetFactory(organization=world.org_a)
        monitor = AssetFactory(organization=world.org_a, name="Monitor", category=category("monitor"), parent=pc)
        api_client.force_authenticate(world.it_a)
        response = api_client.patch(f"/api/v1/assets/{pc.pk}/", {"parent": monitor.pk}, format="json")
        assert response.status_code == 400 and "its own component" in response.json()["fields"]["parent"][0]
        disk = AssetFactory(organization=world.org_a, name="Dysk", category=category("inne"), parent=monitor)
        with pytest.raises(ValidationError):
            services.asset_update(user=world.it_a, asset=pc, parent=disk)
        client.force_login(world.it_a)
        response = client.post(reverse("inventory:asset_edit", args=[pc.pk]), {
            "organization": world.org_a.pk, "inventory_number": pc.inventory_number, "name": pc.name,
            "category": pc.category_id, "status": "in_stock", "quantity": 1, "parent": disk.pk})
        assert response.status_code == 400 and 'id="id_parent_error"' in response.content.decode()
        pc.refresh_from_db()
        assert pc.parent is None


class TestSerialNumbers:
    @pytest.mark.parametrize("maker", ["dell", "DELL", " Dell ", "Dell"])
    def test_the_manufacturer_is_compared_whatever_its_case_and_spaces(self, world, maker):
        AssetFactory(organization=world.org_a, manufacturer="Dell", serial_number="ABC123")
        with pytest.raises(ValidationError) as error:
            AssetFactory(organization=world.org_a, manufacturer=maker, serial_number="ABC123")
        assert "same manufacturer and serial number" in error.value.message_dict["serial_number"][0]

    def test_the_database_refuses_it_too(self, world):
        from django.db import IntegrityError, transaction

        first = AssetFactory(organization=world.org_a, manufacturer="Dell", serial_number="ABC123")
        twin = AssetFactory(organization=world.org_a, manufacturer="HP", serial_number="ABC123")
        with pytest.raises(IntegrityError), transaction.atomic():
            Asset.objects.filter(pk=twin.pk).update(manufacturer="dELL")
        assert first.pk

    def test_spaces_in_the_manufacturer_are_tidied(self, world):
        asset = AssetFactory(organization=world.org_a, manufacturer="  Hewlett   Packard ", serial_number=" X1 ")
        assert (asset.manufacturer, asset.serial_number) == ("Hewlett Packard", "X1")


class TestWhoSignsForTheOffice:
    def test_an_account_without_a_name_leaves_a_line_not_its_login(self, world):
        admin = UserFactory(username="admin")
        from magistrat.organizations.models import Membership, Role

        Membership.objects.create(user=admin, organization=world.org_a, role=Role.ADMINISTRATOR)
        pc = AssetFactory(organization=world.org_a)
        protocol = services.asset_handover(user=admin, person=world.person_a, assets=[pc])
        assert protocol.issued_by == ""
        from magistrat.inventory import documents

        handle = io.BytesIO()
        documents.handover_protocol_pdf(protocol, handle)
        text = pdf_text(handle.getvalue())
        assert "admin" not in text and "w imieniu:" in text

    def test_an_account_with_a_name_signs_with_it(self, world):
        named = UserFactory(username="jkowalski", first_name="Jan", last_name="Kowalski")
        assert services.acting_name(named) == "Jan Kowalski"
