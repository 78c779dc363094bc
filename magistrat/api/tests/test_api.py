import pytest

from magistrat.api.services import token_create, token_revoke
from magistrat.organizations.tests.factories import PersonFactory


@pytest.fixture
def token(world):
    return token_create(user=world.admin_a, owner=world.admin_a, name="test")[1]


def auth(key):
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def test_token_authenticates_and_last_use_is_noted(world, client, token):
    response = client.get("/api/v1/people/", **auth(token))
    assert response.status_code == 200
    assert world.admin_a.api_tokens.get().last_used_at is not None


def test_wrong_or_revoked_token_is_401_in_the_error_shape(world, client, token):
    response = client.get("/api/v1/people/", **auth(token + "x"))
    assert response.status_code == 401
    assert set(response.json()) == {"message", "fields"}
    token_revoke(user=world.admin_a, token=world.admin_a.api_tokens.get())
    assert client.get("/api/v1/people/", **auth(token)).status_code == 401
    assert client.get("/api/v1/people/", HTTP_AUTHORIZATION="Token").status_code == 401


def test_only_the_hash_of_a_token_is_stored(world, token):
    stored = world.admin_a.api_tokens.get()
    assert token not in (stored.key_hash, stored.prefix)
    assert stored.matches(token)


def test_list_is_paginated_with_count_and_page_size(world, client, token):
    for _ in range(7):
        PersonFactory(organization=world.org_a)
    body = client.get("/api/v1/people/", {"page_size": 3}, **auth(token)).json()
    assert body["count"] == 9  # 7 + Alfowska + Szkolny
    assert body["page_size"] == 3 and len(body["results"]) == 3
    assert body["next"] and body["previous"] is None


def test_search_filters_and_ordering(world, client, token):
    PersonFactory(organization=world.org_a, last_name="Zych", active=False)
    results = client.get("/api/v1/people/", {"search": "alfow"}, **auth(token)).json()["results"]
    assert [p["last_name"] for p in results] == ["Alfowska"]
    results = client.get("/api/v1/people/", {"active": "false"}, **auth(token)).json()["results"]
    assert [p["last_name"] for p in results] == ["Zych"]
    results = client.get("/api/v1/people/", {"ordering": "-last_name"}, **auth(token)).json()["results"]
    assert [p["last_name"] for p in results] == ["Zych", "Szkolny", "Alfowska"]
    results = client.get("/api/v1/people/", {"organization": world.school_a.pk},
                         **auth(token)).json()["results"]
    assert [p["last_name"] for p in results] == ["Szkolny"]


@pytest.mark.parametrize("params", [{"organization": "abc"}, {"ordering": "password"},
                                    {"page": "999"}, {"page": "-1"}])
def test_bad_query_parameters_are_4xx_never_500(world, client, token, params):
    response = client.get("/api/v1/people/", params, **auth(token))
    assert 400 <= response.status_code < 500
    assert "message" in response.json()


def test_bad_bodies_are_400_with_field_names(world, client, token):
    response = client.post("/api/v1/people/", "{not json", content_type="application/json",
                           **auth(token))
    assert response.status_code == 400 and response.json()["message"]
    response = client.post("/api/v1/organizations/", {
        "name": "Biblioteka", "kind": "biblioteka", "parent": world.org_a.pk,
        "nip": "1234563219", "teryt": "99", "postal_code": "x"}, content_type="application/json",
        **auth(token))
    assert response.status_code == 400
    assert {"nip", "teryt", "postal_code"} <= set(response.json()["fields"])
    response = client.post("/api/v1/people/", {
        "organization": world.org_a.pk, "first_name": "Jan", "last_name": "Nowak",
        "employed_from": "2022-04-28", "employed_to": "2020-01-01"},
        content_type="application/json", **auth(token))
    assert response.status_code == 400
    assert "employed_to" in response.json()["fields"]
    response = client.post("/api/v1/people/", {"organization": world.org_a.pk, "first_name": "Jan",
                                               "last_name": "Nowak", "employed_from": "28-04-22x"},
                           content_type="application/json", **auth(token))
    assert "employed_from" in response.json()["fields"]


def test_identifiers_are_stored_normalised_through_the_api(world, client, token):
    response = client.patch(f"/api/v1/organizations/{world.org_a.pk}/", {"nip": "PL 123-456-32-18"},
                            content_type="application/json", **auth(token))
    assert response.status_code == 200, response.json()
    assert response.json()["nip"] == "1234563218"


def test_openapi_document_and_docs(world, client, token):
    schema = client.get("/api/v1/schema/", {"format": "json"}, **auth(token)).json()
    assert "/api/v1/people/" in schema["paths"] and "/api/v1/organizations/{id}/" in schema["paths"]
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    client.force_login(world.admin_a)
    assert client.get("/api/v1/docs/").status_code == 200
