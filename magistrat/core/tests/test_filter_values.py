"""Filter values that cannot be read — ids too large for any database, negative numbers, a
"maybe" for a yes/no filter — are errors by the filter on every channel, never a crash."""

import io

import pytest
from openpyxl import load_workbook

from magistrat.organizations.tests.factories import PersonFactory

HUGE = "999999999999999999999999"


@pytest.fixture
def admin_api(world, api_client):
    api_client.force_authenticate(world.admin_a)
    return api_client


@pytest.mark.parametrize(("url", "field"), [
    (f"/api/v1/people/?organization={HUGE}", "organization"),
    ("/api/v1/people/?organization=-5", "organization"),
    ("/api/v1/people/?organization=1.5", "organization"),
    (f"/api/v1/organizations/?parent={HUGE}", "parent"),
    ("/api/v1/assets/?warranty_within=3000000", "warranty_within"),
    ("/api/v1/assets/?warranty_within=-1", "warranty_within"),
    (f"/api/v1/assets/?organization={HUGE}", "organization"),
    (f"/api/v1/locations/?organization={HUGE}", "organization"),
    (f"/api/v1/grant-projects/?organization={HUGE}", "organization"),
    (f"/api/v1/expenditures/?organization={HUGE}", "organization"),
    (f"/api/v1/project-documents/?project={HUGE}", "project"),
    (f"/api/v1/people/export/?export=csv&organization={HUGE}", "organization"),
    ("/api/v1/people/?active=maybe", "active"),
    ("/api/v1/people/?page_size=0", "page_size"),
    ("/api/v1/people/?page_size=-1", "page_size"),
    ("/api/v1/people/?page_size=abc", "page_size"),
])
def test_api_answers_400_naming_the_filter(admin_api, url, field):
    response = admin_api.get(url)
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["message"] and body["fields"][field]


def test_api_accepts_sensible_values(world, admin_api):
    PersonFactory(organization=world.org_a, last_name="Odeszła", active=False)
    names = [p["last_name"] for p in admin_api.get("/api/v1/people/?active=nie").json()["results"]]
    assert names == ["Odeszła"]
    assert admin_api.get("/api/v1/people/?active=tak").json()["count"] == 2
    body = admin_api.get("/api/v1/people/?page_size=5000").json()
    assert body["page_size"] == 1000
    assert admin_api.get("/api/v1/assets/?warranty_within=36500").status_code == 200


def test_list_screen_shows_the_error_by_the_filter_and_no_rows(world, client, english):
    client.force_login(world.admin_a)
    response = client.get("/people/", {"organization": HUGE})
    assert response.status_code == 400
    html = response.content.decode()
    assert "No record has an id this large." in html
    assert "Alfowska" not in html
    # The table redrawn by htmx (a partial must be a 200, or htmx would not show it).
    partial = client.get("/people/", {"active": "maybe"}, HTTP_HX_REQUEST="true",
                         HTTP_HX_TARGET="object-table")
    assert partial.status_code == 200
    assert "Choose yes or no" in partial.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_list_export_refuses_instead_of_writing_a_broken_file(world, client, english, fmt):
    client.force_login(world.admin_a)
    response = client.get("/people/", {"organization": HUGE, "export": fmt})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Nothing was exported: correct the filters first." in response.content.decode()
    good = client.get("/people/", {"organization": world.org_a.pk, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(good.streaming_content))).active
    assert sheet.max_row == 2   # header and Alfowska


def test_asset_list_warranty_filter_out_of_range(world, client, english):
    client.force_login(world.admin_a)
    response = client.get("/assets/", {"warranty_within": "3000000"})
    assert response.status_code == 400
    assert "36500" in response.content.decode()
