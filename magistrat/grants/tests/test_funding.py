"""Funding sources: shares of the project's value everywhere, entered as amounts or as shares,
and a warning wherever they do not add up."""

from decimal import Decimal

from django.urls import reverse

from magistrat.grants import services, settlement

from .factories import GrantProjectFactory, program


def test_the_funding_tab_shows_the_shares_the_settlement_report_shows(world, client):
    project = GrantProjectFactory(organization=world.org_a, granted_amount=Decimal("100000.00"))
    services.funding_source_create(user=world.admin_a, project=project, kind="own", amount=Decimal("10000.00"))
    client.force_login(world.viewer_a)
    html = client.get(project.get_absolute_url(), {"tab": "funding"}).content.decode()
    assert "90,91%" in html and "9,09%" in html and "100,00%" in html
    assert "107" not in html and "10,00%" not in html
    shares = [round(source.share * 100, 2) for source in settlement.gather(project).sources]
    assert shares == [Decimal("90.91"), Decimal("9.09")]


def test_sources_that_do_not_add_up_are_warned_on_the_tab_and_after_saving(world, client):
    project = GrantProjectFactory(organization=world.org_a, granted_amount=Decimal("100000.00"))
    client.force_login(world.admin_a)
    response = client.post(reverse("grants:child_add", args=[project.pk, "funding-sources"]),
                           {"kind": "state", "amount": "5 000,00"}, follow=True)
    html = response.content.decode()
    message = "Źródła finansowania sumują się do 105\xa0000,00\xa0zł, a nie do wartości projektu"
    assert message in html                     # after saving, on the funding tab it returns to
    assert message in client.get(project.get_absolute_url(), {"tab": "funding"}).content.decode()
    assert message in client.get(project.get_absolute_url(), {"tab": "budget"}).content.decode()


def test_a_source_entered_as_a_share_of_the_project_s_value(world, client):
    project = GrantProjectFactory(organization=world.org_a, program=program("inny"),
                                  granted_amount=Decimal("200000.00"))
    client.force_login(world.admin_a)
    url = reverse("grants:child_add", args=[project.pk, "funding-sources"])
    assert client.post(url, {"kind": "own", "share": "4"}).status_code == 302
    assert client.post(url, {"kind": "eu", "share": "81"}).status_code == 302
    own, eu = project.funding_sources.order_by("id")
    assert own.amount == Decimal("8333.33")              # 4% of 208 333,33
    assert eu.amount == Decimal("168750.00")             # 81% of 208 333,33
    response = client.post(url, {"kind": "state"})
    assert response.status_code == 400 and "Podaj kwotę albo udział" in response.content.decode()
    response = client.post(url, {"kind": "own", "share": "100"})
    assert response.status_code == 400


def test_the_api_takes_and_gives_shares(world, api_client):
    project = GrantProjectFactory(organization=world.org_a, program=program("inny"),
                                  granted_amount=Decimal("100000.00"))
    api_client.force_authenticate(world.admin_a)
    response = api_client.post("/api/v1/funding-sources/", {"project": project.pk, "kind": "eu", "share": "81"},
                               format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["amount"] == "81000.00" and response.json()["share"] == "81.00"
    source = response.json()["id"]
    response = api_client.patch(f"/api/v1/funding-sources/{source}/", {"share": "100"}, format="json")
    assert response.json()["amount"] == "100000.00"
    api_client.post("/api/v1/funding-sources/", {"project": project.pk, "kind": "own", "amount": "25000"},
                    format="json")
    listed = api_client.get("/api/v1/funding-sources/", {"project": project.pk}).json()["results"]
    assert [row["share"] for row in listed] == ["80.00", "20.00"]
    response = api_client.post("/api/v1/funding-sources/", {"project": project.pk, "kind": "state"}, format="json")
    assert response.status_code == 400 and "amount" in response.json()["fields"]
