"""`/api/v1/<list>/export/`: the same files as the list screen, with the same filters."""

import csv
import io

import openpyxl
import pytest
from pypdf import PdfReader

from magistrat.api.services import token_create
from magistrat.inventory.tests.factories import AssetFactory


@pytest.fixture
def key(world):
    return token_create(user=world.it_a, owner=world.it_a, name="export")[1]


def get(client, key, path, **params):
    return client.get(path, params, HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def assets(world):
    return {
        "in_use": AssetFactory(organization=world.org_a, name="Laptop Dell", status="in_use"),
        "in_stock": AssetFactory(organization=world.org_a, name="Monitor", status="in_stock"),
        "other_office": AssetFactory(organization=world.org_b, name="Laptop Beta", status="in_use"),
    }


def test_csv_export_takes_the_list_filters_and_stays_in_the_tenant(world, client, key, assets):
    response = get(client, key, "/api/v1/assets/export/", export="csv", status="in_use")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    numbers = {row[0] for row in rows[1:]}
    assert numbers == {assets["in_use"].inventory_number}


def test_xlsx_export_has_typed_cells_and_every_visible_row(world, client, key, assets):
    response = get(client, key, "/api/v1/assets/export/", export="xlsx", ordering="inventory_number")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(r[0] for r in rows) == sorted(a.inventory_number for k, a in assets.items() if k != "other_office")


def test_pdf_export_of_the_hardware_list(world, client, key, assets):
    response = get(client, key, "/api/v1/assets/export/", export="pdf", search="Laptop")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages)
    assert assets["in_use"].inventory_number in text
    assert assets["in_stock"].inventory_number not in text
    assert assets["other_office"].inventory_number not in text


def test_people_export_and_bad_requests(world, client, key):
    response = get(client, key, "/api/v1/people/export/", export="csv", search="Alfowska")
    assert "Alfowska" in b"".join(response.streaming_content).decode("utf-8-sig")
    bad = get(client, key, "/api/v1/people/export/", export="pdf")
    assert bad.status_code == 400 and "export" in bad.json()["fields"]
    assert get(client, key, "/api/v1/assets/export/", status="nonsense").status_code == 400
    assert client.get("/api/v1/assets/export/").status_code in (401, 403)


def test_export_is_in_the_openapi_document(client, key):
    schema = get(client, key, "/api/v1/schema/", format="json").json()
    assert "/api/v1/assets/export/" in schema["paths"]


def test_the_openapi_document_names_each_export_s_filters(client, key):
    """A program reading the document learns that the export takes the list's filters (and, for
    assets, the label sheet's grid), not only `export`."""
    paths = get(client, key, "/api/v1/schema/", format="json").json()["paths"]

    def parameters(path):
        return {p["name"]: p for p in paths[path]["get"]["parameters"]}

    for path in ("/api/v1/assets/", "/api/v1/people/", "/api/v1/organizations/"):
        listed = set(parameters(path)) - {"page", "page_size"}
        exported = parameters(path + "export/")
        assert listed <= set(exported), path
    assets = parameters("/api/v1/assets/export/")
    assert {"search", "status", "location", "warranty_within", "under_durability"} <= set(assets)
    assert set(assets["export"]["schema"]["enum"]) == {"csv", "xlsx", "pdf", "labels"}
    assert set(assets["preset"]["schema"]["enum"]) == {"3x8", "3x7", "2x7", "4x10"}
    assert {"columns", "rows", "margin_top", "gap_x", "outlines"} <= set(assets)
    assert set(parameters("/api/v1/people/export/")["export"]["schema"]["enum"]) == {"csv", "xlsx"}
