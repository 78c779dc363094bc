"""The KŚT classification: everyone in the register reads it, installation administrators keep
it (screens and API), and a class a category uses is not deleted."""

import pytest

from magistrat.api.services import token_create
from magistrat.inventory.models import AssetCategory, KstClass


@pytest.fixture
def computers(db):
    return KstClass.objects.get(edition="2016", code="487")


def test_the_it_officer_reads_the_classes_but_may_not_change_them(world, client, computers):
    client.force_login(world.it_a)
    html = client.get("/kst/", {"search": "487"}).content.decode()
    assert "487" in html and "KŚT 2016" in html
    assert 'href="/kst/new/"' not in html
    assert client.get("/kst/new/").status_code == 403
    assert client.get(f"/kst/{computers.pk}/edit/").status_code == 403
    assert client.post("/kst/new/", {"edition": "2016", "code": "999", "name": "x"}).status_code == 403
    assert not KstClass.objects.filter(code="999").exists()


def test_an_installation_administrator_adds_a_class_and_categories_can_use_it(world, client):
    client.force_login(world.superuser)
    response = client.post("/kst/new/", {"edition": "2016", "code": "802",
                                         "name": "Maszyny do kopiowania", "depreciation_rate": "14"})
    assert response.status_code == 302
    added = KstClass.objects.get(edition="2016", code="802")
    assert str(added) == "802 (KŚT 2016) Maszyny do kopiowania"
    # The same code in the same edition is refused, by field.
    again = client.post("/kst/new/", {"edition": "2016", "code": "802", "name": "Druga"})
    assert again.status_code == 400
    category = AssetCategory.objects.get(organization=None, name="urządzenie wielofunkcyjne / kserokopiarka")
    client.post(f"/asset-categories/{category.pk}/edit/", {
        "name": category.name, "code": category.code, "kst": added.pk, "tracking": category.tracking})
    category.refresh_from_db()
    assert category.kst == added


def test_a_class_in_use_is_not_deleted(world, client, computers):
    client.force_login(world.superuser)
    page = client.get(f"/kst/{computers.pk}/").content.decode()
    assert "disabled" in page                       # "Delete" is offered disabled, with the reason
    client.post(f"/kst/{computers.pk}/delete/")
    assert KstClass.objects.filter(pk=computers.pk).exists()


def test_the_api_lists_the_classes_and_writes_for_installation_administrators_only(world, api_client, computers):
    _token, key = token_create(user=world.viewer_a, owner=world.viewer_a)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = api_client.get("/api/v1/kst-classes/", {"edition": "2016"}).json()
    assert {row["code"] for row in body["results"]} >= {"487"}
    refused = api_client.post("/api/v1/kst-classes/", {"edition": "2016", "code": "1", "name": "x"}, format="json")
    assert refused.status_code == 403 and refused.json()["message"]
    _token, key = token_create(user=world.superuser, owner=world.superuser)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    created = api_client.post("/api/v1/kst-classes/", {"edition": "2010", "code": "803", "name": "Kopiarki"},
                              format="json")
    assert created.status_code == 201
    bad = api_client.post("/api/v1/kst-classes/", {"edition": "2020", "code": "1", "name": "x"}, format="json")
    assert bad.status_code == 400 and "edition" in bad.json()["fields"]
