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
