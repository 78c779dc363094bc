"""Withdrawal, disposal and loss happen only through the retire operation — with its date, reason,
protocol and, under a grant's durability, the user's confirmation — whatever the interface;
bringing an asset back is its own operation that keeps the history."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from magistrat.core.changelog import history_for
from magistrat.grants.tests.factories import GrantProjectFactory, expenditure
from magistrat.inventory import services
from magistrat.inventory.models import Asset

from .factories import AssetFactory, category

pytestmark = pytest.mark.usefixtures("english")

TODAY = timezone.localdate()


@pytest.fixture
def server(world):
    """A server a grant paid for, still in the project's durability period."""
    project = GrantProjectFactory(organization=world.org_a, title="Cyfrowa Gmina",
                                  durability_end=TODAY + datetime.timedelta(days=900))
    asset = AssetFactory(organization=world.org_a, name="Serwer", category=category("serwer"),
                         purchase_date=datetime.date(2022, 9, 15))
    expenditure(project, assets=[asset])
    return asset


def retire(world, asset, **fields):
    data = {"status": "disposed", "date": datetime.date(2024, 1, 2), "reason": "awaria",
            "protocol_number": "PL/1/2024", **fields}
    return services.asset_retire(user=world.it_a, asset=asset, **data)


class TestApi:
    def test_patch_or_put_into_a_retired_status_is_refused_and_points_to_retire(self, world, api_client, server):
        api_client.force_authenticate(world.it_a)
        for status in Asset.RETIRED:
            response = api_client.patch(f"/api/v1/assets/{server.pk}/", {"status": status}, format="json")
            assert response.status_code == 400
            body = response.json()
            assert set(body) == {"message", "fields"}
            assert "/api/v1/assets/{id}/retire/" in body["fields"]["status"][0]
        server.refresh_from_db()
        assert server.status == "in_stock" and server.retired_on is None

    def test_a_new_asset_cannot_start_retired(self, world, api_client):
        api_client.force_authenticate(world.it_a)
        response = api_client.post("/api/v1/assets/", {
            "organization": world.org_a.pk, "name": "Monitor", "category": category("monitor").pk,
            "status": "disposed"}, format="json")
        assert response.status_code == 400
        assert "/retire/" in response.json()["fields"]["status"][0]
        assert not Asset.objects.filter(name="Monitor").exists()

    def test_retire_under_durability_needs_the_confirmation(self, world, api_client, server):
        api_client.force_authenticate(world.it_a)
        url = f"/api/v1/assets/{server.pk}/retire/"
        data = {"status": "disposed", "date": "2024-01-02", "reason": "Spalony zasilacz",
                "protocol_number": "PL/1/2024"}
        response = api_client.post(url, data, format="json")
        assert response.status_code == 400
        assert "Cyfrowa Gmina" in response.json()["fields"]["confirm_durability"][0]
        response = api_client.post(url, {**data, "confirm_durability": True}, format="json")
        assert response.status_code == 200, response.json()
        body = response.json()
        assert (body["status"], body["retired_on"], body["retirement_reason"], body["retirement_protocol"]) == (
            "disposed", "2024-01-02", "Spalony zasilacz", "PL/1/2024")

    @pytest.mark.parametrize("date, message", [("2099-01-01", "in the future"),
                                                ("2021-01-01", "before the purchase (15.09.2022)")])
    def test_retire_refuses_impossible_dates(self, world, api_client, server, date, message):
        api_client.force_authenticate(world.it_a)
        response = api_client.post(f"/api/v1/assets/{server.pk}/retire/", {
            "status": "withdrawn", "date": date, "reason": "stary", "confirm_durability": True}, format="json")
        assert response.status_code == 400
        assert message in response.json()["fields"]["date"][0]

    def test_a_disposal_names_its_protocol(self, world, api_client):
        pc = AssetFactory(organization=world.org_a)
        api_client.force_authenticate(world.it_a)
        response = api_client.post(f"/api/v1/assets/{pc.pk}/retire/", {
            "status": "disposed", "date": "2024-01-02", "reason": "awaria"}, format="json")
        assert response.status_code == 400 and "protocol_number" in response.json()["fields"]

    def test_restore_through_the_api(self, world, api_client):
        pc = AssetFactory(organization=world.org_a)
        retire(world, pc, status="lost", protocol_number="")
        api_client.force_authenticate(world.it_a)
        url = f"/api/v1/assets/{pc.pk}/restore/"
        early = api_client.post(url, {"date": "2023-12-01", "reason": "odnaleziony"}, format="json")
        assert early.status_code == 400 and "date" in early.json()["fields"]
        response = api_client.post(url, {"date": "2024-02-01", "reason": "odnaleziony w archiwum"}, format="json")
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == "in_stock" and response.json()["retired_on"] is None

    def test_the_schema_documents_the_actions(self, api_client):
        schema = api_client.get("/api/v1/schema/").content.decode()
        for path in ("/api/v1/assets/{id}/retire/", "/api/v1/assets/{id}/restore/",
                     "/api/v1/handover-protocols/", "/api/v1/handover-protocols/{id}/pdf/"):
            assert path in schema
        assert "confirm_durability" in schema


class TestService:
    def test_a_second_retirement_keeps_the_first_record(self, world):
        pc = AssetFactory(organization=world.org_a)
        retire(world, pc)
        with pytest.raises(ValidationError) as error:
            retire(world, pc, status="lost", date=datetime.date(2024, 5, 1), reason="inny powód")
        assert "already recorded as disposed on 02.01.2024" in error.value.message_dict["status"][0]
        pc.refresh_from_db()
        assert (pc.status, pc.retired_on, pc.retirement_reason) == ("disposed", datetime.date(2024, 1, 2), "awaria")

    def test_a_withdrawn_asset_may_later_be_disposed_of_but_not_before_its_withdrawal(self, world):
        pc = AssetFactory(organization=world.org_a)
        retire(world, pc, status="withdrawn", protocol_number="")
        with pytest.raises(ValidationError) as error:
            retire(world, pc, date=datetime.date(2023, 12, 1))
        assert "withdrawn on 02.01.2024" in error.value.message_dict["date"][0]
        retire(world, pc, date=datetime.date(2024, 6, 1), reason="złom", protocol_number="PL/7/2024")
        pc.refresh_from_db()
        assert (pc.status, pc.retired_on, pc.retirement_protocol) == ("disposed", datetime.date(2024, 6, 1),
                                                                      "PL/7/2024")

    def test_retirement_is_not_before_the_last_return(self, world):
        pc = AssetFactory(organization=world.org_a, purchase_date=datetime.date(2022, 1, 3))
        services.asset_handover(user=world.it_a, person=world.person_a, assets=[pc],
                                date=datetime.date(2023, 1, 10))
        services.asset_return(user=world.it_a, person=world.person_a, assets=[pc], date=datetime.date(2024, 3, 1))
        with pytest.raises(ValidationError) as error:
            retire(world, pc)
        assert "returned by its last holder on 01.03.2024" in error.value.message_dict["date"][0]

    def test_restore_keeps_the_history_and_says_why_in_the_notes(self, world):
        pc = AssetFactory(organization=world.org_a, notes="biurko 3")
        retire(world, pc, status="lost", reason="nie znaleziono przy spisie", protocol_number="")
        services.asset_restore(user=world.it_a, asset=pc, date=datetime.date(2024, 2, 1),
                               reason="odnaleziony w archiwum")
        pc.refresh_from_db()
        assert (pc.status, pc.retired_on, pc.retirement_reason) == ("in_stock", None, "")
        assert pc.notes.startswith("biurko 3\nRestored on 01.02.2024 (was lost on 02.01.2024")
        assert "nie znaleziono przy spisie" in pc.notes and pc.notes.endswith("odnaleziony w archiwum")
        entry = history_for(pc).filter(action="update").first()
        assert entry.changes["status"] == ["lost", "in_stock"]
        assert entry.changes["retirement_reason"] == ["nie znaleziono przy spisie", ""]
        with pytest.raises(ValidationError):
            services.asset_restore(user=world.it_a, asset=pc, date=TODAY, reason="again")

    def test_the_model_keeps_status_and_retirement_record_together(self, world):
        pc = AssetFactory(organization=world.org_a)
        retire(world, pc)
        pc.status = "in_use"
        with pytest.raises(ValidationError) as error:
            pc.full_clean()
        assert "status" in error.value.message_dict


class TestScreens:
    def test_the_edit_form_offers_no_way_in_or_out_of_retirement(self, world, client):
        pc, gone = AssetFactory(organization=world.org_a), AssetFactory(organization=world.org_a)
        retire(world, gone)
        client.force_login(world.it_a)

        def statuses(asset):
            html = client.get(reverse("inventory:asset_edit", args=[asset.pk])).content.decode()
            select = re.search(r'<select name="status"[^>]*>(.*?)</select>', html, re.S).group(1)
            return set(re.findall(r'<option value="([^"]*)"', select))

        assert statuses(pc) == {"ordered", "in_stock", "in_use", "in_repair", "lent"}
        assert statuses(gone) == {"disposed"}
        response = client.post(reverse("inventory:asset_edit", args=[gone.pk]), {
            "organization": world.org_a.pk, "inventory_number": gone.inventory_number, "name": gone.name,
            "category": gone.category_id, "status": "in_use", "quantity": 1})
        assert response.status_code == 400
        gone.refresh_from_db()
        assert gone.status == "disposed"

    def test_bulk_edit_cannot_bring_a_disposed_asset_back(self, world, client):
        pc = AssetFactory(organization=world.org_a)
        retire(world, pc)
        client.force_login(world.it_a)
        response = client.post(reverse("inventory:asset_bulk"), {"pk": [pc.pk], "status": "in_use"}, follow=True)
        assert f"{pc}: {pc} is disposed: bring it back with “Restore”" in response.content.decode()
        pc.refresh_from_db()
        assert (pc.status, pc.retired_on) == ("disposed", datetime.date(2024, 1, 2))

    def test_the_retire_form_shows_date_errors_on_the_field(self, world, client):
        pc = AssetFactory(organization=world.org_a, purchase_date=datetime.date(2022, 9, 15))
        client.force_login(world.it_a)
        url = reverse("inventory:asset_retire", args=[pc.pk])
        response = client.post(url, {"status": "withdrawn", "date": "2099-01-01", "reason": "stary"})
        assert response.status_code == 400
        assert re.search(r'id="id_date_error"[^>]*><p>[^<]*in the future', response.content.decode())
        response = client.post(url, {"status": "disposed", "date": "2024-01-02", "reason": "stary"})
        assert re.search(r'id="id_protocol_number_error"', response.content.decode())

    def test_a_disposed_asset_offers_restore_not_a_second_retirement(self, world, client):
        pc = AssetFactory(organization=world.org_a)
        retire(world, pc)
        client.force_login(world.it_a)
        html = client.get(pc.get_absolute_url()).content.decode()
        assert reverse("inventory:asset_restore", args=[pc.pk]) in html
        assert reverse("inventory:asset_retire", args=[pc.pk]) not in html
        assert client.get(reverse("inventory:asset_retire", args=[pc.pk])).status_code == 302
        url = reverse("inventory:asset_restore", args=[pc.pk])
        response = client.post(url, {"date": "2099-01-01", "reason": "pomyłka"})
        assert response.status_code == 400 and re.search(r'id="id_date_error"', response.content.decode())
        response = client.post(url, {"date": TODAY.isoformat(), "reason": "pomyłka przy wprowadzaniu"})
        assert response.status_code == 302
        pc.refresh_from_db()
        assert pc.status == "in_stock"

    def test_the_retire_form_says_what_happens_and_warns_about_durability(self, world, client, server):
        client.force_login(world.it_a)
        html = client.get(reverse("inventory:asset_retire", args=[server.pk])).content.decode()
        explained = re.search(r'<div class="card explain" role="note">(.*?)</div>', html, re.S).group(1)
        assert "stays in the register with its whole history" in explained
        assert "Its status changes to the one you choose" in explained
        assert "Nobody holds it afterwards" in explained and "return protocol" in explained
        assert "restore it from its page" in explained
        assert "Bought from a grant still in its durability period: Cyfrowa Gmina" in html
        assert 'name="durability_confirmed"' in html


class TestDeleting:
    """Deleting is for mistakes only: the refusal says why and what to do instead."""

    def test_a_retired_asset_explains_that_nothing_more_is_needed(self, world, client, api_client):
        pc = AssetFactory(organization=world.org_a, purchase_date=datetime.date(2020, 1, 1))
        services.asset_handover(user=world.it_a, person=world.person_a, assets=[pc],
                                date=datetime.date(2021, 1, 4))
        services.asset_return(user=world.it_a, person=world.person_a, assets=[pc],
                              date=datetime.date(2023, 6, 30))
        retire(world, pc, status="withdrawn", protocol_number="")
        client.force_login(world.it_a)
        html = client.get(pc.get_absolute_url()).content.decode()
        refusal = re.search(r'id="delete-refusal">(.*?)</p>', html, re.S).group(1)
        assert f"{pc} is withdrawn (since 02.01.2024) and has history (handover and return protocols: 2; " \
               "recorded changes: " in refusal
        assert "cannot be deleted. Nothing more is needed" in refusal
        assert "If it was withdrawn by mistake, restore it from its page." in refusal
        api_client.force_authenticate(world.it_a)
        response = api_client.delete(f"/api/v1/assets/{pc.pk}/")
        assert response.status_code == 400 and "Nothing more is needed" in response.json()["message"]
        assert Asset.objects.filter(pk=pc.pk).exists()

    def test_an_asset_in_use_with_history_is_told_to_withdraw_instead(self, world, client):
        pc = AssetFactory(organization=world.org_a)
        services.asset_handover(user=world.it_a, person=world.person_a, assets=[pc])
        client.force_login(world.it_a)
        html = client.get(reverse("inventory:asset_delete", args=[pc.pk])).content.decode()
        assert "has history: withdraw or dispose of it instead of deleting it (“Withdraw or dispose”)" in html
        assert "handover and return protocols: 1" in html and "Yes, delete" not in html
        assert "only for a record entered by mistake" in html

    def test_a_fresh_mistake_may_be_deleted(self, world, client):
        pc = AssetFactory(organization=world.org_a)
        client.force_login(world.it_a)
        assert "Yes, delete" in client.get(reverse("inventory:asset_delete", args=[pc.pk])).content.decode()


class TestFormerParts:
    def test_the_page_lists_current_and_former_parts_apart(self, world, client):
        pc = AssetFactory(organization=world.org_a, name="Komputer")
        monitor = AssetFactory(organization=world.org_a, name="Monitor", parent=pc)
        disk = AssetFactory(organization=world.org_a, name="Dysk")
        other = AssetFactory(organization=world.org_a, name="Serwer")
        services.asset_update(user=world.it_a, asset=disk, parent=pc)
        services.asset_update(user=world.it_a, asset=disk, parent=other)     # moved to the server
        services.asset_update(user=world.it_a, asset=monitor, parent=None)   # detached
        keyboard = AssetFactory(organization=world.org_a, name="Klawiatura", parent=pc)   # still attached
        client.force_login(world.it_a)
        html = client.get(pc.get_absolute_url(), {"tab": "assignments"}).content.decode()
        current = re.search(r"<h2>Attached equipment</h2>(.*?)</ul>", html, re.S).group(1)
        former = re.search(r"<h2>Formerly attached</h2>(.*?)</ul>", html, re.S).group(1)
        assert str(keyboard) in current and str(monitor) not in current and str(disk) not in current
        assert str(monitor) in former and str(disk) in former and str(keyboard) not in former
        assert f"detached on {TODAY:%d.%m.%Y}" in former and f"now part of {other}" in former
