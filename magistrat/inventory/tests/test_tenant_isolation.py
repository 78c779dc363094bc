"""Isolation, permissions, change log and query counts for the register's models."""

from magistrat.core.testing import ApiTenantTests, WebTenantTests
from magistrat.inventory.models import Asset, Location

from .factories import AssetFactory, LocationFactory, category


class AssetDeclarations:
    model = Asset
    api_endpoint = "/api/v1/assets/"
    url_namespace = "inventory"
    writer = "it_a"
    reader = "viewer_a"
    api_update = {"hostname": "pc-alfa-01"}
    deletable_after_update = False

    def make_record(self, world, organization):
        return AssetFactory(organization=organization)

    def record_text(self, record):
        return record.inventory_number

    def api_payload(self, world, organization):
        return {"organization": organization.pk, "name": "Laptop", "category": category("laptop").pk,
                "serial_number": "API-1", "gross_price": "5200.00"}

    def form_data(self, world, organization):
        return {"organization": organization.pk, "name": "Laptop", "category": category("laptop").pk,
                "status": "in_stock", "quantity": 1, "serial_number": "WEB-1", "vat_rate": "23"}


class TestAssetApi(AssetDeclarations, ApiTenantTests):
    pass


class TestAssetWeb(AssetDeclarations, WebTenantTests):
    def test_web_create_edit_delete_through_forms(self, world, client):
        # Assets with history are withdrawn, not deleted: the generic test's last step is
        # refused here, so this checks create and edit, and that refusal.
        client.force_login(world.it_a)
        response = client.post(self.url("add"), self.form_data(world, world.org_a))
        assert response.status_code == 302
        asset = Asset.objects.get(serial_number="WEB-1")
        data = {**self.form_data(world, world.org_a), "hostname": "pc-alfa-01"}
        assert client.post(self.url("edit", asset.pk), data).status_code == 302
        asset.refresh_from_db()
        assert asset.hostname == "pc-alfa-01"
        client.post(self.url("delete", asset.pk))
        assert Asset.objects.filter(pk=asset.pk).exists()


class LocationDeclarations:
    model = Location
    api_endpoint = "/api/v1/locations/"
    url_namespace = "inventory"
    writer = "it_a"
    reader = "viewer_a"
    api_update = {"notes": "klucz w sekretariacie"}

    def make_record(self, world, organization):
        return LocationFactory(organization=organization)

    def api_payload(self, world, organization):
        return {"organization": organization.pk, "name": "Serwerownia", "kind": "room"}

    def form_data(self, world, organization):
        return {"organization": organization.pk, "name": "Serwerownia", "kind": "room"}


class TestLocationApi(LocationDeclarations, ApiTenantTests):
    pass


class TestLocationWeb(LocationDeclarations, WebTenantTests):
    pass
