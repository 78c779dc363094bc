"""The API's 4xx answers: one shape, the caller's language throughout, documented in OpenAPI,
and no input dropped or bent silently."""

import pytest


@pytest.fixture
def api(world, api_client):
    api_client.force_authenticate(world.admin_a)
    return api_client


def _person(world, **extra):
    return {"organization": world.org_a.pk, "first_name": "Jan", "last_name": "Nowak", **extra}


def test_drf_messages_are_polish_in_a_polish_answer(world, api):
    body = api.post("/api/v1/people/", _person(world, first_name={"x": 1}, active="maybe"),
                    format="json").json()
    assert body["message"] == "Niektóre pola są nieprawidłowe."
    assert body["fields"]["first_name"] == ["To nie jest poprawny tekst."]
    assert body["fields"]["active"] == ["Wymagana jest wartość logiczna (tak/nie)."]
    english = api.post("/api/v1/people/", _person(world, active="maybe"), format="json",
                       HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["fields"]["active"] == ["Must be a valid boolean."]


def test_a_body_that_is_not_json_is_said_in_the_callers_language(world, api):
    response = api.post("/api/v1/people/", "{nie json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"] == "Treść żądania nie jest poprawnym JSON-em (wiersz 1, kolumna 2)."
    english = api.post("/api/v1/people/", "{x", content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE="en").json()["message"]
    assert english == "The request body is not valid JSON (line 1, column 2)."


def test_unknown_fields_are_named_not_ignored(world, api):
    response = api.post("/api/v1/people/", _person(world, stanowisko="Skarbnik"), format="json",
                        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "position" in response.json()["fields"]["stanowisko"][0]
    response = api.patch(f"/api/v1/people/{world.person_a.pk}/", {"postion": "Skarbnik"}, format="json")
    assert response.status_code == 400 and "postion" in response.json()["fields"]
    world.person_a.refresh_from_db()
    assert world.person_a.position != "Skarbnik"
    # Read-only fields sent back with a record (GET, change, PUT) are fine.
    record = api.get(f"/api/v1/people/{world.person_a.pk}/").json()
    assert api.put(f"/api/v1/people/{world.person_a.pk}/", {**record, "position": "Skarbnik"},
                   format="json").status_code == 200


@pytest.mark.parametrize("value", [1.5, True, "1.5", "jeden"])
def test_an_id_must_be_a_whole_number(world, api, value):
    response = api.post("/api/v1/people/", _person(world, organization=value), format="json")
    assert response.status_code == 400 and "organization" in response.json()["fields"]


def test_a_viewer_writing_where_they_can_read_gets_403(world, api_client):
    api_client.force_authenticate(world.viewer_a)
    response = api_client.post("/api/v1/people/", _person(world), format="json",
                               HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json()["message"] == "Your role does not allow this in Urząd Gminy Alfa."
    response = api_client.post("/api/v1/organizations/", {"name": "Filia", "parent": world.org_a.pk},
                               format="json")
    assert response.status_code == 403
    api_client.force_authenticate(world.admin_b)   # a unit they cannot see: it does not exist
    response = api_client.post("/api/v1/people/", _person(world), format="json")
    assert response.status_code == 400 and "organization" in response.json()["fields"]


def test_an_unknown_format_explains_where_files_come_from(world, api):
    response = api.get("/api/v1/people/", {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "export/?export=csv" in response.json()["fields"]["format"][0]


def test_the_error_shape_is_in_the_openapi_document(world, api):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    error = schema["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"message", "fields"}
    detail = schema["paths"]["/api/v1/people/{id}/"]
    for code in ("400", "401", "403", "404"):
        assert detail["patch"]["responses"][code]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"}
    assert "404" not in schema["paths"]["/api/v1/people/"]["get"]["responses"]


def test_the_openapi_document_is_valid_and_has_no_guesses(db, tmp_path):
    from django.core.management import call_command

    # Warnings are drf-spectacular's guesses (a filter typed as a string, an unknown field).
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
