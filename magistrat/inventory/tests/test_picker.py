"""The equipment picker: pages that offer assets list a few matches and search for the rest, so
they stay small whatever the size of the register; the search answers only with what the user
may see and the form would accept; without JavaScript exact inventory numbers can be typed."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from magistrat.inventory import picker
from magistrat.inventory.models import Asset, HandoverProtocol
from magistrat.inventory.tests.factories import AssetFactory, category

from .picking import picker_offers, picker_scope

pytestmark = pytest.mark.usefixtures("english")


def many(organization, count: int, prefix: str = "BULK") -> list[Asset]:
    """`count` assets in stock, written at once (the register's size is what matters here)."""
    kind = category()
    Asset.objects.bulk_create([
        Asset(organization=organization, inventory_number=f"{prefix}/{n:05d}", name=f"Monitor {n}",
              category=kind, serial_number=f"{prefix}-SN-{n:05d}") for n in range(count)])
    return list(Asset.objects.filter(inventory_number__startswith=f"{prefix}/"))


def offered_on(html: str, field: str = "assets") -> set[int]:
    return {int(pk) for pk in re.findall(rf'name="{field}" value="(\d+)"', html)}


class TestPagesStaySmall:
    def test_the_handover_page_does_not_grow_with_the_register(self, world, client):
        client.force_login(world.it_a)
        many(world.org_a, 30, "FEW")
        few = client.get(reverse("inventory:handover"))
        many(world.org_a, 300)
        lots = client.get(reverse("inventory:handover"))
        html = lots.content.decode()
        assert lots.status_code == 200
        assert len(offered_on(html)) == picker.LIMIT       # the first matches, not 330 checkboxes
        assert "The first 25 matches; type more" in html
        assert len(lots.content) < len(few.content) + 2000

    def test_the_return_page_lists_at_most_the_first_matches_of_what_someone_holds(self, world, client):
        from magistrat.inventory import services

        client.force_login(world.it_a)
        assets = many(world.org_a, 60)
        services.asset_handover(user=world.it_a, person=world.person_a, assets=assets)
        html = client.post(reverse("inventory:handover_return"),
                           {"person": world.person_a.pk, "show": "1"}).content.decode()
        assert len(offered_on(html)) == picker.LIMIT

    def test_the_asset_form_offers_no_list_of_every_asset_as_parent(self, world, client):
        client.force_login(world.it_a)
        assets = many(world.org_a, 300)
        for url in (reverse("inventory:asset_add"), reverse("inventory:asset_edit", args=[assets[0].pk])):
            html = client.get(url).content.decode()
            assert "BULK/00299" not in html and offered_on(html, "parent") == set()
            assert 'name="parent_q"' in html

    def test_the_expenditure_form_offers_no_list_of_every_asset(self, world, client):
        from magistrat.grants.tests.factories import GrantProjectFactory

        project = GrantProjectFactory(organization=world.org_a)
        many(world.org_a, 300)
        client.force_login(world.admin_a)
        html = client.get(reverse("grants:child_add", args=[project.pk, "expenditures"])).content.decode()
        assert offered_on(html) == set() and "BULK/00001" not in html
        assert picker_offers(client, html, "BULK/00042") == ["BULK/00042 · Monitor 42 · BULK-SN-00042"]


class TestSearch:
    def test_it_finds_by_inventory_number_serial_or_name_the_exact_number_first(self, world, client):
        client.force_login(world.it_a)
        many(world.org_a, 40)
        page = client.get(reverse("inventory:handover")).content.decode()
        assert picker_offers(client, page, "BULK-SN-00007") == ["BULK/00007 · Monitor 7 · BULK-SN-00007"]
        assert picker_offers(client, page, "monitor 3")[0].startswith("BULK/00003 ")
        assert picker_offers(client, page, "BULK/00010")[0].startswith("BULK/00010 ")
        assert picker_offers(client, page, "no such thing") == []

    def test_chosen_assets_are_left_out_of_the_matches(self, world, client):
        client.force_login(world.it_a)
        assets = many(world.org_a, 3)
        page = client.get(reverse("inventory:handover")).content.decode()
        offered = picker_offers(client, page, "BULK", chosen=[assets[0].pk])
        assert len(offered) == 2 and not any(label.startswith(assets[0].inventory_number) for label in offered)

    def test_only_what_the_user_may_see_whatever_the_scope_says(self, world, client):
        elsewhere = AssetFactory(organization=world.org_b, name="Cudzy serwer", serial_number="BETA-1")
        client.force_login(world.it_a)
        forged = signing.dumps({"field": "assets", "id": "id_assets", "org": world.org_b.pk}, salt=picker.SALT)
        html = client.get(reverse("inventory:asset_picker"), {"scope": forged, "assets_q": "BETA"}).content.decode()
        assert "BETA-1" not in html and str(elsewhere.pk) not in offered_on(html)

    def test_a_tampered_scope_is_refused(self, world, client):
        client.force_login(world.it_a)
        page = client.get(reverse("inventory:handover")).content.decode()
        response = client.get(reverse("inventory:asset_picker"), {"scope": picker_scope(page) + "x"})
        assert response.status_code == 400

    def test_the_search_needs_a_login(self, client):
        response = client.get(reverse("inventory:asset_picker"), {"scope": "x"})
        assert response.status_code == 302 and "/login/" in response["Location"]

    def test_a_search_costs_the_same_queries_for_many_matches(self, world, client, django_assert_max_num_queries):
        client.force_login(world.it_a)
        many(world.org_a, 200)
        page = client.get(reverse("inventory:handover")).content.decode()
        with django_assert_max_num_queries(12):
            assert len(picker_offers(client, page, "BULK")) == picker.LIMIT


class TestWithoutJavaScript:
    def test_a_typed_inventory_number_sets_the_parent(self, world, client):
        client.force_login(world.it_a)
        computer = AssetFactory(organization=world.org_a, inventory_number="UG/KS/0001/24", name="Komputer")
        monitor = AssetFactory(organization=world.org_a, name="Monitor")
        data = {"organization": world.org_a.pk, "inventory_number": monitor.inventory_number,
                "name": "Monitor", "category": monitor.category_id, "status": "in_stock", "quantity": 1,
                "parent_q": "ug/ks/0001/24"}
        response = client.post(reverse("inventory:asset_edit", args=[monitor.pk]), data)
        assert response.status_code == 302
        monitor.refresh_from_db()
        assert monitor.parent == computer

    def test_text_that_is_no_inventory_number_lists_the_matches_to_tick(self, world, client):
        client.force_login(world.it_a)
        computer = AssetFactory(organization=world.org_a, inventory_number="UG/KS/0001/24", name="Komputer Dell")
        monitor = AssetFactory(organization=world.org_a, name="Monitor")
        data = {"organization": world.org_a.pk, "inventory_number": monitor.inventory_number,
                "name": "Monitor", "category": monitor.category_id, "status": "in_stock", "quantity": 1,
                "parent_q": "komputer dell"}
        response = client.post(reverse("inventory:asset_edit", args=[monitor.pk]), data)
        html = response.content.decode()
        assert response.status_code == 400
        assert "No equipment you may choose here has the inventory number “komputer dell”" in html
        assert offered_on(html, "parent") == {computer.pk}
        data.pop("parent_q")
        response = client.post(reverse("inventory:asset_edit", args=[monitor.pk]), {**data, "parent": computer.pk})
        assert response.status_code == 302

    def test_only_one_parent(self, world, client):
        client.force_login(world.it_a)
        one, two = AssetFactory(organization=world.org_a), AssetFactory(organization=world.org_a)
        monitor = AssetFactory(organization=world.org_a, name="Monitor")
        response = client.post(reverse("inventory:asset_edit", args=[monitor.pk]), {
            "organization": world.org_a.pk, "inventory_number": monitor.inventory_number, "name": "Monitor",
            "category": monitor.category_id, "status": "in_stock", "quantity": 1, "parent": [one.pk, two.pk]})
        assert response.status_code == 400 and "Choose one asset." in response.content.decode()

    def test_typed_inventory_numbers_go_on_the_handover_protocol(self, world, client):
        client.force_login(world.it_a)
        first = AssetFactory(organization=world.org_a, inventory_number="UG/MON/1")
        second = AssetFactory(organization=world.org_a, inventory_number="UG/MON/2")
        response = client.post(reverse("inventory:handover"), {
            "person": world.person_a.pk, "date": "2024-06-30", "assets_q": "UG/MON/1, ug/mon/2"})
        assert response.status_code == 302
        protocol = HandoverProtocol.objects.get(person=world.person_a)
        assert {item.asset_id for item in protocol.items.all()} == {first.pk, second.pk}

    def test_the_find_button_lists_the_matches_of_the_typed_text(self, world, client):
        client.force_login(world.it_a)
        many(world.org_a, 100)
        html = client.post(reverse("inventory:handover"), {"person": world.person_a.pk, "show": "1",
                                                            "assets_q": "BULK-SN-0005"}).content.decode()
        assert 'name="show"' in html
        assert len(offered_on(html)) == 10          # BULK-SN-00050 … 00059
        assert "10 matches for “BULK-SN-0005”" in html
