"""The list of all expenditures: filtered by a project chosen by its title among those the user
may see, with the project named (and linked) in the list and in its exports."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from .factories import GrantProjectFactory, expenditure

pytestmark = pytest.mark.usefixtures("english")

URL = reverse("grants:expenditure_list")


@pytest.fixture
def projects(world):
    alfa = GrantProjectFactory(organization=world.org_a, title="Cyfrowa Gmina Alfa")
    school = GrantProjectFactory(organization=world.school_a, title="Pracownia szkolna")
    beta = GrantProjectFactory(organization=world.org_b, title="Cyfrowa Gmina Beta")
    expenditure(alfa, document_number="FV/A/1")
    expenditure(school, document_number="FV/S/1")
    expenditure(beta, document_number="FV/B/1")
    return alfa, school, beta


def test_the_project_filter_is_a_choice_of_the_projects_the_user_sees(world, client, projects):
    alfa, school, beta = projects
    client.force_login(world.viewer_a)
    html = client.get(URL).content.decode()
    select = re.search(r'<select name="project"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select) == ["any", "Cyfrowa Gmina Alfa", "Pracownia szkolna"]
    assert "Project (id)" not in html
    html = client.get(URL, {"project": school.pk}).content.decode()
    assert "FV/S/1" in html and "FV/A/1" not in html
    assert re.search(rf'<option value="{school.pk}" selected>Pracownia szkolna</option>', html)
    # another office's project is no choice, and shows nothing of it
    html = client.get(URL, {"project": beta.pk}).content.decode()
    assert "FV/B/1" not in html and "Cyfrowa Gmina Beta" not in html


def test_the_list_names_and_links_the_project(world, client, projects):
    alfa, school, _beta = projects
    client.force_login(world.viewer_a)
    html = client.get(URL).content.decode()
    assert "<th" in html and ">Project" in html
    assert f'<a href="{alfa.get_absolute_url()}">Cyfrowa Gmina Alfa</a>' in html
    assert f'<a href="{school.get_absolute_url()}">Pracownia szkolna</a>' in html
    html = client.get(URL, {"ordering": "-project"}).content.decode()
    assert html.index("FV/S/1") < html.index("FV/A/1")


def test_exports_have_the_project_as_plain_text(world, client, projects):
    client.force_login(world.viewer_a)
    csv_text = b"".join(client.get(URL, {"export": "csv"}).streaming_content).decode("utf-8-sig")
    header, *rows = csv_text.splitlines()
    assert header.split(";")[:3] == ["Document number", "Document date", "Project"]
    assert sorted(row.split(";")[2] for row in rows) == ["Cyfrowa Gmina Alfa", "Pracownia szkolna"]
    assert "<a" not in csv_text
    response = client.get(URL, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][2] == "Project"
    assert sorted(row[2] for row in values[1:]) == ["Cyfrowa Gmina Alfa", "Pracownia szkolna"]


def test_the_list_and_its_export_queries_do_not_grow_with_projects(world, client, projects):
    client.force_login(world.admin_a)

    def count(**params):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, params)
            if params:
                b"".join(response.streaming_content)
        return len(queries)

    count()
    few, few_csv = count(), count(export="csv")
    for n in range(5):
        expenditure(GrantProjectFactory(organization=world.org_a, title=f"Projekt {n}"))
    assert (count(), count(export="csv")) == (few, few_csv)


def test_the_api_filters_by_project_and_refuses_a_project_it_cannot_see(world, api_client, projects):
    alfa, _school, beta = projects
    api_client.force_authenticate(world.viewer_a)
    body = api_client.get("/api/v1/expenditures/", {"project": alfa.pk}).json()
    assert [row["document_number"] for row in body["results"]] == ["FV/A/1"]
    response = api_client.get("/api/v1/expenditures/", {"project": beta.pk})
    assert response.status_code == 400 and set(response.json()) == {"message", "fields"}
    assert "project" in response.json()["fields"]


def test_an_export_imports_back_with_the_project_column_left_aside(world, client, projects):
    from decimal import Decimal

    from magistrat.grants import services
    from magistrat.grants.imports import expenditure_import

    alfa = projects[0]
    client.force_login(world.viewer_a)
    exported = b"".join(client.get(URL, {"project": alfa.pk, "export": "csv"}).streaming_content)
    copy = GrantProjectFactory(organization=world.org_a, title="Kopia")
    services.budget_line_create(user=world.admin_a, project=copy, area="hardware", name="Sprzęt",
                                planned_amount=Decimal("100000"))
    report = expenditure_import(user=world.admin_a, project=copy, source=exported, dry_run=True)
    assert report.errors == [] and report.to_create == 1
    assert report.unknown_columns == ["Project"]


def test_the_nip_is_written_with_dashes_and_the_saved_message_ends_once(world, client):
    project = GrantProjectFactory(organization=world.org_a)
    saved = expenditure(project, supplier_name="ABC sp. z o.o.", supplier_nip="5260001246")
    client.force_login(world.viewer_a)
    listed = client.get(reverse("grants:expenditure_list")).content.decode()
    assert "526-000-12-46" not in listed        # under "Columns": the screen fits the amounts
    chosen = client.get(reverse("grants:expenditure_list"), {"col": ["document_number", "supplier_nip_display"]})
    assert "526-000-12-46" in chosen.content.decode()
    # The file carries the NIP (and the amounts) whatever the screen shows: the import reads it back.
    exported = b"".join(client.get(reverse("grants:expenditure_list"), {"export": "csv"}).streaming_content)
    assert "526-000-12-46" in exported.decode("utf-8-sig") and "1230" in exported.decode("utf-8-sig").replace(" ", "")
    assert "526-000-12-46" in client.get(saved.get_absolute_url()).content.decode()
    client.force_login(world.admin_a)
    response = client.post(reverse("grants:child_edit", args=["expenditures", saved.pk]), {
        "budget_line": saved.budget_line_id, "document_number": "FV/1/2023", "document_date": "2022-06-01",
        "supplier_name": "ABC sp. z o.o.", "supplier_nip": "526-000-12-46", "description": "Zakup",
        "net_amount": "1000,00", "vat_amount": "230,00", "gross_amount": "1230,00"}, follow=True)
    html = response.content.decode()
    assert "FV/1/2023 ABC sp. z o.o." in html and "o.o.." not in html


def test_the_totals_row_sums_every_filtered_row_not_just_the_page(world, client):
    import datetime

    project = GrantProjectFactory(organization=world.org_a, title="Cyfrowa Gmina Alfa")
    for n in range(30):                                     # two pages of 25
        expenditure(project, gross="4932.63", document_number=f"FV/{n:02}/2022")
    expenditure(project, gross="1230.00", document_number="FV/2019/1", document_date=datetime.date(2019, 12, 1))
    client.force_login(world.viewer_a)
    html = client.get(URL, {"project": project.pk}).content.decode()
    footer = html[html.index('<tfoot class="list-totals">'):html.index("</tfoot>")]
    # 30 × 4 932,63 + 1 230,00 = 149 208,90 gross; the one from 2019 does not count.
    assert "Total of 31 documents" in footer
    assert "149\xa0208,90\xa0zł" in footer and "counted towards the settlement: 147\xa0978,90\xa0zł" in footer
    assert "121\xa0308,10\xa0zł" in footer                 # net: 30 × 4 010,27 + 1 000,00
    cells = [label for label in re.findall(r'<td data-label="([^"]*)">', footer) if label]
    assert cells == ["Net", "VAT", "Gross", "Eligible amount"]
    html = client.get(URL, {"project": project.pk, "search": "FV/2019"}).content.decode()
    footer = html[html.index('<tfoot class="list-totals">'):html.index("</tfoot>")]
    assert "Total of 1 document<" in footer and "1\xa0230,00\xa0zł" in footer
    assert "<tfoot" not in client.get(URL, {"search": "nic takiego"}).content.decode()


def test_the_list_shows_what_a_coordinator_checks(world, client, projects):
    client.force_login(world.viewer_a)
    html = client.get(URL).content.decode()
    header = html[html.index("<thead>"):html.index("</thead>")]
    for label in ("Document number", "Document date", "Supplier", "Description", "Net", "VAT", "Gross",
                  "Eligible amount", "Budget line", "Payment date"):
        assert label in header
    assert "1\xa0230,00\xa0zł" in html
