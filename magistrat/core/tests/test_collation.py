"""Names sort in Polish alphabetical order on both databases: Ł after L, Ś after S, Ź and Ż
after Z, capitals and small letters together."""

import re

from django.urls import reverse

from magistrat.core.collation import sort_key
from magistrat.organizations.models import Organization, Person
from magistrat.organizations.tests.factories import OrganizationFactory, PersonFactory

LAST_NAMES = ["żak", "Zawada", "Lis", "Łukasik", "ziółek", "Śliwa", "Sowa", "Źrebiec", "lewandowska",
              "Ćwik", "Czajka", "Adamska", "Ąbrowska"]
POLISH_ORDER = ["Adamska", "Ąbrowska", "Czajka", "Ćwik", "lewandowska", "Lis", "Łukasik", "Sowa",
                "Śliwa", "Zawada", "ziółek", "Źrebiec", "żak"]


def test_sort_key_follows_the_polish_alphabet():
    assert sorted(LAST_NAMES, key=sort_key) == POLISH_ORDER
    # foreign accents sort with their letter; a small letter before the capital of the same word
    assert sorted(["Müller", "Mazur", "Mróz", "Émile", "Ewa", "ewa"], key=sort_key) == [
        "Émile", "ewa", "Ewa", "Mazur", "Mróz", "Müller"]


def _people(organization):
    for name in LAST_NAMES:
        PersonFactory(organization=organization, first_name="Jan", last_name=name)


def test_people_and_organizations_sort_in_polish_order_in_the_database(world):
    _people(world.org_b)
    names = list(Person.objects.filter(organization=world.org_b, first_name="Jan")
                 .values_list("last_name", flat=True))
    assert names == POLISH_ORDER
    for name in ("Łagów", "Lubin", "Żary", "Zielona Góra", "Świdnica", "Sulechów", "łęczyca"):
        OrganizationFactory(name=f"{name}", short_name=name[:10])
    order = [o.name for o in Organization.objects.filter(parent=None).exclude(name__startswith="Urząd")]
    assert order == ["Lubin", "Łagów", "łęczyca", "Sulechów", "Świdnica", "Zielona Góra", "Żary"]


def _column(html: str) -> list[str]:
    return [name for name in re.findall(r">([^<>]+)</a></td>", html) if name in LAST_NAMES]


def test_people_list_sorts_in_polish_order_both_ways(world, client):
    _people(world.org_b)
    client.force_login(world.admin_b)
    url = reverse("organizations:person_list")
    assert _column(client.get(url).content.decode()) == POLISH_ORDER
    assert _column(client.get(url, {"ordering": "last_name"}).content.decode()) == POLISH_ORDER
    assert _column(client.get(url, {"ordering": "-last_name"}).content.decode()) == POLISH_ORDER[::-1]


def test_api_sorts_people_and_organizations_in_polish_order(world, client):
    _people(world.org_b)
    for name in ("Łobez", "Lubsko", "Żagań"):
        OrganizationFactory(name=name, parent=world.org_b)
    client.force_login(world.admin_b)
    people = client.get("/api/v1/people/", {"page_size": 50}).json()["results"]
    assert [p["last_name"] for p in people if p["first_name"] == "Jan"] == POLISH_ORDER
    people = client.get("/api/v1/people/", {"page_size": 50, "ordering": "-last_name"}).json()["results"]
    assert [p["last_name"] for p in people if p["first_name"] == "Jan"] == POLISH_ORDER[::-1]
    units = client.get("/api/v1/organizations/", {"ordering": "name"}).json()["results"]
    assert [u["name"] for u in units] == ["Lubsko", "Łobez", "Urząd Gminy Beta", "Żagań"]


def test_people_sorted_by_their_unit_in_polish_order(world, client):
    lodz = OrganizationFactory(name="Łódź", parent=world.org_b)
    lublin = OrganizationFactory(name="Lublin", parent=world.org_b)
    PersonFactory(organization=lodz, first_name="Jan", last_name="Adamska")
    PersonFactory(organization=lublin, first_name="Jan", last_name="Czajka")
    client.force_login(world.admin_b)
    people = client.get("/api/v1/people/", {"ordering": "organization"}).json()["results"]
    assert [p["last_name"] for p in people] == ["Czajka", "Adamska", "Betowski"]
