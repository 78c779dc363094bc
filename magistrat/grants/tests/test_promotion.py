"""Promotion duties: the code is not asked for (one is given), and shown in the duty's row;
the form's labels read like the others."""

import pytest
from django.urls import reverse

from magistrat.grants import services

from .factories import GrantProjectFactory

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def project(world):
    return GrantProjectFactory(organization=world.org_a)


def test_a_duty_needs_no_code_and_gets_one(world, client, project):
    client.force_login(world.admin_a)
    url = reverse("grants:child_add", args=[project.pk, "promotion"])
    form = client.get(url).content.decode()
    assert '<label for="id_evidence_url">Evidence (address)</label>' in form
    assert 'name="code"' in form and 'id="id_code" required' not in form
    response = client.post(url, {"code": "", "name": "Tablica informacyjna przy serwerowni",
                                 "evidence_url": "mikstat.pl/cyfrowa-gmina"})
    assert response.status_code == 302
    duty = project.promotion_items.get(name="Tablica informacyjna przy serwerowni")
    assert duty.code == f"P{project.promotion_items.count()}"
    assert duty.evidence_url == "https://mikstat.pl/cyfrowa-gmina"
    assert f">{duty.code}<" in client.get(f"{project.get_absolute_url()}?tab=promotion").content.decode()
    second = services.promotion_item_create(user=world.admin_a, project=project, name="Naklejki")
    assert second.code != duty.code
    services.promotion_item_update(user=world.admin_a, promotionitem=second, code=" ")
    second.refresh_from_db()
    assert second.code and second.code != duty.code


def test_the_api_takes_a_duty_without_a_code(world, api_client, project):
    api_client.force_authenticate(world.admin_a)
    response = api_client.post("/api/v1/promotion-items/", {"project": project.pk, "name": "Naklejki na sprzęt"},
                               format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["code"] == f"P{project.promotion_items.count()}"
