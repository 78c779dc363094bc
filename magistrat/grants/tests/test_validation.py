"""Bad input is a field error naming the field, never a 500 or a silently wrong record."""

import datetime
from decimal import Decimal

from django.urls import reverse

from magistrat.grants import services

from .factories import GrantProjectFactory, expenditure, program


def test_an_absurd_agreement_date_is_a_field_error_on_the_web(world, client, english):
    client.force_login(world.admin_a)
    data = {"organization": world.org_a.pk, "program": program().pk, "title": "Projekt",
            "agreement_date": "9999-12-01", "status": "signed", "granted_amount": "1000"}
    response = client.post(reverse("grants:grantproject_add"), data)
    assert response.status_code == 400
    assert "Enter a date between 01.01.2000 and 31.12.2099." in response.content.decode()


def test_an_absurd_agreement_date_is_a_field_error_in_the_api(world, api_client):
    api_client.force_authenticate(world.admin_a)
    payload = {"organization": world.org_a.pk, "program": program().pk, "title": "Projekt",
               "agreement_date": "9999-12-01", "granted_amount": "1000"}
    response = api_client.post("/api/v1/grant-projects/", payload, format="json")
    assert response.status_code == 400 and "agreement_date" in response.json()["fields"]
    project = GrantProjectFactory(organization=world.org_a)
    response = api_client.patch(f"/api/v1/grant-projects/{project.pk}/",
                                {"agreement_date": "9999-12-01", "end_date": None}, format="json")
    assert response.status_code == 400 and "agreement_date" in response.json()["fields"]


def test_a_service_caller_gets_the_field_error_too(world):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        GrantProjectFactory(organization=world.org_a, agreement_date=datetime.date(9999, 12, 1))
    assert "agreement_date" in error.value.message_dict


def test_tranches_and_indicators_refuse_impossible_values(world, api_client):
    project = GrantProjectFactory(organization=world.org_a)
    api_client.force_authenticate(world.admin_a)
    tranche = {"project": project.pk, "number": 1, "share": "30", "expected_amount": "-100"}
    response = api_client.post("/api/v1/tranches/", tranche, format="json")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["expected_amount"]
    response = api_client.post("/api/v1/tranches/", {**tranche, "number": 0, "expected_amount": "100"},
                               format="json")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["number"]
    assert api_client.post("/api/v1/tranches/", {**tranche, "expected_amount": "100"}, format="json").status_code == 201
    response = api_client.post("/api/v1/tranches/", {**tranche, "expected_amount": "100"}, format="json")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["number"]
    indicator = {"project": project.pk, "code": "W9", "name": "Coś", "unit": "szt.", "target": "-1"}
    response = api_client.post("/api/v1/indicators/", indicator, format="json")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["target"]


def test_a_filter_value_that_is_not_yes_or_no_is_an_error(world, api_client):
    api_client.force_authenticate(world.admin_a)
    response = api_client.get("/api/v1/grant-projects/", {"published": "maybe"})
    assert response.status_code == 400 and "published" in response.json()["fields"]
    assert api_client.get("/api/v1/grant-projects/", {"published": "false"}).status_code == 200


def test_amounts_come_back_with_two_decimals_and_the_budget_in_the_detail(world, api_client):
    project = GrantProjectFactory(organization=world.org_a, granted_amount=Decimal("162000"))
    line = services.budget_line_create(user=world.admin_a, project=project, area="hardware", name="Sprzęt",
                                       planned_amount=Decimal("150000"))
    expenditure(project, gross="1230.00", line=line)
    api_client.force_authenticate(world.viewer_a)
    listed = api_client.get("/api/v1/grant-projects/").json()["results"][0]
    assert listed["eu_contribution"] == "162000.00" == listed["granted_amount"]
    assert "budget" not in listed
    detail = api_client.get(f"/api/v1/grant-projects/{project.pk}/").json()
    assert detail["eu_contribution"] == "162000.00"
    assert detail["budget"]["lines"] == [{"line": line.pk, "name": "Sprzęt", "area": "hardware",
                                          "planned": "150000.00", "spent": "1230.00", "eligible": "1230.00",
                                          "remaining": "148770.00"}]
    assert detail["budget"]["total"]["remaining"] == "148770.00" and detail["budget"]["granted"] == "162000.00"


def test_import_errors_speak_the_language_of_the_response(world, api_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    project = GrantProjectFactory(organization=world.org_a)
    api_client.force_authenticate(world.admin_a)
    upload = SimpleUploadedFile("wydatki.csv", b"Nr dokumentu;Data dokumentu\nFV/1;01.06.2022\n")
    response = api_client.post("/api/v1/expenditures/import/", {"file": upload, "project": project.pk,
                                                                "organization": "nie-ma-takiej"},
                               format="multipart", HTTP_ACCEPT_LANGUAGE="pl")
    assert response.status_code == 400
    assert response.json()["fields"]["organization"] == [
        "Brak dostępnej dla Ciebie jednostki o takim id lub identyfikatorze."]
