"""Who holds an asset changes only with a protocol — on screen, through the API and in the
services; only an import of legacy data sets holders without one (each still gets an
assignment, so the Assignments tab and the register agree)."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from magistrat.inventory import services
from magistrat.inventory.models import Asset, Assignment
from magistrat.organizations import services as org_services
from magistrat.organizations.tests.factories import PersonFactory

from .factories import AssetFactory, category

pytestmark = pytest.mark.usefixtures("english")


def open_assignments(asset):
    return list(Assignment.objects.filter(asset=asset, end_date__isnull=True).values_list("person_id", flat=True))


class TestEditForms:
    def test_the_asset_form_shows_the_holder_with_a_link_to_take_it_back(self, world, client):
        pc = AssetFactory(organization=world.org_a)
        services.asset_handover(user=world.it_a, person=world.person_a, assets=[pc])
        client.force_login(world.it_a)
        html = client.get(reverse("inventory:asset_edit", args=[pc.pk])).content.decode()
        assert 'name="person"' not in html
        assert "Anna Alfowska" in html
        back = f'{reverse("inventory:handover_return")}?person={world.person_a.pk}&amp;assets={pc.pk}'
        assert back in html

    def test_an_asset_nobody_holds_offers_the_handover(self, world, client):
        pc = AssetFactory(organization=world.org_a)
        client.force_login(world.it_a)
        html = client.get(reverse("inventory:asset_edit", args=[pc.pk])).content.decode()
        assert f'{reverse("inventory:handover")}?assets={pc.pk}' in html

    def test_posting_a_person_to_the_edit_form_changes_nothing(self, world, client):
        pc = AssetFactory(organization=world.org_a)
        client.force_login(world.it_a)
        response = client.post(reverse("inventory:asset_edit", args=[pc.pk]), {
            "organization": world.org_a.pk, "inventory_number": pc.inventory_number, "name": pc.name,
            "category": pc.category_id, "status": "in_stock", "quantity": 1,
            "person": world.person_a.pk, "hostname": "pc-01"})
        assert response.status_code == 302
        pc.refresh_from_db()
        assert pc.hostname == "pc-01" and pc.person is None and pc.status == "in_stock"
        assert not Assignment.objects.filter(asset=pc).exists()

    def test_a_held_asset_cannot_be_put_in_stock_by_editing(self, world, client):
        pc = AssetFactory(organization=world.org_a)
        services.asset_handover(user=world.it_a, person=world.person_a, assets=[pc])
        client.force_login(world.it_a)
        response = client.post(reverse("inventory:asset_edit", args=[pc.pk]), {
            "organization": world.org_a.pk, "inventory_number": pc.inventory_number, "name": pc.name,
            "category": pc.category_id, "status": "in_stock", "quantity": 1})
        assert response.status_code == 400
        assert "take it back with a return protocol" in response.content.decode()
        pc.refresh_from_db()
        assert pc.status == "in_use"

    def test_bulk_edit_offers_no_person_and_refuses_one(self, world, client):
        a, b = AssetFactory(organization=world.org_a), AssetFactory(organization=world.org_a)
        client.force_login(world.it_a)
        html = client.get(reverse("inventory:asset_list")).content.decode()
        bulk = html[html.index('id="bulk-form"'):]
        bulk = bulk[:bulk.index("</form>")]
        assert 'name="person"' not in bulk and 'name="clear_person"' not in bulk
        client.post(reverse("inventory:asset_bulk"), {"pk": [a.pk, b.pk], "person": world.person_a.pk})
        assert not Asset.objects.filter(person__isnull=False).exists()
        with pytest.raises(ValidationError):
            services.asset_bulk_update(user=world.it_a, assets=[a], person=world.person_a)

    def test_a_bulk_refusal_names_the_asset(self, world, client):
        pc = AssetFactory(organization=world.org_a)
        services.asset_handover(user=world.it_a, person=world.person_a, assets=[pc])
        client.force_login(world.it_a)
        response = client.post(reverse("inventory:asset_bulk"), {"pk": [pc.pk], "status": "in_stock"},
                               follow=True)
        assert f"{pc}: Anna Alfowska holds it" in response.content.decode()


class TestRetirement:
    def test_the_retire_page_links_to_the_return_form(self, world, client):
        pc = AssetFactory(organization=world.org_a)
        services.asset_handover(user=world.it_a, person=world.person_a, assets=[pc])
        client.force_login(world.it_a)
        url = reverse("inventory:asset_retire", args=[pc.pk])
        back = f'{reverse("inventory:handover_return")}?person={world.person_a.pk}&amp;assets={pc.pk}'
        assert back in client.get(url).content.decode()
        response = client.post(url, {"status": "withdrawn", "date": "2024-01-02", "reason": "awaria"})
        html = response.content.decode()
        assert response.status_code == 400
        assert "is still held by Anna Alfowska: take it back first" in html and back in html

    def test_the_reason_is_a_text_area_and_the_button_saves(self, world, client):
        pc = AssetFactory(organization=world.org_a)
        client.force_login(world.it_a)
        html = client.get(reverse("inventory:asset_retire", args=[pc.pk])).content.decode()
        assert re.search(r'<textarea[^>]*name="reason"', html)
        assert re.search(r'<button type="submit" class="button-primary">Record</button>', html)


class TestHolderOnlyWithAProtocol:
    """The holder changes only with a handover or return protocol, whatever the interface."""

    def test_creating_with_a_holder_hands_it_over_with_a_protocol(self, world):
        pc = AssetFactory(organization=world.org_a, person=world.person_a)
        assert pc.status == "in_use" and pc.person == world.person_a
        assignment = Assignment.objects.get(asset=pc)
        assert assignment.person == world.person_a and assignment.end_date is None
        protocol = assignment.handover
        assert protocol is not None and protocol.kind == "handover" and protocol.date == timezone.localdate()
        assert list(protocol.items.values_list("asset", flat=True)) == [pc.pk]

    def test_the_service_refuses_to_change_the_holder_without_a_protocol(self, world):
        other = PersonFactory(organization=world.org_a, first_name="Ola", last_name="Alfowska-Druga")
        pc = AssetFactory(organization=world.org_a, person=world.person_a)
        for person in (other, None):
            with pytest.raises(ValidationError) as error:
                services.asset_update(user=world.it_a, asset=pc, person=person)
            assert "/assets/handover/" in error.value.message_dict["person"][0]
        pc.refresh_from_db()
        assert pc.person == world.person_a and open_assignments(pc) == [world.person_a.pk]
        services.asset_update(user=world.it_a, asset=pc, person=world.person_a, hostname="pc-1")  # unchanged

    def test_the_api_refuses_to_move_an_asset_between_people(self, world, api_client):
        other = PersonFactory(organization=world.org_a, first_name="Ola", last_name="Alfowska-Druga")
        pc = AssetFactory(organization=world.org_a, person=world.person_a)
        api_client.force_authenticate(world.it_a)
        for person in (other.pk, None):
            response = api_client.patch(f"/api/v1/assets/{pc.pk}/", {"person": person}, format="json")
            assert response.status_code == 400
            body = response.json()
            assert "/api/v1/assets/handover/" in body["fields"]["person"][0], body
        stock = AssetFactory(organization=world.org_a)
        response = api_client.patch(f"/api/v1/assets/{stock.pk}/", {"person": other.pk}, format="json")
        assert response.status_code == 400 and "person" in response.json()["fields"]
        pc.refresh_from_db()
        stock.refresh_from_db()
        assert pc.person == world.person_a and stock.person is None
        assert open_assignments(pc) == [world.person_a.pk] and open_assignments(stock) == []

    def test_an_api_create_with_a_person_hands_it_over_and_the_protocol_is_listed(self, world, api_client):
        api_client.force_authenticate(world.it_a)
        response = api_client.post("/api/v1/assets/", {
            "organization": world.org_a.pk, "name": "Laptop", "category": category("laptop").pk,
            "person": world.person_a.pk}, format="json")
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["person"] == world.person_a.pk and body["status"] == "in_use"
        protocols = api_client.get("/api/v1/handover-protocols/", {"asset": body["id"]}).json()["results"]
        assert [(p["kind"], p["person"]) for p in protocols] == [("handover", world.person_a.pk)]

    def test_an_api_create_for_someone_who_left_is_refused(self, world, api_client):
        org_services.person_update(user=world.admin_a, person=world.person_a, active=False,
                                   employed_to=datetime.date(2024, 3, 31))
        api_client.force_authenticate(world.it_a)
        response = api_client.post("/api/v1/assets/", {
            "organization": world.org_a.pk, "name": "Laptop", "category": category("laptop").pk,
            "person": world.person_a.pk}, format="json")
        assert response.status_code == 400
        assert "employment ended on 31.03.2024" in response.json()["fields"]["person"][0]
        assert not Asset.objects.filter(name="Laptop").exists()

    def test_handover_and_return_write_one_assignment_each(self, world):
        pc = AssetFactory(organization=world.org_a)
        services.asset_handover(user=world.it_a, person=world.person_a, assets=[pc])
        assert Assignment.objects.filter(asset=pc).count() == 1
        services.asset_return(user=world.it_a, person=world.person_a, assets=[pc])
        assert Assignment.objects.filter(asset=pc).count() == 1 and open_assignments(pc) == []

    def test_handing_over_again_to_the_holder_is_refused(self, world):
        pc = AssetFactory(organization=world.org_a)
        services.asset_handover(user=world.it_a, person=world.person_a, assets=[pc])
        with pytest.raises(ValidationError, match="already holds"):
            services.asset_handover(user=world.it_a, person=world.person_a, assets=[pc])

    def test_a_protocol_dated_before_the_person_left_may_be_entered(self, world):
        org_services.person_update(user=world.admin_a, person=world.person_a, active=False,
                                   employed_to=datetime.date(2024, 3, 31))
        pc = AssetFactory(organization=world.org_a)
        with pytest.raises(ValidationError, match="employment ended on 31.03.2024"):
            services.asset_handover(user=world.it_a, person=world.person_a, assets=[pc])
        services.asset_handover(user=world.it_a, person=world.person_a, assets=[pc],
                                date=datetime.date(2023, 5, 2))
        assert open_assignments(pc) == [world.person_a.pk]


def test_the_demo_hands_every_held_asset_over_with_a_protocol(db):
    from magistrat.organizations import demo

    demo.load()
    held = Asset.objects.filter(person__isnull=False)
    assert held.count() > 15
    for asset in held:
        assert open_assignments(asset) == [asset.person_id], asset
        assert Assignment.objects.get(asset=asset, end_date__isnull=True).handover is not None, asset
    printer = Asset.objects.get(serial_number="DEMO-PRN-0001")
    assert printer.person.last_name == "Szymańska"
    assert printer.protocol_items.get().accessories

