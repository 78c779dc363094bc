"""Indicators count what they are told to, and a misspelled category or area is an error."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from magistrat.grants import selectors, services
from magistrat.inventory.tests.factories import AssetFactory, category

from .factories import GrantProjectFactory, expenditure


@pytest.fixture
def project(world):
    project = GrantProjectFactory(organization=world.org_a)
    line = services.budget_line_create(user=world.admin_a, project=project, area="hardware", name="Sprzęt",
                                       planned_amount=Decimal("400000"))
    expenditure(project, gross="382000.00", line=line,
                assets=[AssetFactory(organization=world.org_a, category=category("laptop")) for _ in range(3)])
    return project


def test_the_polish_name_of_a_cost_area_counts(world, project):
    indicator = services.indicator_create(user=world.admin_a, project=project, code="W9", name="Wydatki na sprzęt",
                                          unit="zł", target=Decimal("400000"), source="area", source_filter="sprzęt")
    assert indicator.source_filter == "hardware"
    assert selectors.indicator_achieved(indicator) == Decimal("382000.00")


def test_a_misspelled_area_or_category_is_an_error_not_zero(world, project, english):
    with pytest.raises(ValidationError) as error:
        services.indicator_create(user=world.admin_a, project=project, code="W9", name="Wydatki", unit="zł",
                                  target=Decimal("1"), source="area", source_filter="sprzent")
    message = error.value.message_dict["source_filter"][0]
    assert "“sprzent” is not a cost area; the areas are: hardware (sprzęt)" in message
    with pytest.raises(ValidationError) as error:
        services.indicator_create(user=world.admin_a, project=project, code="W9", name="Laptopy", unit="szt.",
                                  target=Decimal("1"), source="assets", source_filter="laptopy")
    assert "No equipment category “laptopy”" in error.value.message_dict["source_filter"][0]
    assert "laptop" in error.value.message_dict["source_filter"][0]
    indicator = project.indicators.get(code="W1")
    with pytest.raises(ValidationError):
        services.indicator_update(user=world.admin_a, indicator=indicator, source_filter="komputr")


def test_the_web_form_offers_categories_and_areas_to_tick(world, client, project):
    client.force_login(world.admin_a)
    url = reverse("grants:child_add", args=[project.pk, "indicators"])
    html = client.get(url).content.decode()
    assert 'value="laptop"' in html and 'value="hardware"' in html
    response = client.post(url, {"code": "W8", "name": "Laptopy", "unit": "szt.", "target": "3",
                                 "source": "assets", "categories": ["laptop"]})
    assert response.status_code == 302
    indicator = project.indicators.get(code="W8")
    assert indicator.source_filter == "laptop" and selectors.indicator_achieved(indicator) == 3
    response = client.post(url, {"code": "W7", "name": "Wydatki", "unit": "zł", "target": "1", "source": "area"})
    assert response.status_code == 400
    html = client.get(reverse("grants:child_edit", args=["indicators", indicator.pk])).content.decode()
    assert re.search(r'<input[^>]*value="laptop"[^>]*checked', html)


def test_money_indicators_read_as_money_on_the_tab(world, client, project):
    services.indicator_create(user=world.admin_a, project=project, code="W9", name="Wydatki na sprzęt", unit="zł",
                              target=Decimal("400000"), source="area", source_filter="hardware")
    client.force_login(world.viewer_a)
    html = client.get(project.get_absolute_url(), {"tab": "indicators"}).content.decode()
    assert "382\xa0000,00\xa0zł" in html and "400\xa0000,00\xa0zł" in html and "382000" not in html
    assert "15\xa0szt." in html                                   # W1's target, a count
    assert "sprzęt" in html                                        # the area by its name


def test_the_api_answers_the_achieved_value_in_a_few_queries(world, api_client, project):
    services.indicator_create(user=world.admin_a, project=project, code="W9", name="Wydatki na sprzęt", unit="zł",
                              target=Decimal("400000"), source="area", source_filter="hardware")
    api_client.force_authenticate(world.viewer_a)
    rows = {r["code"]: r for r in api_client.get("/api/v1/indicators/", {"project": project.pk}).json()["results"]}
    assert rows["W1"]["achieved"] == "3.00" and rows["W9"]["achieved"] == "382000.00"
    assert rows["W3"]["achieved"] is None and rows["W3"]["achieved_manual"] is None
    other = GrantProjectFactory(organization=world.org_a)
    expenditure(other, gross="100.00", assets=[AssetFactory(organization=world.org_a)])
    with CaptureQueriesContext(connection) as two_projects:
        api_client.get("/api/v1/indicators/")
    for _ in range(3):
        GrantProjectFactory(organization=world.org_a)
    with CaptureQueriesContext(connection) as five_projects:
        api_client.get("/api/v1/indicators/")
    assert len(five_projects) == len(two_projects)
