"""Warnings of an expenditure are said when it is saved — on the screen right after saving, and
in the API's answer — not only later on the Budget tab. Warnings never stop a save."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from magistrat.grants import services
from magistrat.grants.models import Expenditure
from magistrat.inventory.tests.factories import AssetFactory

from .factories import GrantProjectFactory, expenditure

pytestmark = pytest.mark.usefixtures("english")

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}   # the API's choice; screens follow the language cookie
ABOVE_GROSS = "The eligible amount is above the gross amount: only the gross amount counts towards the settlement."
# The warning names the date and the programme's window, so that the coordinator need not look them up.
OUTSIDE = ("The document date {date} is outside the programme's eligibility window (01.02.2020–30.09.2023): the "
           "document does not count towards the settlement.")
OVER_GRANT = "Eligible expenditure is above the grant amount."


@pytest.fixture
def project(world):
    project = GrantProjectFactory(organization=world.org_a, granted_amount=Decimal("10000.00"))
    services.budget_line_create(user=world.admin_a, project=project, area="hardware", name="Sprzęt",
                                planned_amount=Decimal("5000.00"))
    return project


def form(project, **changes):
    data = {"budget_line": project.budget_lines.get().pk, "document_number": "FV/1/2022",
            "document_date": "01.06.2022", "supplier_name": "Dostawca", "description": "Komputery",
            "net_amount": "1000.00", "vat_amount": "230.00", "gross_amount": "1230.00",
            "eligible_amount": "", "payment_date": "", "notes": ""}
    return {**data, **changes}


def shown(response) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def test_a_clean_expenditure_is_just_saved(world, client, project):
    client.force_login(world.admin_a)
    response = client.post(reverse("grants:child_add", args=[project.pk, "expenditures"]), form(project))
    assert response.status_code == 302
    assert shown(response) == [("success", "Saved: FV/1/2022 Dostawca.")]


def test_saving_says_every_warning_at_once(world, client, project):
    client.force_login(world.admin_a)
    response = client.post(reverse("grants:child_add", args=[project.pk, "expenditures"]), form(
        project, net_amount="5000.00", vat_amount="1150.00", gross_amount="6150.00", eligible_amount="12000.00"))
    assert response.status_code == 302
    assert Expenditure.objects.filter(project=project).count() == 1   # warnings do not stop the save
    # 12 000 zł entered, but only the gross 6 150 zł counts: above the 5 000 zł plan, within the grant.
    assert shown(response) == [
        ("success", "Saved: FV/1/2022 Dostawca."),
        ("warning", ABOVE_GROSS),
        ("warning", "Sprzęt: eligible expenditure is above the plan."),
    ]
    page = client.get(response["Location"]).content.decode()
    assert 'class="message message-warning"' in page and "eligible expenditure is above the plan" in page


def test_a_document_outside_the_eligibility_window_is_saved_but_does_not_count(world, client, project):
    client.force_login(world.admin_a)
    response = client.post(reverse("grants:child_add", args=[project.pk, "expenditures"]), form(
        project, document_date="15.12.2019", net_amount="10000.00", vat_amount="2300.00",
        gross_amount="12300.00"))
    assert response.status_code == 302
    # Above the plan and the grant as entered, but it does not count: only its own warning.
    assert shown(response) == [("success", "Saved: FV/1/2022 Dostawca."),
                               ("warning", OUTSIDE.format(date="15.12.2019"))]
    page = client.get(f"{project.get_absolute_url()}?tab=expenditures").content.decode()
    assert "0,00\xa0zł" in page and "entered 12\xa0300,00\xa0zł, not counted in full" in page


def test_editing_an_expenditure_that_tips_the_budget_over_says_so(world, client, project):
    expenditure(project, gross="4000.00", line=project.budget_lines.get())
    second = expenditure(project, gross="500.00", line=project.budget_lines.get())
    client.force_login(world.admin_a)
    response = client.post(reverse("grants:child_edit", args=["expenditures", second.pk]), form(
        project, document_number=second.document_number, net_amount="1000.00", vat_amount="230.00",
        gross_amount="1230.00"))
    assert response.status_code == 302
    assert ("warning", "Sprzęt: eligible expenditure is above the plan.") in shown(response)
    assert ("warning", OVER_GRANT) not in shown(response)   # 5 230 zł of a 10 000 zł grant


def test_the_expenditure_page_shows_its_warnings_too(world, client, project):
    saved = expenditure(project, gross="6000.00", line=project.budget_lines.get())
    client.force_login(world.viewer_a)
    page = client.get(saved.get_absolute_url()).content.decode()
    assert "Sprzęt: eligible expenditure is above the plan." in page


class TestApi:
    def payload(self, project, **changes):
        return {"project": project.pk, "budget_line": project.budget_lines.get().pk,
                "document_number": "FV/9/2022", "document_date": "2022-06-01", "supplier_name": "Dostawca",
                "description": "Komputery", "net_amount": "1000.00", "vat_amount": "230.00",
                "gross_amount": "1230.00", **changes}

    def test_create_and_update_answer_with_the_warnings(self, world, api_client, project):
        api_client.force_authenticate(world.admin_a)
        response = api_client.post("/api/v1/expenditures/", self.payload(project, eligible_amount="1500.00"),
                                   format="json", **EN)
        assert response.status_code == 201, response.json()
        assert response.json()["warnings"] == [ABOVE_GROSS]
        url = f"/api/v1/expenditures/{response.json()['id']}/"
        response = api_client.patch(url, {"net_amount": "9000.00", "vat_amount": "2070.00",
                                          "gross_amount": "11070.00", "eligible_amount": "11070.00"},
                                    format="json", **EN)
        assert response.status_code == 200
        assert response.json()["warnings"] == ["Sprzęt: eligible expenditure is above the plan.", OVER_GRANT]
        assert api_client.get(url, **EN).json()["warnings"] == response.json()["warnings"]

    def test_warnings_are_read_only(self, world, api_client, project):
        api_client.force_authenticate(world.admin_a)
        response = api_client.post("/api/v1/expenditures/", self.payload(project, warnings=["nic"]),
                                   format="json", **EN)
        assert response.status_code == 201 and response.json()["warnings"] == []

    def test_the_list_works_warnings_out_in_a_few_queries(self, world, api_client, project):
        api_client.force_authenticate(world.admin_a)
        line = project.budget_lines.get()
        expenditure(project, gross="100.00", line=line, assets=[AssetFactory(organization=world.org_a)])
        api_client.get("/api/v1/expenditures/")
        with CaptureQueriesContext(connection) as few:
            assert api_client.get("/api/v1/expenditures/").status_code == 200
        for n in range(6):
            expenditure(project, gross="1000.00", line=line, assets=[AssetFactory(organization=world.org_a)],
                        document_date=datetime.date(2019, 1, 1 + n))
        with CaptureQueriesContext(connection) as many:
            body = api_client.get("/api/v1/expenditures/", **EN).json()
        assert len(many) == len(few)
        warned = [row for row in body["results"]
                  if OUTSIDE.format(date=f"0{row['document_date'][-1]}.01.2019") in row["warnings"]]
        assert len(warned) == 6 and all(row["counted_amount"] == "0.00" for row in warned)
        # 6 000 zł outside the window do not count: the 5 000 zł plan is not exceeded.
        assert not any("Sprzęt: eligible expenditure is above the plan." in row["warnings"]
                       for row in body["results"])
        expenditure(project, gross="5000.00", line=line)
        body = api_client.get("/api/v1/expenditures/", **EN).json()
        assert all("Sprzęt: eligible expenditure is above the plan." in row["warnings"] for row in body["results"])
