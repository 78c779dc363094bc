"""Searching lists the way people type: without Polish letters, in any case."""

import pytest

from magistrat.core.search import word_pattern
from magistrat.organizations.tests.factories import PersonFactory


@pytest.mark.parametrize("typed", ["wozniak", "WOŹNIAK", "Woźniak", "woźn", "ozni"])
def test_plain_or_accented_letters_find_the_person(world, client, typed):
    PersonFactory(organization=world.org_a, first_name="Łucja", last_name="Woźniak")
    PersonFactory(organization=world.org_a, first_name="Jan", last_name="Wozniakowski-Nowak")
    PersonFactory(organization=world.org_a, first_name="Ewa", last_name="Kowalska")
    client.force_login(world.admin_a)
    html = client.get("/people/", {"search": typed}).content.decode()
    assert "Woźniak" in html and "Wozniakowski-Nowak" in html and "Kowalska" not in html


def test_every_word_must_match_and_special_characters_are_literal(world, client):
    PersonFactory(organization=world.org_a, first_name="Łucja", last_name="Woźniak", position="Inspektor (IT)")
    PersonFactory(organization=world.org_a, first_name="Łukasz", last_name="Woźniak", position="Sekretarz")
    client.force_login(world.admin_a)
    html = client.get("/people/", {"search": "lucja wozniak"}).content.decode()
    assert "Łucja" in html and "Łukasz" not in html
    assert client.get("/people/", {"search": "(IT)"}).status_code == 200
    assert "Łucja" in client.get("/people/", {"search": "(it)"}).content.decode()
    assert client.get("/people/", {"search": "[.*"}).status_code == 200


def test_pattern_keeps_other_characters():
    assert word_pattern("KS/0001") == "k[sśŚ]/0001"


def _found(client, **query) -> list[str]:
    return [row["inventory_number"] for row in client.get("/api/v1/assets/", query).json()["results"]]


def test_asset_search_finds_names_makers_serials_and_holders_whatever_the_letters(world, client):
    from magistrat.inventory import services
    from magistrat.inventory.tests.factories import AssetFactory
    from magistrat.organizations import access

    holder = PersonFactory(organization=world.org_a, first_name="Żaneta", last_name="Łęcka",
                           department="Księgowość")
    AssetFactory(organization=world.org_a, inventory_number="A/1", name="Drukarka Łódzka",
                 manufacturer="Brother", serial_number="E78Ź-01")
    laptop = AssetFactory(organization=world.org_a, inventory_number="A/2", name="Laptop",
                          manufacturer="Lenovo", model="ThinkPad E14", status="in_stock")
    services.asset_handover(user=access.SYSTEM, person=holder, assets=[laptop])
    AssetFactory(organization=world.org_b, inventory_number="B/1", name="Drukarka Łódzka")
    client.force_login(world.admin_a)
    assert _found(client, search="lodzka") == ["A/1"]          # the other tenant's twin is not seen
    assert _found(client, search="BROTHER") == ["A/1"]
    assert _found(client, search="e78z") == ["A/1"]
    assert _found(client, search="thinkpad lenovo") == ["A/2"]  # every word, any field
    assert _found(client, search="lecka") == ["A/2"]            # the holder's name
    assert _found(client, search="ksiegowosc") == ["A/2"]       # the holder's department
    assert _found(client, search="50%") == [] and _found(client, search="_") == []


def test_asset_search_follows_an_edit(world, client):
    from magistrat.inventory import services
    from magistrat.inventory.tests.factories import AssetFactory
    from magistrat.organizations import access

    asset = AssetFactory(organization=world.org_a, inventory_number="A/1", name="Monitor")
    services.asset_update(user=access.SYSTEM, asset=asset, name="Skaner Źródłowy")
    client.force_login(world.admin_a)
    assert _found(client, search="zrodlowy") == ["A/1"]
    assert _found(client, search="monitor") == []


def test_search_keys_have_a_trigram_index_on_postgresql(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL index")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%%gin_trgm_ops%%'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"asset_search_key_trgm", "person_search_key_trgm"} <= names


def test_a_pasted_paragraph_searches_by_its_first_words_and_answers(world, client):
    from magistrat.inventory.tests.factories import AssetFactory

    AssetFactory(organization=world.org_a, inventory_number="A/1", name="Drukarka laserowa")
    client.force_login(world.admin_a)
    paragraph = "drukarka " + " ".join(f"słowo{n}" for n in range(1500))
    assert client.get("/assets/", {"search": paragraph}).status_code == 200
    assert client.get("/api/v1/assets/", {"search": paragraph}).status_code == 200
    assert client.get("/people/", {"search": paragraph}).status_code == 200
    # The first eight words count: a ninth that matches nothing changes nothing.
    assert _found(client, search="drukarka laserowa dell a/1 " * 2 + "zzz") == ["A/1"]
    assert _found(client, search="drukarka laserowa dell zzz") == []
