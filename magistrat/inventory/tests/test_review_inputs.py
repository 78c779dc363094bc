"""A review of the day's changes in the register: the `import_job` filter with bad or foreign
values, the return's statuses in the change log, and the protocols' items in the API list."""

import pytest
from django.urls import reverse

from magistrat.core.models import ChangeLogEntry, ImportJob
from magistrat.inventory import services
from magistrat.inventory.models import Asset
from magistrat.organizations import access

from .factories import AssetFactory

LIST = reverse("inventory:asset_list")


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "-1", "1.5", "\x00"])
def test_a_bad_import_job_is_a_clear_error_not_a_crash(world, client, api_client, english, value):
    AssetFactory(organization=world.org_a)
    client.force_login(world.it_a)
    response = client.get(LIST, {"import_job": value})
    assert response.status_code == 400
    assert "Created by the import (id)" in response.content.decode()
    api_client.force_authenticate(world.it_a)
    response = api_client.get("/api/v1/assets/", {"import_job": value})
    assert response.status_code == 400 and list(response.json()["fields"]) == ["import_job"]


def test_another_units_import_shows_nothing_of_it(world, client, api_client):
    job = ImportJob.objects.create(organization=world.org_b, kind="assets", file_name="beta-sprzet.csv")
    AssetFactory(organization=world.org_b, inventory_number="B/1")
    Asset.objects.filter(inventory_number="B/1").update(import_job=job)
    AssetFactory(organization=world.org_a, inventory_number="A/1")
    client.force_login(world.admin_a)
    html = client.get(LIST, {"import_job": job.pk}).content.decode()
    assert "beta-sprzet.csv" not in html and "B/1" not in html
    api_client.force_authenticate(world.admin_a)
    response = api_client.get("/api/v1/assets/", {"import_job": job.pk})
    assert response.status_code == 200 and response.json()["results"] == []
    # its own administrator sees the file and its assets
    client.force_login(world.admin_b)
    html = client.get(LIST, {"import_job": job.pk}).content.decode()
    assert "beta-sprzet.csv" in html and "B/1" in html and "A/1" not in html


def test_a_return_to_repair_is_in_the_change_log_with_its_channel(world, api_client):
    laptop = AssetFactory(organization=world.org_a)
    services.asset_handover(user=access.SYSTEM, person=world.person_a, assets=[laptop])
    api_client.force_authenticate(world.it_a)
    response = api_client.post("/api/v1/assets/return/", {
        "person": world.person_a.pk, "assets": [laptop.pk],
        "items": [{"asset": laptop.pk, "status": "in_repair"}]}, format="json")
    assert response.status_code == 201, response.json()
    entry = ChangeLogEntry.objects.filter(object_id=str(laptop.pk), content_type__model="asset") \
        .order_by("-id").first()
    assert entry.channel == "api" and entry.user_name == "it_a"
    assert entry.changes["status"][1] == "in_repair"
    assert entry.changes["person"][1] is None


def test_the_protocols_list_costs_the_same_queries_for_many_items(world, api_client,
                                                                   django_assert_max_num_queries):
    api_client.force_authenticate(world.it_a)
    first = AssetFactory(organization=world.org_a)
    services.asset_handover(user=access.SYSTEM, person=world.person_a, assets=[first])
    api_client.get("/api/v1/handover-protocols/")
    with django_assert_max_num_queries(30) as few:
        assert api_client.get("/api/v1/handover-protocols/").status_code == 200
    for _ in range(8):
        assets = [AssetFactory(organization=world.org_a) for _ in range(3)]
        services.asset_handover(user=access.SYSTEM, person=world.person_a, assets=assets)
        services.asset_return(user=access.SYSTEM, person=world.person_a, assets=assets,
                              details={assets[0].pk: {"status": "in_repair"}})
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = api_client.get("/api/v1/handover-protocols/").json()["results"]
    assert len(rows) > 10
    assert any(item["status"] == "in_repair" for row in rows for item in row["items"])


def test_former_parts_are_not_those_of_a_deleted_asset_of_the_same_number(world, client, english):
    first = AssetFactory(organization=world.org_a, inventory_number="K/1", name="Komputer")
    monitor = AssetFactory(organization=world.org_a, name="Monitor", parent=first)
    services.asset_update(user=world.it_a, asset=monitor, parent=None)     # detached from the first
    services.asset_delete(user=world.it_a, asset=first)                     # entered by mistake
    second = AssetFactory(organization=world.org_a, inventory_number="K/1", name="Komputer")
    assert str(second) == str(first)
    client.force_login(world.it_a)
    html = client.get(second.get_absolute_url(), {"tab": "assignments"}).content.decode()
    assert "Formerly attached" not in html and str(monitor) not in html
