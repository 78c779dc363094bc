import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from magistrat.core.exceptions import AccessDenied
from magistrat.core.models import ChangeLogEntry
from magistrat.inventory import services
from magistrat.inventory.models import Asset, Assignment
from magistrat.organizations import services as org_services

from .factories import AssetFactory, LocationFactory, category


def test_inventory_numbers_follow_the_organization_template(world):
    org_services.organization_update(user=world.admin_a, organization=world.org_a,
                                     inventory_number_template="UGA/{category}/{seq:3}/{yy}")
    world.org_a.refresh_from_db()
    first = AssetFactory(organization=world.org_a, purchase_date=datetime.date(2022, 4, 28))
    second = AssetFactory(organization=world.org_a, purchase_date=datetime.date(2022, 5, 2))
    typed = AssetFactory(organization=world.org_a, inventory_number="RĘCZNY-1")
    assert first.inventory_number == "UGA/KS/001/22"
    assert second.inventory_number == "UGA/KS/002/22"
    assert typed.inventory_number == "RĘCZNY-1"


def test_a_template_without_sequence_is_refused(world):
    with pytest.raises(ValidationError):
        org_services.organization_update(user=world.admin_a, organization=world.org_a,
                                         inventory_number_template="UGA/{category}")


def test_duplicate_inventory_or_serial_number_is_refused(world):
    AssetFactory(organization=world.org_a, inventory_number="A-1", serial_number="X1")
    with pytest.raises(ValidationError) as error:
        AssetFactory(organization=world.org_a, inventory_number="A-1", serial_number="X2")
    assert "inventory_number" in str(error.value)
    with pytest.raises(ValidationError):
        AssetFactory(organization=world.org_a, serial_number="X1")
    # another manufacturer or another organization may use the same serial
    AssetFactory(organization=world.org_a, serial_number="X1", manufacturer="HP")
    AssetFactory(organization=world.org_b, serial_number="X1")


def test_gross_is_computed_and_low_value_follows_the_threshold(world):
    cheap = AssetFactory(organization=world.org_a, net_price=Decimal("3333.33"), vat_rate=Decimal("23"))
    assert cheap.gross_price == Decimal("4100.00")
    assert cheap.low_value is True
    server = AssetFactory(organization=world.org_a, gross_price=Decimal("22000"), vat_rate=Decimal("23"))
    assert server.net_price == Decimal("17886.18") and server.low_value is False
    org_services.organization_update(user=world.admin_a, organization=world.org_a,
                                     low_value_threshold=Decimal("3500"))
    world.org_a.refresh_from_db()
    services.asset_update(user=world.admin_a, asset=cheap, name="Komputer")
    assert cheap.low_value is False


def test_records_must_belong_to_the_same_organization(world):
    room_b = LocationFactory(organization=world.org_b)
    with pytest.raises(ValidationError) as error:
        AssetFactory(organization=world.org_a, location=room_b)
    assert "location" in error.value.message_dict
    with pytest.raises(ValidationError):
        AssetFactory(organization=world.org_a, person=world.person_b)


def test_handover_and_return_record_assignments_and_protocols(world):
    pc, monitor = AssetFactory(organization=world.org_a), AssetFactory(organization=world.org_a)
    protocol = services.asset_handover(user=world.it_a, person=world.person_a, assets=[pc, monitor],
                                       date=datetime.date(2023, 1, 10))
    assert protocol.number == "PP/1/2023" and protocol.items.count() == 2
    pc.refresh_from_db()
    assert pc.person == world.person_a and pc.status == Asset.Status.IN_USE
    assert Assignment.objects.filter(asset=pc, end_date__isnull=True).count() == 1
    with pytest.raises(ValidationError):  # already held
        services.asset_handover(user=world.it_a, person=world.person_school_a, assets=[pc])
    back = services.asset_return(user=world.it_a, person=world.person_a, assets=[pc],
                                 date=datetime.date(2024, 6, 30))
    assert back.number == "PZ/1/2024"
    pc.refresh_from_db()
    assert pc.person is None and pc.status == Asset.Status.IN_STOCK
    assert Assignment.objects.get(asset=pc).end_date == datetime.date(2024, 6, 30)


def test_handover_refuses_other_organizations_and_read_only_roles(world):
    pc_b = AssetFactory(organization=world.org_b)
    with pytest.raises(ValidationError):
        services.asset_handover(user=world.superuser, person=world.person_a, assets=[pc_b])
    with pytest.raises(AccessDenied):
        services.asset_handover(user=world.viewer_a, person=world.person_a,
                                assets=[AssetFactory(organization=world.org_a)])


def test_deleting_an_asset_with_history_is_refused_but_a_mistake_can_be_deleted(world):
    mistake = AssetFactory(organization=world.org_a)
    services.asset_delete(user=world.it_a, asset=mistake)
    assert not Asset.objects.filter(pk=mistake.pk).exists()
    used = AssetFactory(organization=world.org_a)
    services.asset_update(user=world.it_a, asset=used, hostname="pc-01")
    with pytest.raises(ValidationError):
        services.asset_delete(user=world.it_a, asset=used)


def test_retirement_keeps_the_asset_with_reason_and_protocol(world):
    pc = AssetFactory(organization=world.org_a)
    with pytest.raises(ValidationError):
        services.asset_retire(user=world.it_a, asset=pc, status="disposed",
                              date=datetime.date(2024, 1, 2), reason="")
    services.asset_retire(user=world.it_a, asset=pc, status="disposed", date=datetime.date(2024, 1, 2),
                          reason="Uszkodzona płyta główna", protocol_number="PL/3/2024")
    pc.refresh_from_db()
    assert pc.status == "disposed" and pc.retirement_protocol == "PL/3/2024"
    entry = ChangeLogEntry.objects.filter(object_id=str(pc.pk), action="update").latest("id")
    assert entry.changes["status"] == ["in_stock", "disposed"]


def test_retiring_a_held_asset_asks_to_take_it_back_first(world):
    pc = AssetFactory(organization=world.org_a)
    services.asset_handover(user=world.it_a, person=world.person_a, assets=[pc])
    with pytest.raises(ValidationError) as error:
        services.asset_retire(user=world.it_a, asset=pc, status="withdrawn",
                              date=datetime.date(2024, 1, 2), reason="awaria")
    assert "Alfowska" in str(error.value)


class TestListFilters:
    def test_location_filter_includes_rooms_inside(self, world, client):
        building = LocationFactory(organization=world.org_a, name="Budynek A", kind="building")
        room = LocationFactory(organization=world.org_a, name="Pokój 7", parent=building)
        AssetFactory(organization=world.org_a, location=room, inventory_number="IN-ROOM")
        AssetFactory(organization=world.org_a, inventory_number="NOWHERE")
        client.force_login(world.viewer_a)
        html = client.get(reverse("inventory:asset_list"), {"location": building.pk}).content.decode()
        assert "IN-ROOM" in html and "NOWHERE" not in html

    def test_warranty_ending_soon_and_search_by_person(self, world, client):
        from django.utils import timezone

        today = timezone.localdate()
        AssetFactory(organization=world.org_a, inventory_number="SOON",
                     warranty_end=today + datetime.timedelta(days=20), person=world.person_a)
        AssetFactory(organization=world.org_a, inventory_number="LATER",
                     warranty_end=today + datetime.timedelta(days=400))
        client.force_login(world.viewer_a)
        url = reverse("inventory:asset_list")
        html = client.get(url, {"warranty_within": 30}).content.decode()
        assert "SOON" in html and "LATER" not in html
        html = client.get(url, {"search": "alfowska"}).content.decode()
        assert "SOON" in html and "LATER" not in html

    def test_column_choice_is_remembered(self, world, client):
        AssetFactory(organization=world.org_a, hostname="pc-kolumna")
        client.force_login(world.viewer_a)
        url = reverse("inventory:asset_list")
        assert "pc-kolumna" not in client.get(url).content.decode()
        assert "pc-kolumna" in client.get(url, {"col": ["inventory_number", "hostname"]}).content.decode()
        assert "pc-kolumna" in client.get(url).content.decode()


def test_bulk_edit_changes_selected_rows_only(world, client):
    room = LocationFactory(organization=world.org_a)
    a, b, c = (AssetFactory(organization=world.org_a) for _ in range(3))
    client.force_login(world.it_a)
    response = client.post(reverse("inventory:asset_bulk"), {
        "pk": [a.pk, b.pk], "status": "in_repair", "location": room.pk})
    assert response.status_code == 302
    assert set(Asset.objects.filter(status="in_repair").values_list("pk", flat=True)) == {a.pk, b.pk}
    c.refresh_from_db()
    assert c.status == "in_stock"


def test_person_page_warns_when_a_leaver_still_holds_equipment(world, client):
    pc = AssetFactory(organization=world.org_a)
    services.asset_handover(user=world.it_a, person=world.person_a, assets=[pc])
    org_services.person_update(user=world.admin_a, person=world.person_a,
                               employed_to=datetime.date(2024, 3, 31), active=False)
    client.force_login(world.viewer_a)
    html = client.get(reverse("organizations:person_detail", args=[world.person_a.pk])).content.decode()
    assert 'class="warning"' in html
    html = client.get(reverse("inventory:asset_list"), {"holder_left": "true"}).content.decode()
    assert pc.inventory_number in html


class TestAttachments:
    def test_pdf_and_images_are_accepted_by_content(self, world):
        pc = AssetFactory(organization=world.org_a)
        pdf = SimpleUploadedFile("faktura.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
        attachment = services.attachment_add(user=world.it_a, asset=pc, upload=pdf)
        assert attachment.content_type == "application/pdf"

    def test_other_files_and_disguised_files_are_refused(self, world):
        pc = AssetFactory(organization=world.org_a)
        exe = SimpleUploadedFile("faktura.pdf", b"MZ\x90\x00", content_type="application/pdf")
        with pytest.raises(ValidationError):
            services.attachment_add(user=world.it_a, asset=pc, upload=exe)

    def test_large_files_are_refused(self, world):
        pc = AssetFactory(organization=world.org_a)
        big = SimpleUploadedFile("zdjecie.png", b"\x89PNG\r\n\x1a\n" + b"0" * (10 * 1024 * 1024 + 1))
        with pytest.raises(ValidationError):
            services.attachment_add(user=world.it_a, asset=pc, upload=big)


def test_api_handover_and_return(world, api_client):
    pc = AssetFactory(organization=world.org_a)
    api_client.force_authenticate(world.it_a)
    response = api_client.post("/api/v1/assets/handover/", {
        "person": world.person_a.pk, "assets": [pc.pk], "date": "2023-01-10"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["number"] == "PP/1/2023" and response.json()["pdf"].endswith("/pdf/")
    response = api_client.post("/api/v1/assets/return/", {
        "person": world.person_a.pk, "assets": [pc.pk]}, format="json")
    assert response.status_code == 201
    response = api_client.post("/api/v1/assets/handover/", {
        "person": world.person_b.pk, "assets": [pc.pk]}, format="json")
    assert response.status_code == 400 and "person" in response.json()["fields"]


def test_api_handover_prints_condition_and_accessories(world, api_client):
    from magistrat.inventory.models import ProtocolItem

    laptop, spare = AssetFactory(organization=world.org_a), AssetFactory(organization=world.org_a)
    api_client.force_authenticate(world.it_a)
    response = api_client.post("/api/v1/assets/handover/", {
        "person": world.person_a.pk, "assets": [laptop.pk],
        "items": [{"asset": laptop.pk, "condition": "sprawny, rysa na obudowie",
                   "accessories": "zasilacz, torba"}]}, format="json")
    assert response.status_code == 201, response.json()
    item = ProtocolItem.objects.get(asset=laptop)
    assert (item.condition, item.accessories) == ("sprawny, rysa na obudowie", "zasilacz, torba")
    response = api_client.post("/api/v1/assets/return/", {
        "person": world.person_a.pk, "assets": [laptop.pk],
        "items": [{"asset": spare.pk, "condition": "?"}]}, format="json")
    assert response.status_code == 400 and "items" in response.json()["fields"]


def test_shared_categories_are_kept_by_installation_administrators(world, api_client):
    api_client.force_authenticate(world.admin_a)
    shared = category("laptop")
    assert api_client.patch(f"/api/v1/asset-categories/{shared.pk}/", {"code": "NB"},
                            format="json").status_code == 403
    response = api_client.post("/api/v1/asset-categories/", {
        "organization": world.org_a.pk, "name": "tablica interaktywna", "code": "TI"}, format="json")
    assert response.status_code == 201
    api_client.force_authenticate(world.admin_b)
    names = [c["name"] for c in api_client.get("/api/v1/asset-categories/",
                                               {"page_size": 100}).json()["results"]]
    assert "laptop" in names and "tablica interaktywna" not in names


def test_api_return_puts_each_item_in_stock_or_in_repair(world, api_client):
    laptop, monitor, dock = (AssetFactory(organization=world.org_a) for _ in range(3))
    api_client.force_authenticate(world.it_a)
    assert api_client.post("/api/v1/assets/handover/", {
        "person": world.person_a.pk, "assets": [laptop.pk, monitor.pk, dock.pk]},
        format="json").status_code == 201
    # a handover puts everything in use: "status" there is a mistake, said so
    response = api_client.post("/api/v1/assets/handover/", {
        "person": world.person_a.pk, "assets": [laptop.pk],
        "items": [{"asset": laptop.pk, "status": "in_repair"}]}, format="json")
    assert response.status_code == 400
    assert "przekazanie oddaje każdy składnik do użytku" in response.json()["fields"]["items"][0]
    # only in stock or in repair
    response = api_client.post("/api/v1/assets/return/", {
        "person": world.person_a.pk, "assets": [laptop.pk],
        "items": [{"asset": laptop.pk, "status": "lost"}]}, format="json")
    assert response.status_code == 400 and "status" in str(response.json()["fields"]["items"])
    response = api_client.post("/api/v1/assets/return/", {
        "person": world.person_a.pk, "assets": [laptop.pk, monitor.pk, dock.pk],
        "items": [{"asset": laptop.pk, "status": "in_repair", "condition": "uszkodzony: zalany"},
                  {"asset": monitor.pk, "status": "in_stock"},
                  {"asset": dock.pk, "status": ""}]}, format="json")     # empty: the default
    assert response.status_code == 201, response.json()
    statuses = {item["asset"]: item["status"] for item in response.json()["items"]}
    assert statuses == {laptop.pk: "in_repair", monitor.pk: "in_stock", dock.pk: "in_stock"}
    for asset, status in ((laptop, "in_repair"), (monitor, "in_stock"), (dock, "in_stock")):
        asset.refresh_from_db()
        assert (asset.status, asset.person) == (status, None)
    assert api_client.get(f"/api/v1/assets/{laptop.pk}/").json()["status"] == "in_repair"
